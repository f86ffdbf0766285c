-- kabupaten_kota: one row per kabupaten/kota in the warehouse's wilayah reference, by code.
-- No parameters.
-- region: none
-- counts: none
select kode, nama
from wilayah
where tingkat = 'kabupaten_kota'
order by kode
