-- wilayah_anak: one row per region directly under $wilayah_induk ('' for the top level, the provinsi),
-- ordered by code, for the drill-down selectors.
-- $wilayah_induk: parent region code, or '' for provinsi
-- region: none
-- counts: none
select kode, nama, tingkat
from wilayah
where kode_induk is not distinct from nullif($wilayah_induk, '')
order by kode
