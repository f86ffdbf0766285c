-- sponsor_rencana: one row per planned (not yet signed) sponsorship for region $kode, its parents or its
-- parts: the simulator's starting values.
-- $kode: region code
select kode_perjanjian, nama, sumber_dana, jumlah_pekerja
from perjanjian_sponsor
where status = 'rencana'
  and (starts_with(kode_wilayah || '.', $kode || '.') or starts_with($kode || '.', kode_wilayah || '.'))
order by kode_perjanjian
