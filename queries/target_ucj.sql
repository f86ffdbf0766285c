-- target_ucj: one row for the UCJ target of region $wilayah in year $tahun: its own target if it has one,
-- else its kabupaten/kota's, else its provinsi's, with who set it.
-- $wilayah: region code; $tahun: year
-- region: $wilayah
-- counts: none
select t.target_pct, t.sumber, t.kode_wilayah
from wilayah as w
join target_ucj as t
    on t.tahun = $tahun
   and t.kode_wilayah in (w.kode, w.kode_kabupaten, w.kode_provinsi)
where w.kode = $wilayah
order by length(t.kode_wilayah) desc
limit 1
