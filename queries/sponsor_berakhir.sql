-- sponsor_berakhir: one row per signed sponsorship agreement for region $wilayah (its own, its parents' or
-- its parts') whose last covered day falls from $dari to $sampai, both included: who pays, for how many, until when.
-- $wilayah: region code; $dari, $sampai: dates
-- region: $wilayah
-- counts: none
-- (jumlah_pekerja is the size an agreement states, one of its terms, not a count of people found in the data:
-- it is not suppressed)
select
    kode_perjanjian,
    nama,
    sponsor,
    sumber_dana,
    kode_wilayah,
    jumlah_pekerja,
    mulai,
    selesai
from perjanjian_sponsor
where status = 'berlaku'
  and selesai >= $dari
  and selesai <= $sampai
  and (di_dalam(kode_wilayah, $wilayah) or di_dalam($wilayah, kode_wilayah))
order by selesai, kode_perjanjian
