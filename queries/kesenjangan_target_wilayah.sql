-- kesenjangan_target_wilayah: one row per kecamatan or desa (level $tingkat) inside region $wilayah at the end
-- of month $bulan: active participants, workers who should be covered, UCJ %, the kabupaten's target for
-- the year and the people still needed to reach it; the largest gaps first.
-- $wilayah: region code; $tingkat: 'kecamatan' or 'desa_kelurahan'; $bulan: first day of the month
-- region: $wilayah
-- counts: peserta_aktif, pekerja_wajib, kurang_ke_target
select
    c.kode_wilayah,
    w.nama,
    c.peserta_aktif,
    c.pekerja_wajib,
    c.cakupan_pct,
    cast(t.target_pct as double) as target_pct,
    kurang_ke_target(t.target_pct, c.pekerja_wajib, c.peserta_aktif) as kurang_ke_target
from mart_cakupan_wilayah_bulan as c
join wilayah as w on w.kode = c.kode_wilayah
left join target_ucj as t on t.kode_wilayah = w.kode_kabupaten and t.tahun = year(c.bulan)
where c.tingkat = $tingkat
  and c.bulan = $bulan
  and starts_with(c.kode_wilayah || '.', $wilayah || '.')
order by kurang_ke_target desc nulls last, c.kode_wilayah
