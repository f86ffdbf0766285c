-- cakupan_wilayah_bulan: one row for region $wilayah at the end of month $bulan: active participants
-- (and per segment), new participants, workers who should be covered, UCJ %, the denominator's source.
-- $wilayah: region code at any level; $bulan: first day of the month
-- region: $wilayah
-- counts: peserta_aktif, aktif_pu, aktif_bpu, aktif_jakon, aktif_pmi, peserta_baru, peserta_berhenti, pekerja_wajib
select
    c.kode_wilayah,
    w.nama,
    c.tingkat,
    c.bulan,
    c.peserta_aktif,
    c.aktif_pu,
    c.aktif_bpu,
    c.aktif_jakon,
    c.aktif_pmi,
    c.peserta_baru,
    c.peserta_berhenti,
    c.pekerja_wajib,
    c.cakupan_pct,
    c.sumber_pekerja_wajib,
    c.tanggal_sumber_pekerja_wajib,
    c.desa_tanpa_pekerja_wajib
from mart_cakupan_wilayah_bulan as c
join wilayah as w on w.kode = c.kode_wilayah
where c.kode_wilayah = $wilayah
  and c.bulan = $bulan
