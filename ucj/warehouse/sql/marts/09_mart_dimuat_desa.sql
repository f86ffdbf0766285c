-- mart_dimuat_desa: one row per kind of person-grain data (peserta, klaim) per desa with rows of it: how many
-- (baris), the first and the last day they speak of (for participants the last registration; the last end of
-- cover up to a given day is read from mart_peserta_berakhir_desa, since it depends on the day asked), and the load
-- that last wrote one (impor_id). What data_dimuat reads for any area without reading the participant and claim
-- tables. Stored in kode_desa order.
-- $provinsi: the provinces (re)built.
-- refresh: by provinsi of kode_desa
create or replace table mart_dimuat_desa as
select
    'peserta' as jenis,
    kode_desa,
    count(*) as baris,
    min(tanggal_daftar) as tanggal_awal,
    max(tanggal_daftar) as tanggal_akhir,
    max(impor_id) as impor_id
from peserta
where di_provinsi(kode_desa, $provinsi)
group by kode_desa
union all
select 'klaim', kode_desa, count(*), min(tanggal_bayar), max(tanggal_bayar), max(impor_id)
from klaim
where di_provinsi(kode_desa, $provinsi)
group by kode_desa
order by kode_desa, jenis;
