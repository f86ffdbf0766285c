-- data_dimuat: one row per kind of data loaded for the area of region $wilayah: for a desa or kecamatan its
-- kabupaten/kota (extracts come per kabupaten/kota: a desa with no participant in a loaded extract has none),
-- for a kabupaten/kota or provinsi the region itself. How many rows, the first and last day they speak of,
-- where they came from and when they were last loaded; no row for a kind with nothing loaded.
--   lingkup  the area the rows are counted for
--   di_atas  rows loaded for a region above that area (a province's target seen from a kabupaten): they say
--            something about it but are not its own figures
-- An area with no peserta, rekap, klaim or pekerja rows that are not di_atas has no data of its own yet: its
-- figures are unknown, not zero.
-- $wilayah: region code at any level
-- region: $wilayah
-- counts: none
with
area as (
    select case when length($wilayah) > 5 then substr($wilayah, 1, 5) else $wilayah end as lingkup
),

rows as (
    -- participants and claims from mart_dimuat_desa, the last end of cover up to today from mart_peserta_berakhir_desa
    -- (both in desa order: the area's code range is a constant the zonemaps use)
    select 'peserta' as jenis, sum(baris) as baris, min(tanggal_awal) as tanggal_awal,
           -- the last registration or end of cover it records: not today because someone is still covered
           greatest(max(tanggal_akhir), (
               select max(aktif_sampai) from mart_peserta_berakhir_desa
               where di_dalam(kode_desa, case when length($wilayah) > 5 then substr($wilayah, 1, 5) else $wilayah end)
                 and aktif_sampai <= current_date)) as tanggal_akhir,
           null as sumber, max(impor_id) as impor_id, false as di_atas
    from mart_dimuat_desa
    where jenis = 'peserta'
      and di_dalam(kode_desa, case when length($wilayah) > 5 then substr($wilayah, 1, 5) else $wilayah end)
    having count(*) > 0
    union all
    select 'rekap', count(*), min(bulan), max(last_day(bulan)),
           string_agg(distinct sumber, '; ' order by sumber), max(impor_id), false
    from rekap_peserta, area
    where di_dalam(kode_wilayah, lingkup)
    having count(*) > 0
    union all
    select 'klaim', sum(baris), min(tanggal_awal), max(tanggal_akhir), null, max(impor_id), false
    from mart_dimuat_desa
    where jenis = 'klaim'
      and di_dalam(kode_desa, case when length($wilayah) > 5 then substr($wilayah, 1, 5) else $wilayah end)
    having count(*) > 0
    union all
    select 'pekerja', count(*), min(berlaku_mulai), max(tanggal_sumber), string_agg(distinct sumber, '; ' order by sumber),
           null, false
    from (
        -- the desa rows from their copy in desa order (the area's code range is a constant the zonemaps use)
        select berlaku_mulai, sumber, tanggal_sumber from mart_pekerja_wajib_desa
        where di_dalam(kode_desa, case when length($wilayah) > 5 then substr($wilayah, 1, 5) else $wilayah end)
        union all
        select berlaku_mulai, sumber, tanggal_sumber from pekerja_wajib_kabupaten, area
        where di_dalam(kode_kabupaten, lingkup)
    )
    having count(*) > 0
    union all
    select 'target', count(*), make_date(min(tahun), 1, 1), make_date(max(tahun), 12, 31),
           string_agg(distinct sumber, '; ' order by sumber), null, not di_dalam(kode_wilayah, lingkup)
    from target_ucj, area
    where di_dalam(kode_wilayah, lingkup) or di_dalam(lingkup, kode_wilayah)
    group by not di_dalam(kode_wilayah, lingkup)
)

select r.jenis, cast(r.baris as bigint) as baris, r.tanggal_awal, r.tanggal_akhir, r.sumber, i.diimpor_at as dimuat_at,
       r.di_atas, area.lingkup
from rows as r
cross join area
left join impor_log as i on i.impor_id = r.impor_id
order by case r.jenis when 'peserta' then 1 when 'rekap' then 2 when 'klaim' then 3 when 'pekerja' then 4 else 5 end,
         r.di_atas
