-- peserta_akan_berhenti_desa: one row per desa of region $wilayah with participants whose last covered day
-- falls from $dari to $sampai, both included (contributions lapsing unless renewed), by funding source. Counts only:
-- lists of people belong behind access control. Read from mart_peserta_berakhir_bulan (stored by month of the last
-- day, then desa), with the desa's name (a desa the reference lacks has none: left out).
-- $wilayah: region code; $dari, $sampai: dates
-- region: $wilayah
-- counts: peserta
-- region column: kode_desa
-- groups: sumber_dana; kode_desa
select
    kode_desa,
    nama,
    sumber_dana,
    cast(sum(peserta) as bigint) as peserta
from mart_peserta_berakhir_bulan
where bulan_berakhir >= date_trunc('month', cast($dari as date))
  and bulan_berakhir <= $sampai
  and aktif_sampai >= $dari
  and aktif_sampai <= $sampai
  and di_dalam(kode_desa, $wilayah)
  and nama is not null
group by all
order by peserta desc, kode_desa, sumber_dana
