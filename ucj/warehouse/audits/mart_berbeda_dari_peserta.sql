-- kabupaten-months where the mart's active count (the part counted from persons, not from a rekap) differs
-- from a direct count of the participants
with
mart as (
    select kode_wilayah as kode_kabupaten, bulan, last_day(bulan) as akhir, peserta_aktif - aktif_rekap as peserta_aktif
    from mart_cakupan_wilayah_bulan
    where tingkat = 'kabupaten_kota'
),

direct as (
    select m.kode_kabupaten, m.bulan, count(p.peserta_id) as peserta_aktif
    from mart as m
    join wilayah as w on w.kode_kabupaten = m.kode_kabupaten and w.tingkat = 'desa_kelurahan'
    left join peserta as p
        on p.kode_desa = w.kode
       and p.tanggal_daftar <= m.akhir
       and (p.aktif_sampai is null or p.aktif_sampai >= m.akhir)
    group by all
)

select d.kode_kabupaten, d.bulan, d.peserta_aktif, m.peserta_aktif as mart
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
