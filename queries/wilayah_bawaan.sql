-- wilayah_bawaan: one row (none while nothing is loaded): the region the dashboard opens on when the address names
-- none. The provinsi with the most kabupaten/kota that have data (then the most active participants, then the
-- lowest code); the kabupaten/kota itself when it is the only one of its provinsi with data.
-- No parameters.
-- region: none
-- counts: none
with
kabupaten as (
    select kode_wilayah, kode_induk, peserta_aktif
    from mart_cakupan_wilayah_bulan
    where tingkat = 'kabupaten_kota'
      and bulan = (select max(bulan) from mart_cakupan_wilayah_bulan)
),

provinsi as (
    select kode_induk as kode, count(*) as kabupaten_berdata, sum(peserta_aktif) as peserta_aktif,
           min(kode_wilayah) as kabupaten_pertama
    from kabupaten
    group by kode_induk
)

select case when kabupaten_berdata = 1 then kabupaten_pertama else kode end as kode
from provinsi
order by kabupaten_berdata desc, peserta_aktif desc, kode
limit 1
