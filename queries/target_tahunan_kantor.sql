-- target_tahunan_kantor: one row per branch office per kabupaten/kota with monthly targets in year $tahun,
-- for the kabupaten of region $wilayah (or all under it): the year's target for new participants and how many
-- months after $bulan the office still serves the kabupaten that year (for the run-rate forecast).
-- $wilayah: region code; $tahun: year; $bulan: first day of the last month counted
-- region: $wilayah
-- counts: target_tahun
-- region column: kode_kabupaten
-- The year is a range of months (year(bulan) = $tahun costs a function call per row).
select
    t.kode_kantor,
    t.kode_kabupaten,
    cast(sum(t.target_peserta) as integer) as target_tahun,
    cast(count(*) filter (where t.bulan > $bulan) as integer) as bulan_tersisa
from target_peserta_baru as t
where t.bulan >= make_date($tahun, 1, 1)
  and t.bulan < make_date($tahun + 1, 1, 1)
  and (di_dalam(t.kode_kabupaten, $wilayah) or di_dalam($wilayah, t.kode_kabupaten))
group by t.kode_kantor, t.kode_kabupaten
order by t.kode_kantor, t.kode_kabupaten
