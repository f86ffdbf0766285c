-- mart_peserta_wilayah_bulan: one row per region (any level, Indonesia 'ID' included) per month per segmen,
-- kelompok_pekerja, sumber_dana and asal: active participants at month end, registered and ended during the
-- month. It is mart_peserta_desa_bulan rolled up, so that segment and worker-group filters work at every level.
-- asal: 'perorangan' or 'rekap', as in mart_peserta_desa_bulan; a count made for a kecamatan has no desa row.
-- A view of two tables: the desa rows are mart_peserta_desa_bulan's own (not a copy: they are four fifths of the
-- rows), the levels above are mart_peserta_atas_desa_bulan, summed from kecamatan sums. A filter on kode_wilayah
-- reaches both tables' scans, each stored in code order.
-- Indonesia's rows ('ID', 'nasional') are the provinces' summed, again after a refresh of some provinces.
-- Stored in kode_wilayah, bulan order, so one region's rows (its trend) lie in few blocks.
-- $provinsi: the provinces (re)built.
-- refresh: by provinsi of kode_wilayah
create or replace table mart_peserta_atas_desa_bulan as
with
desa as (
    select p.*, w.tingkat, w.kode_kecamatan, w.kode_kabupaten, w.kode_provinsi
    from mart_peserta_desa_bulan as p
    join wilayah as w on w.kode = p.kode_desa
    where list_contains($provinsi, w.kode_provinsi)
      and di_provinsi(p.kode_desa, $provinsi)
),

kecamatan as (
    select kode_provinsi, kode_kabupaten, kode_kecamatan, bulan, segmen, kelompok_pekerja, sumber_dana, asal,
           sum(peserta_aktif) as peserta_aktif, sum(peserta_baru) as peserta_baru,
           sum(peserta_berhenti) as peserta_berhenti
    from desa
    group by all
),

rolled as (
    select
        rollup_kode(kode_provinsi, kode_kabupaten, kode_kecamatan, null) as kode_wilayah,
        rollup_tingkat(kode_provinsi, kode_kabupaten, kode_kecamatan, null) as tingkat,
        bulan, segmen, kelompok_pekerja, sumber_dana, asal,
        sum(peserta_aktif) as peserta_aktif,
        sum(peserta_baru) as peserta_baru,
        sum(peserta_berhenti) as peserta_berhenti
    from kecamatan
    group by bulan, segmen, kelompok_pekerja, sumber_dana, asal,
        rollup (kode_provinsi, kode_kabupaten, kode_kecamatan)
    having grouping(kode_provinsi) = 0
)

select
    kode_wilayah, tingkat, bulan, segmen, kelompok_pekerja, sumber_dana, asal,
    cast(peserta_aktif as integer) as peserta_aktif,
    cast(peserta_baru as integer) as peserta_baru,
    cast(peserta_berhenti as integer) as peserta_berhenti
from rolled
order by kode_wilayah, bulan;

delete from mart_peserta_atas_desa_bulan
where kode_wilayah = 'ID';

insert into mart_peserta_atas_desa_bulan
select
    'ID' as kode_wilayah,
    'nasional' as tingkat,
    bulan, segmen, kelompok_pekerja, sumber_dana, asal,
    cast(sum(peserta_aktif) as integer), cast(sum(peserta_baru) as integer), cast(sum(peserta_berhenti) as integer)
from mart_peserta_atas_desa_bulan
where tingkat = 'provinsi'
group by all
order by bulan;

-- the desa rows: mart_peserta_desa_bulan's rows of a desa (a count made for a kecamatan as a whole has the
-- kecamatan's 8-character code there, and is in the kecamatan's rows above)
create or replace view mart_peserta_wilayah_bulan as
select
    kode_desa as kode_wilayah,
    'desa_kelurahan' as tingkat,
    bulan, segmen, kelompok_pekerja, sumber_dana, asal,
    peserta_aktif, peserta_baru, peserta_berhenti
from mart_peserta_desa_bulan
where length(kode_desa) = 13
union all
select
    kode_wilayah, tingkat, bulan, segmen, kelompok_pekerja, sumber_dana, asal,
    peserta_aktif, peserta_baru, peserta_berhenti
from mart_peserta_atas_desa_bulan;
