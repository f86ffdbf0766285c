-- peserta_akan_berhenti_anak: one row per region directly under $wilayah (the provinsi under 'ID') and funding
-- source, with participants whose last covered day falls from $dari to $sampai, both included; the Target page
-- above kabupaten level, where a row per desa would be thousands of rows nobody reads.
-- $wilayah: region code or 'ID'; $dari, $sampai: dates
-- region: $wilayah
-- counts: peserta
-- region column: kode
-- groups: sumber_dana; kode
-- Read from mart_peserta_berakhir_bulan (stored by month of the last day, then desa) and added up by the child's
-- code, the first characters of the desa's. The desa's name is not read (a column of strings, read for every row
-- of the window); so a desa the reference lacks counts here, where peserta_akan_berhenti_desa leaves it out.
select
    left(kode_desa, case when $wilayah = 'ID' then 2 when length($wilayah) = 8 then 13 else length($wilayah) + 3 end)
        as kode,
    sumber_dana,
    cast(sum(peserta) as bigint) as peserta
from mart_peserta_berakhir_bulan
where bulan_berakhir >= date_trunc('month', cast($dari as date))
  and bulan_berakhir <= $sampai
  and aktif_sampai >= $dari
  and aktif_sampai <= $sampai
  and di_dalam(kode_desa, $wilayah)
group by all
order by kode, sumber_dana
