-- tren_cakupan: one row per month for region $kode from the first month of the data to $bulan:
-- active participants per segment, workers who should be covered and UCJ %.
-- $kode: region code at any level; $bulan: first day of the last month shown
select
    bulan,
    peserta_aktif,
    aktif_pu,
    aktif_bpu,
    aktif_jakon,
    aktif_pmi,
    pekerja_wajib,
    cakupan_pct
from mart_cakupan_wilayah_bulan
where kode_wilayah = $kode
  and bulan <= $bulan
order by bulan
