-- peserta_filter_bulan: one row for region $wilayah at the end of month $bulan: active, new and ended
-- participants of segment $segmen and worker group $kelompok ('' = all).
-- $wilayah: region code; $bulan: first day of the month; $segmen, $kelompok: filter values or ''
-- region: $wilayah
-- counts: peserta_aktif, peserta_baru, peserta_berhenti
select
    cast(coalesce(sum(peserta_aktif), 0) as integer) as peserta_aktif,
    cast(coalesce(sum(peserta_baru), 0) as integer) as peserta_baru,
    cast(coalesce(sum(peserta_berhenti), 0) as integer) as peserta_berhenti
from mart_peserta_wilayah_bulan
where kode_wilayah = $wilayah
  and bulan = $bulan
  and pilihan(segmen, $segmen)
  and pilihan(kelompok_pekerja, $kelompok)
