-- wilayah_anak: one row per region directly under $wilayah_induk ('' or 'ID', Indonesia, for the provinsi),
-- ordered by code, for the drill-down selectors.
-- $wilayah_induk: parent region code, or '' or 'ID' for provinsi
-- region: none
-- counts: none
-- A point lookup on mart_wilayah_anak, stored in kode_induk order ('ID' the provinces' parent).
select kode, nama, tingkat
from mart_wilayah_anak
where kode_induk = coalesce(nullif($wilayah_induk, ''), 'ID')
order by kode
