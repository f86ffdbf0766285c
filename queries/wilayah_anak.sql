-- wilayah_anak: one row per region directly under $wilayah_induk ('' or 'ID', Indonesia, for the provinsi),
-- ordered by code, for the drill-down selectors.
-- $wilayah_induk: parent region code, or '' or 'ID' for provinsi
-- region: none
-- counts: none
select kode, nama, tingkat
from wilayah
where tingkat <> 'nasional'
  and kode_induk is not distinct from nullif(nullif($wilayah_induk, ''), 'ID')
order by kode
