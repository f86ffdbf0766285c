-- mart_kelompok_wilayah_bulan: one row per region (any level) per month per worker group with a roster.
--   anggota         people on the group's rosters chosen for the month: in each kabupaten/kota, the rosters dated
--                   up to the month's last day; when the kabupaten/kota has none of that group yet, its earliest
--                   later roster (a month is never silently empty while a roster exists; docs/decisions.md,
--                   issue 15; queries/kelompok_daftar.sql names the rosters chosen)
--   tercakup        of them, those with a participant under the same nik_hash covered that day
--   belum_tercakup  anggota - tercakup: the groups not yet covered
-- $bulan_awal, $bulan_akhir: first and last month of the warehouse. $provinsi: the provinces (re)built.
-- Indonesia's rows ('ID', 'nasional') are the provinces' summed, again after a refresh of some provinces.
-- Stored in kode_wilayah order: one region's rows lie together.
-- refresh: by provinsi of kode_wilayah
create or replace table mart_kelompok_wilayah_bulan as
with
months as (
    select cast(range as date) as bulan, last_day(cast(range as date)) as akhir_bulan
    from range(cast($bulan_awal as date), cast($bulan_akhir as date) + interval 1 month, interval 1 month)
),

-- the first roster date of each group in each kabupaten/kota: the roster a month before it falls back on
pertama as (
    select w.kode_kabupaten, a.kelompok_pekerja, min(a.tanggal_data) as tanggal_pertama
    from anggota_kelompok as a
    join wilayah as w on w.kode = a.kode_desa
    where list_contains($provinsi, w.kode_provinsi)
    group by all
),

-- the participants who are on a roster, found from the rosters' side: inside the transaction that wrote them the
-- tables have no statistics, and the correlated exists below then hashed all of `peserta` (74 s at 40 million
-- with no roster at all)
peserta_anggota as materialized (
    select nik_hash, tanggal_daftar, aktif_sampai
    from peserta
    where nik_hash in (select nik_hash from anggota_kelompok)
),

anggota_bulan as (
    select
        w.kode_provinsi, w.kode_kabupaten, w.kode_kecamatan, w.kode as kode_desa,
        a.kelompok_pekerja,
        m.bulan,
        exists (
            select 1
            from peserta_anggota as p
            where p.nik_hash = a.nik_hash
              and p.tanggal_daftar <= m.akhir_bulan
              and (p.aktif_sampai is null or p.aktif_sampai >= m.akhir_bulan)
        ) as is_tercakup
    from anggota_kelompok as a
    join wilayah as w on w.kode = a.kode_desa
    join pertama as f on f.kode_kabupaten = w.kode_kabupaten and f.kelompok_pekerja = a.kelompok_pekerja
    join months as m
      on a.tanggal_data <= m.akhir_bulan
      or (f.tanggal_pertama > m.akhir_bulan and a.tanggal_data = f.tanggal_pertama)
    where list_contains($provinsi, w.kode_provinsi)
)

select
    rollup_kode(kode_provinsi, kode_kabupaten, kode_kecamatan, kode_desa) as kode_wilayah,
    rollup_tingkat(kode_provinsi, kode_kabupaten, kode_kecamatan, kode_desa) as tingkat,
    bulan,
    kelompok_pekerja,
    cast(count(*) as integer) as anggota,
    cast(count(*) filter (where is_tercakup) as integer) as tercakup,
    cast(count(*) filter (where not is_tercakup) as integer) as belum_tercakup
from anggota_bulan
group by bulan, kelompok_pekerja, rollup (kode_provinsi, kode_kabupaten, kode_kecamatan, kode_desa)
having grouping(kode_provinsi) = 0
order by kode_wilayah, bulan, kelompok_pekerja;

delete from mart_kelompok_wilayah_bulan
where kode_wilayah = 'ID';

insert into mart_kelompok_wilayah_bulan
select
    'ID' as kode_wilayah,
    'nasional' as tingkat,
    bulan, kelompok_pekerja,
    cast(sum(anggota) as integer),
    cast(sum(tercakup) as integer),
    cast(sum(belum_tercakup) as integer)
from mart_kelompok_wilayah_bulan
where tingkat = 'provinsi'
group by all
order by bulan, kelompok_pekerja;
