-- mart_peserta_desa_bulan: one row per desa, month, segmen, kelompok_pekerja and sumber_dana.
--   peserta_aktif    participants covered on the last day of the month
--   peserta_baru     participants registered during the month
--   peserta_berhenti participants whose cover ended during the month
--   asal             'perorangan' (counted from participants) or 'rekap' (a count loaded as such, rekap_peserta);
--                    a rekap row's kode_desa is the code it was counted for, a desa or a kecamatan
-- Rows where all three are zero are left out. Built with +1/-1 changes and a running sum, so the
-- cost grows with participants plus desa x months, not participants x months.
-- A count (rekap) is used only where no participant of the same segmen is active or new in the same month
-- in the region it counts, and a desa's count only where its kecamatan has no count of its own for the same
-- month and segmen: persons and counts never add up twice.
-- $bulan_awal, $bulan_akhir: first and last month of the warehouse (first day of the month).
-- $provinsi: the provinces (re)built.
-- refresh: by provinsi of kode_desa
create or replace table mart_peserta_desa_bulan as
with
months as (
    select cast(range as date) as bulan
    from range(cast($bulan_awal as date), cast($bulan_akhir as date) + interval 1 month, interval 1 month)
),

spells as (
    select
        kode_desa,
        segmen,
        kelompok_pekerja,
        sumber_dana,
        cast(date_trunc('month', tanggal_daftar) as date) as bulan_daftar,
        greatest(cast(date_trunc('month', tanggal_daftar) as date), cast($bulan_awal as date)) as bulan_aktif_pertama,
        -- the last month whose last day is still covered (aktif_sampai is inclusive)
        case
            when aktif_sampai is null then null
            when aktif_sampai = last_day(aktif_sampai) then cast(date_trunc('month', aktif_sampai) as date)
            else cast(date_trunc('month', aktif_sampai) - interval 1 month as date)
        end as bulan_aktif_terakhir,
        cast(date_trunc('month', aktif_sampai) as date) as bulan_berhenti
    from peserta
    where list_contains($provinsi, split_part(kode_desa, '.', 1))
),

counted as (
    select *
    from spells
    where bulan_daftar <= cast($bulan_akhir as date)
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
    where bulan_aktif_terakhir < cast($bulan_akhir as date)
    union all
    select kode_desa, segmen, kelompok_pekerja, sumber_dana, bulan_daftar, 0, 1, 0
    from spells
    where bulan_daftar between cast($bulan_awal as date) and cast($bulan_akhir as date)
    union all
    select kode_desa, segmen, kelompok_pekerja, sumber_dana, bulan_berhenti, 0, 0, 1
    from spells
    where bulan_berhenti between cast($bulan_awal as date) and cast($bulan_akhir as date)
),

per_month as (
    select kode_desa, segmen, kelompok_pekerja, sumber_dana, bulan,
           sum(perubahan) as perubahan, sum(baru) as baru, sum(berhenti) as berhenti
    from changes
    group by all
),

grid as (
    select k.*, m.bulan
    from (select distinct kode_desa, segmen, kelompok_pekerja, sumber_dana from per_month) as k
    cross join months as m
),

filled as (
    select
        g.kode_desa,
        g.bulan,
        g.segmen,
        g.kelompok_pekerja,
        g.sumber_dana,
        cast(sum(coalesce(p.perubahan, 0)) over (
            partition by g.kode_desa, g.segmen, g.kelompok_pekerja, g.sumber_dana
            order by g.bulan
        ) as integer) as peserta_aktif,
        cast(coalesce(p.baru, 0) as integer) as peserta_baru,
        cast(coalesce(p.berhenti, 0) as integer) as peserta_berhenti
    from grid as g
    left join per_month as p using (kode_desa, segmen, kelompok_pekerja, sumber_dana, bulan)
),

persons as (
    select *, 'perorangan' as asal
    from filled
    where peserta_aktif <> 0 or peserta_baru <> 0 or peserta_berhenti <> 0
),

counts as (
    select
        r.kode_wilayah as kode_desa,
        r.bulan,
        r.segmen,
        'lainnya' as kelompok_pekerja,
        case when r.segmen in ('PU', 'Jakon') then 'pemberi kerja' else 'mandiri' end as sumber_dana,
        r.peserta_aktif,
        coalesce(r.peserta_baru, 0) as peserta_baru,
        0 as peserta_berhenti,
        'rekap' as asal
    from rekap_peserta as r
    where list_contains($provinsi, split_part(r.kode_wilayah, '.', 1))
      and r.bulan between cast($bulan_awal as date) and cast($bulan_akhir as date)
      and not exists (
          select 1
          from persons as p
          where p.bulan = r.bulan
            and p.segmen = r.segmen
            and di_dalam(p.kode_desa, r.kode_wilayah)
            and (p.peserta_aktif > 0 or p.peserta_baru > 0)
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
          and k.kode_desa <> c.kode_desa
          and di_dalam(c.kode_desa, k.kode_desa)
    )
)

select *
from persons
union all
select *
from used_counts
where peserta_aktif <> 0 or peserta_baru <> 0
order by bulan, kode_desa;
