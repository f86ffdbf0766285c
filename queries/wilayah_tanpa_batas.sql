-- wilayah_tanpa_batas: one row per region of the wilayah reference at level $tingkat inside region $wilayah that
-- has no stored boundary shape at that level (the map cannot draw it): its code and name, in code order.
-- $wilayah: region code ('ID': all Indonesia); $tingkat: level
-- region: $wilayah
-- counts: none
-- Names of regions only, no figure; scoped like the map's figures, whose area the account may open.
select w.kode, w.nama
from wilayah as w
where w.tingkat = $tingkat
  and di_dalam(w.kode, $wilayah)
  and not exists (select 1 from batas_wilayah as b where b.kode = w.kode and b.tingkat = $tingkat)
order by w.kode
