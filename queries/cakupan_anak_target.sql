-- cakupan_anak_target: one row per region directly under $wilayah at the end of month $bulan: UCJ %, active
-- participants, workers who should be covered, and the target % for the month's year set for that region
-- or, failing that, for its kabupaten/kota (kecamatan and desa rarely have their own).
-- $wilayah: parent region code; $bulan: first day of the month
-- region: $wilayah
-- counts: peserta_aktif -> cakupan_pct, pekerja_wajib -> cakupan_pct
-- region column: kode_wilayah
select kode_wilayah, nama, peserta_aktif, pekerja_wajib, cakupan_pct, target_pct
from cakupan_target($bulan)
where kode_induk = $wilayah
order by kode_wilayah
