-- kabupaten_kota: one row per kabupaten/kota in the warehouse's wilayah reference, by code.
-- No parameters.
select kode, nama
from wilayah
where tingkat = 'kabupaten_kota'
order by kode
