-- tren_peserta_segmen: one row per month per segment for region $kode up to month $bulan: participants
-- active at month end and registered in the month, of segment $segmen and worker group $kelompok ('' = all).
-- $kode: region code; $bulan: first day of the last month; $segmen, $kelompok: filter values or ''
select
    bulan,
    segmen,
    cast(sum(peserta_aktif) as integer) as peserta_aktif,
    cast(sum(peserta_baru) as integer) as peserta_baru
from mart_peserta_wilayah_bulan
where kode_wilayah = $kode
  and bulan <= $bulan
  and ($segmen = '' or segmen = $segmen)
  and ($kelompok = '' or kelompok_pekerja = $kelompok)
group by bulan, segmen
order by bulan, segmen
