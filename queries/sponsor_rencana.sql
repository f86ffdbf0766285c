-- sponsor_rencana: one row per planned (not yet signed) sponsorship for region $kode or a region inside it:
-- the simulator's starting values (a parent's plan cannot be attributed to one of its parts).
-- $kode: region code
select kode_perjanjian, nama, sumber_dana, jumlah_pekerja
from perjanjian_sponsor
where status = 'rencana'
  and (kode_wilayah = $kode or starts_with(kode_wilayah, $kode || '.'))
order by kode_perjanjian
