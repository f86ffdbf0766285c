-- Macros the marts share: which region a ROLLUP row over (provinsi, kabupaten, kecamatan, desa) codes is,
-- and its level. A row's deepest non-null code is its region.
create or replace macro rollup_kode(kode_provinsi, kode_kabupaten, kode_kecamatan, kode_desa) as
    coalesce(kode_desa, kode_kecamatan, kode_kabupaten, kode_provinsi);

create or replace macro rollup_tingkat(kode_kabupaten, kode_kecamatan, kode_desa) as
    case
        when kode_desa is not null then 'desa_kelurahan'
        when kode_kecamatan is not null then 'kecamatan'
        when kode_kabupaten is not null then 'kabupaten_kota'
        else 'provinsi'
    end;

-- The derived figures SQL needs, defined once here (ucj/reports/measures.py has the same definitions for
-- Python; tests/test_measures.py holds both to the same answers).
-- UCJ %: active participants / workers who should be covered x 100; null without a denominator.
create or replace macro cakupan_pct(peserta_aktif, pekerja_wajib) as
    case when pekerja_wajib > 0 then 100.0 * peserta_aktif / pekerja_wajib end;

-- People still needed to reach a target %: ceil(target % x denominator / 100) - active, never below zero;
-- null without a target or a denominator. Exact in decimals: a double 10.13 would make 10.000 workers need 1.014.
create or replace macro kurang_ke_target(target_pct, pekerja_wajib, peserta_aktif) as
    case when target_pct is not null and pekerja_wajib > 0
         then greatest(0, cast(ceil(cast(target_pct as decimal(5, 2)) * pekerja_wajib / 100) as integer)
                          - peserta_aktif) end;

-- Filters every query shares, written once.
-- A sidebar filter: '' stands for every value.
create or replace macro pilihan(nilai, filter) as (filter = '' or nilai = filter);

-- Region code `kode` is region `induk` itself or lies inside it (12.10.01.1001 lies inside 12.10).
create or replace macro di_dalam(kode, induk) as (kode = induk or starts_with(kode, induk || '.'));

-- One row per desa/kelurahan inside region `kode_dicari`, at any level: what person-grain tables join to.
create or replace macro desa_di(kode_dicari) as table
    select kode
    from wilayah
    where tingkat = 'desa_kelurahan'
      and kode_dicari in (kode, kode_kecamatan, kode_kabupaten, kode_provinsi);
