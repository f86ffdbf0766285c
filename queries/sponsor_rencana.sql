-- sponsor_rencana: one row per planned (not yet signed) sponsorship for region $wilayah or a region inside it:
-- the simulator's starting values (a parent's plan cannot be attributed to one of its parts).
-- $wilayah: region code
-- region: $wilayah
-- counts: jumlah_pekerja
-- groups: all
select kode_perjanjian, nama, sumber_dana, jumlah_pekerja
from perjanjian_sponsor
where status = 'rencana'
  and di_dalam(kode_wilayah, $wilayah)
order by kode_perjanjian
