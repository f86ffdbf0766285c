-- tren_peserta_segmen: one row per month per segment for region $wilayah up to month $bulan: participants
-- active at month end and registered in the month, of segment $segmen and worker group $kelompok ('' = all).
-- $wilayah: region code; $bulan: first day of the last month; $segmen, $kelompok: filter values or ''
-- region: $wilayah
-- counts: peserta_aktif, peserta_baru
select
    bulan,
    segmen,
    cast(sum(peserta_aktif) as integer) as peserta_aktif,
    cast(sum(peserta_baru) as integer) as peserta_baru
from mart_peserta_wilayah_bulan
where kode_wilayah = $wilayah
  and bulan <= $bulan
  and pilihan(segmen, $segmen)
  and pilihan(kelompok_pekerja, $kelompok)
group by bulan, segmen
order by bulan, segmen
