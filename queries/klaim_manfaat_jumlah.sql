-- klaim_manfaat_jumlah: one row per benefit with claims of region $wilayah paid in the months from $bulan_dari to
-- $bulan_sampai, both included, of all segments and worker groups (klaim_manfaat_periode's rows: number of claims
-- and rupiah paid), each with the region's own total over every benefit beside it (total_klaim, total_idr: what
-- read_total of klaim_manfaat_periode gives, protected as one figure of the region), so that the summary reads
-- both at once. No row without claims (the total is then 0).
-- $wilayah: region code at any level; $bulan_dari, $bulan_sampai: first days of months
-- region: $wilayah
-- counts: jumlah_klaim -> jumlah_idr, total_klaim -> total_idr
-- Every row holds the same total: hidden on all of them when it is a small count, never a complement of a benefit's.
with
per_manfaat as (
    select
        manfaat,
        cast(sum(jumlah_klaim) as bigint) as jumlah_klaim,
        cast(sum(jumlah_idr) as bigint) as jumlah_idr
    from mart_klaim_wilayah_bulan
    where kode_wilayah = $wilayah
      and bulan between $bulan_dari and $bulan_sampai
    group by manfaat
)

select
    manfaat,
    jumlah_klaim,
    jumlah_idr,
    cast(sum(jumlah_klaim) over () as bigint) as total_klaim,
    cast(sum(jumlah_idr) over () as bigint) as total_idr
from per_manfaat
order by manfaat
