-- mart_wilayah_anak: one row per region below Indonesia with its name, level and the region directly above it
-- (kode_induk; Indonesia, 'ID', above the provinsi, where wilayah has none). What the drill-down selectors
-- (wilayah_anak) read: stored in kode_induk, kode order, so one region's children lie together and a point
-- lookup on kode_induk reads only their blocks; in wilayah, stored in code order, the provinsi (kode_induk
-- null) are spread over the whole table. Built from wilayah alone.
create or replace table mart_wilayah_anak as
select coalesce(kode_induk, 'ID') as kode_induk, kode, nama, tingkat
from wilayah
where tingkat <> 'nasional'
order by kode_induk, kode;
