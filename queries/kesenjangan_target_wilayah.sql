-- kesenjangan_target_wilayah: one row per kecamatan or desa (level $tingkat) inside region $wilayah at the end
-- of month $bulan: active participants, workers who should be covered, UCJ %, the kabupaten's target for
-- the year and the people still needed to reach it; the largest gaps first.
-- $wilayah: region code; $tingkat: 'kecamatan' or 'desa_kelurahan'; $bulan: first day of the month
-- region: $wilayah
-- counts: peserta_aktif -> cakupan_pct kurang_ke_target, pekerja_wajib -> cakupan_pct kurang_ke_target
-- region column: kode_wilayah
select kode_wilayah, nama, peserta_aktif, pekerja_wajib, cakupan_pct, target_pct, kurang_ke_target
from cakupan_target($bulan)
where tingkat = $tingkat
  and di_dalam(kode_wilayah, $wilayah)
order by kurang_ke_target desc nulls last, kode_wilayah
