-- sponsor_berakhir: one row per signed sponsorship agreement for region $wilayah (its own, its parents' or
-- its parts') whose last covered day falls from $dari to $sampai, both included: who pays, for how many, until when.
-- $wilayah: region code; $dari, $sampai: dates
-- region: $wilayah
-- counts: jumlah_pekerja
-- region column: kode_wilayah
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
