-- kesenjangan_target_wilayah: one row per kecamatan or desa (level $tingkat) inside region $wilayah at the end
-- of month $bulan: active participants, workers who should be covered, UCJ %, the kabupaten's target for
-- the year and the people still needed to reach it; the largest gaps first.
-- $wilayah: region code; $tingkat: 'kecamatan' or 'desa_kelurahan'; $bulan: first day of the month
-- region: $wilayah
-- counts: peserta_aktif -> cakupan_pct kurang_ke_target, pekerja_wajib -> cakupan_pct kurang_ke_target
-- region column: kode_wilayah
-- Read from mart_perbandingan_wilayah (one level's regions of one month lie together); the target is the region's
-- own, else its kabupaten/kota's, as in cakupan_target (07_cakupan_target.sql).
select
    m.kode_wilayah,
    m.nama,
    m.peserta_aktif,
    m.pekerja_wajib,
    m.cakupan_pct,
    cast(coalesce(own.target_pct, kab.target_pct) as double) as target_pct,
    kurang_ke_target(coalesce(own.target_pct, kab.target_pct), m.pekerja_wajib, m.peserta_aktif) as kurang_ke_target
from mart_perbandingan_wilayah as m
left join target_ucj as own on own.kode_wilayah = m.kode_wilayah and own.tahun = year(m.bulan)
left join target_ucj as kab on kab.kode_wilayah = m.kode_kabupaten and kab.tahun = year(m.bulan)
where m.bulan = $bulan
  and m.tingkat = $tingkat
  and di_dalam(m.kode_wilayah, $wilayah)
order by kurang_ke_target desc nulls last, m.kode_wilayah
