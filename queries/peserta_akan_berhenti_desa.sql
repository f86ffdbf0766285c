-- peserta_akan_berhenti_desa: one row per desa of region $wilayah with participants whose last covered day
-- falls from $dari to $sampai, both included (contributions lapsing unless renewed), by funding source. Counts only:
-- lists of people belong behind access control. Read from mart_peserta_berakhir_desa (stored in desa order).
-- $wilayah: region code; $dari, $sampai: dates
-- region: $wilayah
-- counts: peserta
-- region column: kode_desa
-- groups: sumber_dana; kode_desa
select
    m.kode_desa,
    w.nama,
    m.sumber_dana,
    cast(sum(m.peserta) as bigint) as peserta
from mart_peserta_berakhir_desa as m
join wilayah as w on w.kode = m.kode_desa
where di_dalam(m.kode_desa, $wilayah)
  and m.aktif_sampai >= $dari
  and m.aktif_sampai <= $sampai
group by all
order by peserta desc, m.kode_desa, m.sumber_dana
