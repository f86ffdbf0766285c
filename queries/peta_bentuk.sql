-- peta_bentuk: one row per stored boundary shape at level $tingkat inside region $wilayah (the region itself
-- when it is at that level): its code, the simplified GeoJSON geometry and its bounding box. Only the shapes
-- of the area in view are read.
-- $wilayah: region code; $tingkat: level of the shapes ('kabupaten_kota', 'kecamatan', 'desa_kelurahan')
-- region: $wilayah
-- counts: none
select kode, geojson, lon_min, lat_min, lon_max, lat_max
from batas_wilayah
where tingkat = $tingkat
  and di_dalam(kode, $wilayah)
order by kode
