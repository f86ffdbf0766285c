-- desa_tanpa_batas: one row per desa/kelurahan of the wilayah reference with no stored shape.
-- (no parameters)
-- region: none
-- counts: none
select kode
from wilayah
where tingkat = 'desa_kelurahan'
  and kode not in (select kode from batas_wilayah)
order by kode
