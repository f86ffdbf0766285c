-- ringkasan_klaim_per_manfaat: one row per benefit with claims of region $wilayah paid from $dari to
-- $sampai, both days included: number of claims and rupiah paid.
-- $wilayah: region code at any level; $dari, $sampai: dates (inclusive) within the warehouse's data range
-- region: $wilayah
-- counts: jumlah_klaim -> jumlah_idr
--
-- The whole months of the range (from `awal`, the first day of the first, to `akhir`, the last day of the last)
-- are read from the claims mart, the region's own rows; only the days of a month the range cuts (before `awal`,
-- after `akhir`) are counted from the claims, by code range (every claim's kode_desa is a desa of the reference:
-- the audit kode_desa_tidak_dikenal). A range of whole months does not read the claims at all: the test on the days
-- is on the parameters alone, so DuckDB drops that scan before running it. Claims paid before the marts' first
-- month (data_mulai's) are in no mart: the summary asks only for days from data_mulai on.
with
batas as (
    select
        case when day(cast($dari as date)) = 1 then cast($dari as date)
             else cast(date_trunc('month', cast($dari as date)) + interval 1 month as date) end as awal,
        case when cast($sampai as date) = last_day(cast($sampai as date)) then cast($sampai as date)
             else cast(date_trunc('month', cast($sampai as date)) - interval 1 day as date) end as akhir
),

bulan_utuh as (
    select k.manfaat, k.jumlah_klaim, k.jumlah_idr
    from mart_klaim_wilayah_bulan as k, batas as b
    where k.kode_wilayah = $wilayah
      and k.bulan >= b.awal
      and k.bulan <= b.akhir
),

hari_terpotong as (
    select k.manfaat, 1 as jumlah_klaim, k.jumlah_idr
    from klaim as k, batas as b
    where (cast($dari as date) < b.awal or cast($sampai as date) > b.akhir)
      and k.tanggal_bayar >= $dari
      and k.tanggal_bayar <= $sampai
      and (k.tanggal_bayar < b.awal or k.tanggal_bayar > b.akhir)
      and di_dalam(k.kode_desa, $wilayah)
)

select
    manfaat,
    cast(sum(jumlah_klaim) as bigint) as jumlah_klaim,
    cast(sum(jumlah_idr) as bigint) as jumlah_idr
from (
    select * from bulan_utuh
    union all
    select * from hari_terpotong
)
group by manfaat
order by manfaat
