-- boundary shapes whose bounding box is not longitude and latitude (a file in metres read as degrees):
-- the map cannot draw them
select kode, lon_min, lat_min, lon_max, lat_max
from batas_wilayah
where lon_min < -180 or lon_max > 180 or lat_min < -90 or lat_max > 90
