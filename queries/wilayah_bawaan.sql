-- wilayah_bawaan: one row (none while nothing is loaded, for all Indonesia): the region the dashboard opens on when
-- the address names none. For all Indonesia ($lingkup empty): Indonesia ('ID') when kabupaten/kota of more than one
-- provinsi have data, else that provinsi. For an account of some regions: the one of $lingkup with the most active
-- participants (then the lowest code), a row even when nothing is loaded. Either way a provinsi becomes its
-- kabupaten/kota when that is the only one with data: the answer is always inside $lingkup.
-- $lingkup with the most active participants (then the lowest code), a row even when nothing is loaded. Either way
-- a provinsi becomes its kabupaten/kota when that is the only one with data: the answer is always inside $lingkup.
-- $lingkup: list of the region codes the account may open (ucj.access.openable_regions); [] for all Indonesia
-- region: none
-- counts: none
with
lingkup as (
    select unnest(cast($lingkup as varchar[])) as kode
),

bulan_terakhir as (
    select max(bulan) as bulan
    from mart_cakupan_wilayah_bulan
),

kabupaten as (
    select kode_wilayah, kode_induk, peserta_aktif
    from mart_cakupan_wilayah_bulan
    where tingkat = 'kabupaten_kota'
      and bulan = (select bulan from bulan_terakhir)
),

provinsi as (
    select kode_induk as kode, count(*) as kabupaten_berdata, sum(peserta_aktif) as peserta_aktif,
           min(kode_wilayah) as kabupaten_pertama
    from kabupaten
    group by kode_induk
),

-- the scope's regions that exist, with their active participants at the last month (null without data)
lingkup_berdata as (
    select l.kode, c.peserta_aktif
    from lingkup as l
    join wilayah as w on w.kode = l.kode
    left join mart_cakupan_wilayah_bulan as c
        on c.kode_wilayah = l.kode
        and c.bulan = (select bulan from bulan_terakhir)
),

calon as (
    select 'ID' as kode, sum(kabupaten_berdata) as kabupaten_berdata, sum(peserta_aktif) as peserta_aktif
    from provinsi
    where len(cast($lingkup as varchar[])) = 0
    having count(*) > 1
    union all
    select kode, kabupaten_berdata, peserta_aktif
    from provinsi
    where len(cast($lingkup as varchar[])) = 0
    union all
    select kode, 0 as kabupaten_berdata, coalesce(peserta_aktif, 0) as peserta_aktif
    from lingkup_berdata
)

select case when p.kabupaten_berdata = 1 then p.kabupaten_pertama else c.kode end as kode
from calon as c
left join provinsi as p on p.kode = c.kode
order by c.kabupaten_berdata desc, c.peserta_aktif desc, c.kode
limit 1
