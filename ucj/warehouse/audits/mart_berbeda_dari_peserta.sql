-- kabupaten-months where the mart's active count differs from a direct count of the participants
with
months as (
    select bulan, last_day(bulan) as akhir
    from (select distinct bulan from mart_cakupan_wilayah_bulan)
),

direct as (
    select w.kode_kabupaten, m.bulan, count(p.peserta_id) as peserta_aktif
    from months as m
    cross join (select distinct kode_kabupaten from wilayah where tingkat = 'desa_kelurahan') as k
    join wilayah as w on w.kode_kabupaten = k.kode_kabupaten and w.tingkat = 'desa_kelurahan'
    left join peserta as p
        on p.kode_desa = w.kode
       and p.tanggal_daftar <= m.akhir
       and (p.aktif_sampai is null or p.aktif_sampai >= m.akhir)
    group by all
)

select d.kode_kabupaten, d.bulan, d.peserta_aktif, c.peserta_aktif as mart
from direct as d
left join mart_cakupan_wilayah_bulan as c on c.kode_wilayah = d.kode_kabupaten and c.bulan = d.bulan
where c.peserta_aktif is distinct from d.peserta_aktif
