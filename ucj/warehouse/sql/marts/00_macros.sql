-- Macros the marts share: which region a ROLLUP row over (provinsi, kabupaten, kecamatan, desa) codes is,
-- and its level. A row's deepest non-null code is its region; the grand total is Indonesia ('ID', 'nasional').
create or replace macro rollup_kode(kode_provinsi, kode_kabupaten, kode_kecamatan, kode_desa) as
    coalesce(kode_desa, kode_kecamatan, kode_kabupaten, kode_provinsi, 'ID');

create or replace macro rollup_tingkat(kode_provinsi, kode_kabupaten, kode_kecamatan, kode_desa) as
    case
        when kode_desa is not null then 'desa_kelurahan'
        when kode_kecamatan is not null then 'kecamatan'
        when kode_kabupaten is not null then 'kabupaten_kota'
        when kode_provinsi is not null then 'provinsi'
        else 'nasional'
    end;

-- The region directly above a ROLLUP row: Indonesia ('ID') above a province, nothing above Indonesia.
create or replace macro rollup_induk(kode_provinsi, kode_kabupaten, kode_kecamatan, kode_desa) as
    case
        when kode_desa is not null then kode_kecamatan
        when kode_kecamatan is not null then kode_kabupaten
        when kode_kabupaten is not null then kode_provinsi
        when kode_provinsi is not null then 'ID'
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

-- Region code `kode` is region `induk` itself or lies inside it (12.10.01.1001 lies inside 12.10); every region
-- lies inside Indonesia ('ID'). The range (from `induk` to `induk` followed by '/', the character after '.') says
-- the same to the zonemaps of a table stored in code order, so that only the region's blocks are read.
create or replace macro di_dalam(kode, induk) as
    (induk = 'ID'
     or (kode >= induk and kode < induk || '/' and (kode = induk or starts_with(kode, induk || '.'))));

-- Region code `kode` lies in one of the provinces `provinsi` (a list of two-digit province codes). The range from
-- the first province to the last says the same to the zonemaps of a table stored in code order (peserta, klaim and
-- the marts are), so a build in groups of consecutive provinces reads only its group's blocks (at 40 million
-- participants a whole-table scan per group cost more than the group's own work); the list holds the rest.
create or replace macro di_provinsi(kode, provinsi) as
    (kode >= list_min(provinsi) and kode < list_max(provinsi) || '/' and list_contains(provinsi, substr(kode, 1, 2)));

-- Region `kode` (of level `tingkat`, with `kode_induk` from wilayah) is directly under region `induk`: the
-- provinces, whose kode_induk is null, are under Indonesia ('ID').
create or replace macro di_bawah(kode_induk, tingkat, induk) as
    (kode_induk = induk or (induk = 'ID' and tingkat = 'provinsi'));

-- One row per desa/kelurahan inside region `kode_dicari`, at any level: what person-grain tables join to.
create or replace macro desa_di(kode_dicari) as table
    select kode
    from wilayah
    where tingkat = 'desa_kelurahan'
      and kode_dicari in (kode, kode_kecamatan, kode_kabupaten, kode_provinsi, 'ID');

-- Participants of table `sumber` (peserta's columns) counted by desa, segmen, kelompok_pekerja, sumber_dana and
-- month, for the months `bulan_awal` to `bulan_akhir` (first days) and the provinces `provinsi`:
--   peserta_aktif    participants covered on the last day of the month
--   peserta_baru     participants registered during the month
--   peserta_berhenti participants whose cover ended during the month
-- Rows where all three are zero are left out. Built from +1/-1 changes (+1 active in the first month whose
-- last day is covered, -1 in the month after the last one) and a running sum, each change carried to the month
-- before the next one: no grid of every key x every month, so the cost grows with the rows kept. The full
-- build counts 'peserta'; a refresh counts the stored and the loaded versions of the participants a load
-- changed and takes the difference (ucj/warehouse/marts.py).
create or replace macro peserta_bulan(sumber, bulan_awal, bulan_akhir, provinsi) as table
    with
    spells as (
        select
            kode_desa,
            segmen,
            kelompok_pekerja,
            sumber_dana,
            cast(date_trunc('month', tanggal_daftar) as date) as bulan_daftar,
            greatest(cast(date_trunc('month', tanggal_daftar) as date), cast(bulan_awal as date)) as bulan_aktif_pertama,
            -- the last month whose last day is still covered (aktif_sampai is inclusive)
            case
                when aktif_sampai is null then null
                when aktif_sampai = last_day(aktif_sampai) then cast(date_trunc('month', aktif_sampai) as date)
                else cast(date_trunc('month', aktif_sampai) - interval 1 month as date)
            end as bulan_aktif_terakhir,
            cast(date_trunc('month', aktif_sampai) as date) as bulan_berhenti
        from query_table(sumber)
        where di_provinsi(kode_desa, provinsi)
    ),

    counted as (
        select *
        from spells
        where bulan_daftar <= cast(bulan_akhir as date)
          and (bulan_aktif_terakhir is null or bulan_aktif_terakhir >= bulan_aktif_pertama)
    ),

    changes as (
        select kode_desa, segmen, kelompok_pekerja, sumber_dana,
               bulan_aktif_pertama as bulan, 1 as perubahan, 0 as baru, 0 as berhenti
        from counted
        union all
        select kode_desa, segmen, kelompok_pekerja, sumber_dana,
               cast(bulan_aktif_terakhir + interval 1 month as date), -1, 0, 0
        from counted
        where bulan_aktif_terakhir < cast(bulan_akhir as date)
        union all
        select kode_desa, segmen, kelompok_pekerja, sumber_dana, bulan_daftar, 0, 1, 0
        from spells
        where bulan_daftar between cast(bulan_awal as date) and cast(bulan_akhir as date)
        union all
        select kode_desa, segmen, kelompok_pekerja, sumber_dana, bulan_berhenti, 0, 0, 1
        from spells
        where bulan_berhenti between cast(bulan_awal as date) and cast(bulan_akhir as date)
    ),

    per_month as (
        select kode_desa, segmen, kelompok_pekerja, sumber_dana, bulan,
               sum(perubahan) as perubahan, sum(baru) as baru, sum(berhenti) as berhenti
        from changes
        group by all
    ),

    running as (
        select
            kode_desa, segmen, kelompok_pekerja, sumber_dana, bulan, baru, berhenti,
            sum(perubahan) over w as peserta_aktif,
            coalesce(cast(lead(bulan) over w - interval 1 month as date), cast(bulan_akhir as date)) as bulan_sampai
        from per_month
        window w as (partition by kode_desa, segmen, kelompok_pekerja, sumber_dana order by bulan)
    )

    select kode_desa, bulan, segmen, kelompok_pekerja, sumber_dana,
           cast(peserta_aktif as integer) as peserta_aktif,
           cast(baru as integer) as peserta_baru,
           cast(berhenti as integer) as peserta_berhenti
    from running
    where peserta_aktif <> 0 or baru <> 0 or berhenti <> 0
    union all
    -- the months up to the next change hold the same active count and nobody new or ended
    select kode_desa,
           cast(unnest(generate_series(bulan + interval 1 month, bulan_sampai, interval 1 month)) as date),
           segmen, kelompok_pekerja, sumber_dana, cast(peserta_aktif as integer), 0, 0
    from running
    where peserta_aktif <> 0 and bulan_sampai > bulan;
