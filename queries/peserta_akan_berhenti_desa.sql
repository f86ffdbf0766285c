-- peserta_akan_berhenti_desa: one row per desa of region $wilayah with participants whose last covered day
-- falls from $dari to $sampai, both included (contributions lapsing unless renewed), by funding source. Counts only:
-- lists of people belong behind access control.
-- $wilayah: region code; $dari, $sampai: dates
-- region: $wilayah
-- counts: peserta
-- region column: kode_desa
-- groups: sumber_dana; kode_desa
select
    w.kode as kode_desa,
    w.nama,
    p.sumber_dana,
    count(*) as peserta
from peserta as p
join wilayah as w on w.kode = p.kode_desa
where $wilayah in (w.kode, w.kode_kecamatan, w.kode_kabupaten, w.kode_provinsi)
  and p.aktif_sampai >= $dari
  and p.aktif_sampai <= $sampai
group by all
order by peserta desc, w.kode, p.sumber_dana
