-- mart_peserta_desa_bulan: one row per desa, month, segmen, kelompok_pekerja, sumber_dana and asal.
--   peserta_aktif    participants covered on the last day of the month
--   peserta_baru     participants registered during the month
--   peserta_berhenti participants whose cover ended during the month
--   asal             'perorangan' (counted from participants) or 'rekap' (a count loaded as such, rekap_peserta);
--                    a rekap row's kode_desa is the code it was counted for, a desa or a kecamatan
-- Rows where all three are zero are left out. The persons' rows are the macro peserta_bulan (00_macros.sql):
-- +1/-1 changes and a running sum, so the cost grows with the rows kept, not participants x months.
-- A count (rekap) is used only where no participant of the same segmen is active or new in the same month
-- in the region it counts, and a desa's count only where its kecamatan has no count of its own for the same
-- month and segmen: persons and counts never add up twice. The counts are the second statement, which reads
-- the persons' rows the first one stored (a refresh that changes persons runs it again for every province).
-- Stored in kode_desa, bulan order: one region's rows lie together.
-- $bulan_awal, $bulan_akhir: first and last month of the warehouse (first day of the month).
-- $provinsi: the provinces (re)built.
-- refresh: by provinsi of kode_desa
-- statement 2 reads only rekap_peserta
create or replace table mart_peserta_desa_bulan as
select *, 'perorangan' as asal
from peserta_bulan('peserta', $bulan_awal, $bulan_akhir, $provinsi)
order by kode_desa, bulan;

insert into mart_peserta_desa_bulan
with
rekap as (
    select
        kode_wilayah,
        bulan,
        segmen,
        peserta_aktif,
        coalesce(peserta_baru, 0) as peserta_baru
    from rekap_peserta
    where di_provinsi(kode_wilayah, $provinsi)
      and bulan between cast($bulan_awal as date) and cast($bulan_akhir as date)
),

-- the regions (each desa and every region above it) with persons active or new in a month and segmen counted
orang as (
    select distinct a.kode, p.bulan, p.segmen
    from mart_peserta_desa_bulan as p
    join wilayah as w on w.kode = p.kode_desa,
    unnest([w.kode, w.kode_kecamatan, w.kode_kabupaten, w.kode_provinsi]) as a(kode)
    where p.asal = 'perorangan'
      and (p.peserta_aktif > 0 or p.peserta_baru > 0)
      and p.bulan in (select bulan from rekap)
      and di_provinsi(p.kode_desa, $provinsi)
),

counts as (
    select r.*
    from rekap as r
    where not exists (
        select 1
        from orang as o
        where o.kode = r.kode_wilayah
          and o.bulan = r.bulan
          and o.segmen = r.segmen
    )
),

-- a kecamatan's own count is its total: counts for its desa in the same month and segmen are not added to it
used_counts as (
    select c.*
    from counts as c
    where not exists (
        select 1
        from counts as k
        where k.bulan = c.bulan
          and k.segmen = c.segmen
          and k.kode_wilayah <> c.kode_wilayah
          and di_dalam(c.kode_wilayah, k.kode_wilayah)
    )
)

select
    kode_wilayah as kode_desa,
    bulan,
    segmen,
    'lainnya' as kelompok_pekerja,
    case when segmen in ('PU', 'Jakon') then 'pemberi kerja' else 'mandiri' end as sumber_dana,
    peserta_aktif,
    peserta_baru,
    0 as peserta_berhenti,
    'rekap' as asal
from used_counts
where peserta_aktif <> 0 or peserta_baru <> 0
order by kode_desa, bulan;
