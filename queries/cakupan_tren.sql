-- cakupan_tren: one row per month for region $wilayah from $bulan_dari to $bulan_sampai: active participants,
-- workers who should be covered and UCJ % at the month's end.
-- $wilayah: region code; $bulan_dari, $bulan_sampai: first days of the first and last month
-- region: $wilayah
-- counts: peserta_aktif -> cakupan_pct, pekerja_wajib -> cakupan_pct
select bulan, peserta_aktif, pekerja_wajib, cakupan_pct
from mart_cakupan_wilayah_bulan
where kode_wilayah = $wilayah
  and bulan between $bulan_dari and $bulan_sampai
order by bulan
