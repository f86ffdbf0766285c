-- kabupaten-month-benefits where the claims mart differs from the claims themselves, within the months the marts
-- cover (claims paid before them stay stored, outside the marts)
with
covered as (
    select cast(date_trunc('month', cast(value as date)) as date) as awal from meta where key = 'data_mulai'
),

direct as (
    select w.kode_kabupaten, cast(date_trunc('month', k.tanggal_bayar) as date) as bulan, k.manfaat,
           count(*) as jumlah_klaim, sum(k.jumlah_idr) as jumlah_idr
    from klaim as k
    join wilayah as w on w.kode = k.kode_desa
    where k.tanggal_bayar >= (select awal from covered)
    group by all
)

select coalesce(d.kode_kabupaten, m.kode_wilayah), coalesce(d.bulan, m.bulan), coalesce(d.manfaat, m.manfaat)
from direct as d
full join (
    select kode_wilayah, bulan, manfaat, sum(jumlah_klaim) as jumlah_klaim, sum(jumlah_idr) as jumlah_idr
    from mart_klaim_wilayah_bulan
    where tingkat = 'kabupaten_kota'
    group by all
) as m
    on m.kode_wilayah = d.kode_kabupaten and m.bulan = d.bulan and m.manfaat = d.manfaat
where d.jumlah_klaim is distinct from m.jumlah_klaim
   or d.jumlah_idr is distinct from m.jumlah_idr
