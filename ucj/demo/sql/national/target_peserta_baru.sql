-- target_peserta_baru of the national demo: one row per office per kabupaten/kota it serves per month, from the
-- data's first month to December of its last year: the year's realised mean of new participants per month
-- times 1,12, in tens (0 for a year without any).
-- $data_start, $data_end, $last_target_month.
with
baru as (
    select substr(kode_desa, 1, 5) as kode_kabupaten, cast(date_trunc('month', tanggal_daftar) as date) as bulan,
           count(*) as peserta_baru
    from peserta
    where tanggal_daftar between cast($data_start as date) and cast($data_end as date)
    group by all
),

yearly as (
    select kode_kabupaten, year(bulan) as tahun, cast(round(avg(peserta_baru) * 1.12 / 10) * 10 as integer) as target
    from baru
    group by all
),

months as (
    select cast(range as date) as bulan
    from range(cast($data_start as date), cast($last_target_month as date) + interval 1 month, interval 1 month)
)

select kw.kode_kantor, kw.kode_kabupaten, m.bulan, coalesce(y.target, 0) as target_peserta
from kantor_wilayah as kw
cross join months as m
left join yearly as y on y.kode_kabupaten = kw.kode_kabupaten and y.tahun = year(m.bulan)
