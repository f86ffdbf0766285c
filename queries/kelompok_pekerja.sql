-- kelompok_pekerja: one row per worker group: its code and name, for the filter.
-- (no parameters)
-- region: none
-- counts: none
select kode, nama
from kelompok_pekerja
order by nama
