-- kabupaten-months where the mart's active count (the part counted from persons, not from a rekap) differs
-- from a direct count of the participants. The direct count is made from two events per participant, +1 in the
-- month of registration and -1 in the month of the day after the cover ends (a participant covered on no
-- month's last day has neither), summed month by month for each kabupaten/kota: one pass over the participants
-- instead of every participant against every month.
with
mart as (
    select kode_wilayah as kode_kabupaten, bulan, peserta_aktif - aktif_rekap as peserta_aktif
    from mart_cakupan_wilayah_bulan
    where tingkat = 'kabupaten_kota'
),

spells as (
    select
        w.kode_kabupaten,
        cast(date_trunc('month', p.tanggal_daftar) as date) as bulan_masuk,
        cast(date_trunc('month', p.aktif_sampai + interval 1 day) as date) as bulan_keluar
    from peserta as p
    join wilayah as w on w.kode = p.kode_desa
),

events as (
    select kode_kabupaten, bulan_masuk as bulan, 1 as perubahan
    from spells
    where bulan_keluar is null or bulan_keluar > bulan_masuk
    union all
    select kode_kabupaten, bulan_keluar, -1
    from spells
    where bulan_keluar > bulan_masuk
),

running as (
    select kode_kabupaten, bulan, sum(sum(perubahan)) over (partition by kode_kabupaten order by bulan) as peserta_aktif
    from events
    group by kode_kabupaten, bulan
),

direct as (
    select m.kode_kabupaten, m.bulan, coalesce(r.peserta_aktif, 0) as peserta_aktif
    from mart as m
    asof left join running as r on r.kode_kabupaten = m.kode_kabupaten and m.bulan >= r.bulan
)

select d.kode_kabupaten, d.bulan, cast(d.peserta_aktif as bigint) as peserta_aktif, m.peserta_aktif as mart
from direct as d
join mart as m using (kode_kabupaten, bulan)
where m.peserta_aktif is distinct from d.peserta_aktif
union all
-- participants in a kabupaten the mart has no row for
select w.kode_kabupaten, null, count(*), null
from peserta as p
join wilayah as w on w.kode = p.kode_desa
where w.kode_kabupaten not in (select kode_kabupaten from mart)
group by all
