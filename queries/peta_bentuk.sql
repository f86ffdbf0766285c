-- peta_bentuk: one row per stored boundary shape at level $tingkat inside region $kode (the region itself
-- when it is at that level): its code, the simplified GeoJSON geometry and its bounding box. Only the shapes
-- of the area in view are read.
-- $kode: region code; $tingkat: level of the shapes ('kabupaten_kota', 'kecamatan', 'desa_kelurahan')
select kode, geojson, lon_min, lat_min, lon_max, lat_max
from batas_wilayah
where tingkat = $tingkat
  and (kode = $kode or starts_with(kode, $kode || '.'))
order by kode
