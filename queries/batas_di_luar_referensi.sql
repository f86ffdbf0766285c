-- batas_di_luar_referensi: one row per stored shape from file $sumber whose code the wilayah reference lacks.
-- $sumber: the file's name as stored
-- region: none
-- counts: none
select kode
from batas_wilayah
where sumber = $sumber
  and kode not in (select kode from wilayah)
order by kode
