-- mart_peserta_wilayah_bulan: one row per region (any level) per month per segmen, kelompok_pekerja and
-- sumber_dana: active participants at month end, registered and ended during the month. It is
-- mart_peserta_desa_bulan rolled up, so that segment and worker-group filters work at every level.
-- asal: 'perorangan' or 'rekap', as in mart_peserta_desa_bulan; a count made for a kecamatan has no desa row.
-- $provinsi: the provinces (re)built.
-- refresh: by provinsi of kode_wilayah
create or replace table mart_peserta_wilayah_bulan as
with
desa as (
    select w.kode_provinsi, w.kode_kabupaten, w.kode_kecamatan, p.* replace (
        case when w.tingkat = 'desa_kelurahan' then p.kode_desa end as kode_desa)
    from mart_peserta_desa_bulan as p
    join wilayah as w on w.kode = p.kode_desa
    where list_contains($provinsi, w.kode_provinsi)
)

select
    rollup_kode(kode_provinsi, kode_kabupaten, kode_kecamatan, kode_desa) as kode_wilayah,
    rollup_tingkat(kode_kabupaten, kode_kecamatan, kode_desa) as tingkat,
    bulan,
    segmen,
    kelompok_pekerja,
    sumber_dana,
    asal,
    cast(sum(peserta_aktif) as integer) as peserta_aktif,
    cast(sum(peserta_baru) as integer) as peserta_baru,
    cast(sum(peserta_berhenti) as integer) as peserta_berhenti
from desa
group by bulan, segmen, kelompok_pekerja, sumber_dana, asal,
    rollup (kode_provinsi, kode_kabupaten, kode_kecamatan, kode_desa)
-- the grand total is dropped; so is a kecamatan count's empty desa
having grouping(kode_provinsi) = 0 and not (grouping(kode_desa) = 0 and kode_desa is null)
order by bulan, kode_wilayah;
