-- mart_perbandingan_wilayah: one row per region (any level, Indonesia 'ID' included) per month of
-- mart_cakupan_wilayah_bulan, with what the pages that compare regions read (the Target page's gaps, the Peta
-- page's map): the region's name and kabupaten/kota (whose UCJ target applies where it has none of its own),
-- active participants, workers who should be covered, UCJ %, and the claims paid from January to the month
-- (klaim_idr, klaim_n; 0 without claims).
-- Built from the coverage and claims marts and the reference: its rows grow with regions and months, not with
-- participants or claims. The targets are not stored: they are loaded without a rebuild of the marts, so the
-- queries join target_ucj (a few thousand rows) when they read, as cakupan_target (07_cakupan_target.sql) does.
-- Stored by tingkat, then the desa by kode_wilayah and bulan, the levels above by bulan and kode_wilayah: a page
-- asks for the regions of one level in one month inside one region. Above the desa the whole level of a month
-- lies together (7.285 kecamatan, Indonesia's gaps; 514 kabupaten/kota, its map); the desa of a kecamatan or
-- kabupaten/kota lie together for all months, so the zonemaps of kode_wilayah skip to the one or two row groups
-- holding them. Indonesia's desa of one month (83.762 rows: no map draws them, only the Target page's gaps when
-- desa are chosen for all Indonesia) are then read from every desa row, as before this mart.
create or replace table mart_perbandingan_wilayah as
with
klaim_bulan as (
    select kode_wilayah, bulan, sum(jumlah_idr) as klaim_idr, sum(jumlah_klaim) as klaim_n
    from mart_klaim_wilayah_bulan
    group by kode_wilayah, bulan
),

-- January to the month, per region and year
klaim_tahun as (
    select
        kode_wilayah,
        year(bulan) as tahun,
        bulan,
        sum(klaim_idr) over w as klaim_idr,
        sum(klaim_n) over w as klaim_n
    from klaim_bulan
    window w as (partition by kode_wilayah, year(bulan) order by bulan)
)

select
    c.tingkat,
    c.bulan,
    c.kode_wilayah,
    w.nama,
    w.kode_kabupaten,
    c.peserta_aktif,
    c.pekerja_wajib,
    c.cakupan_pct,
    cast(coalesce(k.klaim_idr, 0) as bigint) as klaim_idr,
    cast(coalesce(k.klaim_n, 0) as integer) as klaim_n
from mart_cakupan_wilayah_bulan as c
join wilayah as w on w.kode = c.kode_wilayah
asof left join klaim_tahun as k
    on k.kode_wilayah = c.kode_wilayah and k.tahun = year(c.bulan) and c.bulan >= k.bulan
order by c.tingkat, case when c.tingkat = 'desa_kelurahan' then c.kode_wilayah end, c.bulan, c.kode_wilayah;
