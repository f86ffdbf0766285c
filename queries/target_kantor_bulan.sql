-- target_kantor_bulan: one row per branch office per kabupaten/kota per month of year $tahun up to month
-- $bulan, for the kabupaten of region $wilayah (or all kabupaten under it): target and realised new participants.
-- $wilayah: region code; $tahun: year; $bulan: first day of the last month
-- region: $wilayah
-- counts: target_peserta_baru, peserta_baru
-- region column: kode_kabupaten
select
    m.kode_kantor,
    k.nama as nama_kantor,
    m.kode_kabupaten,
    w.nama as nama_kabupaten,
    m.bulan,
    m.target_peserta_baru,
    m.peserta_baru
from mart_kantor_bulan as m
join kantor_cabang as k on k.kode_kantor = m.kode_kantor
join wilayah as w on w.kode = m.kode_kabupaten
where year(m.bulan) = $tahun
  and m.bulan <= $bulan
  and (di_dalam(m.kode_kabupaten, $wilayah) or di_dalam($wilayah, m.kode_kabupaten))
order by m.kode_kantor, m.kode_kabupaten, m.bulan
