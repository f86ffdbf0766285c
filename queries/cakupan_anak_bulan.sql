-- cakupan_anak_bulan: one row per region directly under $kode at the end of month $bulan, with its
-- active participants, workers who should be covered and UCJ %; ordered by code.
-- $kode: parent region code; $bulan: first day of the month
select
    c.kode_wilayah,
    w.nama,
    c.peserta_aktif,
    c.pekerja_wajib,
    c.cakupan_pct
from mart_cakupan_wilayah_bulan as c
join wilayah as w on w.kode = c.kode_wilayah
where c.kode_induk = $kode
  and c.bulan = $bulan
order by c.kode_wilayah
