-- mart_dimuat_wilayah: one row per area data is counted for (Indonesia 'ID', a provinsi, a kabupaten/kota) per
-- kind of data loaded for it (peserta, rekap, klaim, pekerja, target) with rows of it: how many (baris), the
-- first and the last day they speak of, where they came from (sumber, '; ' between) and the load that last
-- wrote one (impor_id). What data_dimuat reads for its area with one point lookup instead of summing the area's
-- desa. A row of a region counts for the areas it lies in (di_dalam): Indonesia, its provinsi, its kabupaten/kota.
--   di_atas        (target) the targets of the regions above the area, in a row of their own
--   hari_berakhir  (peserta) the days, ascending, on which someone's cover ends: tanggal_akhir is the last
--                  registration, and the last end of cover up to today depends on the day asked, so data_dimuat
--                  takes it from this list (as long as the days of the data, whatever the participants)
-- Built from mart_dimuat_desa, mart_peserta_berakhir_desa, mart_pekerja_wajib_desa and the small rekap_peserta,
-- pekerja_wajib_kabupaten and target_ucj, never from the participant or claim tables; a target load rebuilds it
-- (ucj/warehouse/loading.py). Stored in kode_wilayah order: one area's rows lie together.
create or replace table mart_dimuat_wilayah as
with
rows_loaded as (
    select jenis, kode_desa as kode, baris, tanggal_awal, tanggal_akhir, cast(null as varchar) as sumber, impor_id
    from mart_dimuat_desa
    union all
    select 'rekap', kode_wilayah, 1, bulan, last_day(bulan), sumber, impor_id
    from rekap_peserta
    union all
    select 'pekerja', kode_desa, 1, berlaku_mulai, tanggal_sumber, sumber, null
    from mart_pekerja_wajib_desa
    union all
    select 'pekerja', kode_kabupaten, 1, berlaku_mulai, tanggal_sumber, sumber, null
    from pekerja_wajib_kabupaten
    union all
    select 'target', kode_wilayah, 1, make_date(tahun, 1, 1), make_date(tahun, 12, 31), sumber, null
    from target_ucj
),

-- first by kabupaten/kota (or the provinsi, or Indonesia, for a row of one) and source: few rows to spread
per_kabupaten as (
    select jenis, substr(kode, 1, 5) as kode, sumber,
           sum(baris) as baris, min(tanggal_awal) as tanggal_awal, max(tanggal_akhir) as tanggal_akhir,
           max(impor_id) as impor_id
    from rows_loaded
    group by all
),

per_area as (
    select jenis, sumber, baris, tanggal_awal, tanggal_akhir, impor_id,
           unnest(list_distinct(['ID',
                                 case when kode <> 'ID' then substr(kode, 1, 2) end,
                                 case when length(kode) = 5 then kode end])) as kode_wilayah,
           false as di_atas
    from per_kabupaten
    union all
    -- a target of Indonesia or a provinsi seen from the areas below it
    select t.jenis, t.sumber, t.baris, t.tanggal_awal, t.tanggal_akhir, t.impor_id, a.kode, true
    from per_kabupaten as t
    join wilayah as a
      on a.tingkat in ('provinsi', 'kabupaten_kota')
     and t.kode in ('ID', a.kode_provinsi)
     and t.kode <> a.kode
    where t.jenis = 'target'
),

loaded as (
    select
        kode_wilayah,
        jenis,
        di_atas,
        cast(sum(baris) as bigint) as baris,
        min(tanggal_awal) as tanggal_awal,
        max(tanggal_akhir) as tanggal_akhir,
        string_agg(distinct sumber, '; ' order by sumber) as sumber,
        max(impor_id) as impor_id
    from per_area
    group by kode_wilayah, jenis, di_atas
),

ends_of_cover as (
    select rollup_kode(provinsi, kabupaten, null, null) as kode_wilayah,
           list(distinct aktif_sampai order by aktif_sampai) as hari_berakhir
    from (
        select distinct substr(kode_desa, 1, 2) as provinsi, substr(kode_desa, 1, 5) as kabupaten, aktif_sampai
        from mart_peserta_berakhir_desa
    )
    group by rollup (provinsi, kabupaten)
)

select l.kode_wilayah, l.jenis, l.di_atas, l.baris, l.tanggal_awal, l.tanggal_akhir, l.sumber, l.impor_id,
       e.hari_berakhir
from loaded as l
left join ends_of_cover as e on e.kode_wilayah = l.kode_wilayah and l.jenis = 'peserta'
order by l.kode_wilayah, l.jenis, l.di_atas;
