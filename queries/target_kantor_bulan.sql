-- target_kantor_bulan: one row per branch office per kabupaten/kota per month of year $tahun up to month
-- $bulan, for the kabupaten of region $wilayah (or all kabupaten under it): target and realised new participants.
-- $wilayah: region code; $tahun: year; $bulan: first day of the last month
-- region: $wilayah
-- counts: target_peserta_baru, peserta_baru
-- region column: kode_kabupaten
-- The names are mart_kantor_bulan's (an office or kabupaten/kota the reference lacks has none: left out); the
-- year is a range of months, which the zonemaps of bulan can use.
select
    kode_kantor,
    nama_kantor,
    kode_kabupaten,
    nama_kabupaten,
    bulan,
    target_peserta_baru,
    peserta_baru
from mart_kantor_bulan
where bulan >= make_date($tahun, 1, 1)
  and bulan < make_date($tahun + 1, 1, 1)
  and bulan <= $bulan
  and (di_dalam(kode_kabupaten, $wilayah) or di_dalam($wilayah, kode_kabupaten))
  and nama_kantor is not null
  and nama_kabupaten is not null
order by kode_kantor, kode_kabupaten, bulan
