-- cakupan_wilayah_bulan: one row for region $wilayah at the end of month $bulan: active participants
-- (and per segment), new participants, workers who should be covered, UCJ %, the denominator's source.
-- What the figures are made of:
--   aktif_rekap                 of peserta_aktif, those from counts (rekap) rather than persons
--   aktif_tanpa_desa            of peserta_aktif, those counted for a kecamatan as a whole, in no desa
--   kabupaten_tanpa_data        (provinsi) its kabupaten/kota with nothing loaded, not in its figures
--   pekerja_wajib_kabupaten     (kabupaten/kota, kecamatan, desa) the kabupaten/kota's own count of workers who
--                               should be covered, in force at the month's end; never spread over kecamatan and desa
-- No row for a region whose kabupaten/kota has nothing loaded.
-- $wilayah: region code at any level; $bulan: first day of the month
-- region: $wilayah
-- counts: peserta_aktif -> cakupan_pct, aktif_pu, aktif_bpu, aktif_jakon, aktif_pmi, peserta_baru, peserta_berhenti, pekerja_wajib -> cakupan_pct, aktif_rekap, aktif_tanpa_desa, pekerja_wajib_kabupaten
-- sums: peserta_aktif = aktif_pu + aktif_bpu + aktif_jakon + aktif_pmi
with
kabupaten_sendiri as (
    select k.jumlah_pekerja
    from pekerja_wajib_kabupaten as k
    where length($wilayah) >= 5
      and k.kode_kabupaten = substr($wilayah, 1, 5)
      and k.berlaku_mulai <= last_day(cast($bulan as date))
    order by k.berlaku_mulai desc
    limit 1
)

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
    c.desa_tanpa_pekerja_wajib,
    c.aktif_rekap,
    c.aktif_tanpa_desa,
    c.kabupaten_tanpa_data,
    k.jumlah_pekerja as pekerja_wajib_kabupaten
from mart_cakupan_wilayah_bulan as c
join wilayah as w on w.kode = c.kode_wilayah
left join kabupaten_sendiri as k on true
where c.kode_wilayah = $wilayah
  and c.bulan = $bulan
