-- mart_peserta_berakhir_bulan: mart_peserta_berakhir_desa's rows (one per desa, funding source and last covered
-- day with participants whose cover ends that day) with the month of that day (bulan_berakhir) and the desa's name:
-- what the Target page's "cover ending soon" reads for a window of days without the reference table.
-- Built from mart_peserta_berakhir_desa. Stored in bulan_berakhir, kode_desa, aktif_sampai order: a window of 90
-- days reads the rows of four months whatever the region (all Indonesia's desa in it), and within each month one
-- region's desa lie together.
create or replace table mart_peserta_berakhir_bulan as
select
    cast(date_trunc('month', m.aktif_sampai) as date) as bulan_berakhir,
    m.kode_desa,
    m.aktif_sampai,
    m.sumber_dana,
    w.nama,
    m.peserta
from mart_peserta_berakhir_desa as m
left join wilayah as w on w.kode = m.kode_desa
order by bulan_berakhir, m.kode_desa, m.aktif_sampai;
