-- target_ucj: one row for region $kode's UCJ target in year $tahun, if it has one: the % and who set it.
-- $kode: region code; $tahun: year
select target_pct, sumber
from target_ucj
where kode_wilayah = $kode
  and tahun = $tahun
