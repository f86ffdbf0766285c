-- wilayah_anak: one row per region directly under $wilayah_induk, ordered by code, for the drill-down selectors:
-- the provinsi under Indonesia ('ID', and '' as before), the kabupaten/kota under a provinsi, and so on.
-- $wilayah_induk: parent region code; 'ID' or '' for the provinsi
-- region: none
-- counts: none
select kode, nama, tingkat
from wilayah
where case when $wilayah_induk in ('', 'ID') then tingkat = 'provinsi'
           else kode_induk = $wilayah_induk end
order by kode
