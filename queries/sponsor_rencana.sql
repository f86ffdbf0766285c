-- sponsor_rencana: one row per planned (not yet signed) sponsorship for region $wilayah or a region inside it:
-- the simulator's starting values (a parent's plan cannot be attributed to one of its parts).
-- $wilayah: region code
-- region: $wilayah
-- counts: none
-- (jumlah_pekerja is the size an agreement states, one of its terms, not a count of people found in the data:
-- it is not suppressed)
select kode_perjanjian, nama, sumber_dana, jumlah_pekerja
from perjanjian_sponsor
where status = 'rencana'
  and di_dalam(kode_wilayah, $wilayah)
order by kode_perjanjian
