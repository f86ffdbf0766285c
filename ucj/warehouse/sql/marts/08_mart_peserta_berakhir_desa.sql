-- mart_peserta_berakhir_desa: one row per desa, funding source (sumber_dana) and last covered day (aktif_sampai)
-- with participants whose cover ends that day: peserta, how many. What the Target page's "cover ending soon"
-- reads for any region and window of days without reading the participant table.
-- Stored in kode_desa, aktif_sampai order: one region's rows lie together.
-- $provinsi: the provinces (re)built.
-- refresh: by provinsi of kode_desa
create or replace table mart_peserta_berakhir_desa as
select
    kode_desa,
    sumber_dana,
    aktif_sampai,
    cast(count(*) as integer) as peserta
from peserta
where aktif_sampai is not null
  and di_provinsi(kode_desa, $provinsi)
group by all
order by kode_desa, aktif_sampai;
