-- wilayah_anak: one row per region directly under $kode_induk ('' for the top level, the provinsi),
-- ordered by code, for the drill-down selectors.
-- $kode_induk: parent region code, or '' for provinsi
select kode, nama, tingkat
from wilayah
where kode_induk is not distinct from nullif($kode_induk, '')
order by kode
