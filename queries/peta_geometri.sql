-- peta_geometri: one row: the stored shapes at level $tingkat inside region $wilayah ('ID': all Indonesia) joined
-- into the features of a GeoJSON FeatureCollection ready to send (each feature's id is its code), in the detail
-- drawing made at load (for an area of a kabupaten/kota or smaller; peta_geometri_ringkas is the overview), with
-- their codes, how many, and their bounding box. Nothing is simplified here. A code is digits and dots
-- (ucj.ingest.boundaries.normalise_code), so it stands in the JSON text as it is.
-- $wilayah: region code or 'ID'; $tingkat: level of the shapes
-- region: $wilayah
-- counts: none
select
    string_agg('{"type":"Feature","id":"' || kode || '","geometry":'
               || geojson || '}',
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
