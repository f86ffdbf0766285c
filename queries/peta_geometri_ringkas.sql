-- peta_geometri_ringkas: one row: the stored shapes at level $tingkat inside region $wilayah ('ID': all Indonesia) joined
-- into the features of a GeoJSON FeatureCollection ready to send (each feature's id is its code), in the overview
-- drawing made at load for a map of a whole province or Indonesia (the detail where a shape loaded before the
-- overview existed has none), with their codes, how many, and their bounding box. As peta_geometri otherwise.
-- $wilayah: region code or 'ID'; $tingkat: level of the shapes
-- region: $wilayah
-- counts: none
select
    string_agg('{"type":"Feature","id":"' || kode || '","geometry":'
               || coalesce(geojson_ringkas, geojson) || '}',
               ',' order by kode) as fitur,
    coalesce(list(kode order by kode), []) as kode,
    count(*) as bentuk,
    min(lon_min) as lon_min,
    min(lat_min) as lat_min,
    max(lon_max) as lon_max,
    max(lat_max) as lat_max
from batas_wilayah
where tingkat = $tingkat
  and ($wilayah = 'ID' or di_dalam(kode, $wilayah))
