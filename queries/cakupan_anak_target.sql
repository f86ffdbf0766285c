-- cakupan_anak_target: one row per region directly under $wilayah at the end of month $bulan: UCJ %, active
-- participants, workers who should be covered, and the target % for the month's year set for that region
-- or, failing that, for its kabupaten/kota (kecamatan and desa rarely have their own).
-- $wilayah: parent region code; $bulan: first day of the month
-- region: $wilayah
-- counts: peserta_aktif -> cakupan_pct, pekerja_wajib -> cakupan_pct
-- region column: kode_wilayah
-- The children's rows of the month lie together in mart_cakupan_anak_bulan (stored by parent); the target as in
-- the macro cakupan_target (07_cakupan_target.sql).
select
    c.kode_wilayah,
    c.nama,
    c.peserta_aktif,
    c.pekerja_wajib,
    c.cakupan_pct,
    cast(coalesce(own.target_pct, kab.target_pct) as double) as target_pct
from mart_cakupan_anak_bulan as c
left join target_ucj as own on own.kode_wilayah = c.kode_wilayah and own.tahun = year(c.bulan)
left join target_ucj as kab on kab.kode_wilayah = c.kode_kabupaten and kab.tahun = year(c.bulan)
where c.kode_induk = $wilayah
  and c.bulan = $bulan
order by c.kode_wilayah
