-- ringkasan_klaim_per_manfaat: one row per benefit with claims of region $wilayah paid from $dari to
-- $sampai, both days included: number of claims and rupiah paid.
-- $wilayah: region code at any level; $dari, $sampai: dates (inclusive)
-- region: $wilayah
-- counts: jumlah_klaim -> jumlah_idr
select
    k.manfaat,
    count(*) as jumlah_klaim,
    cast(sum(k.jumlah_idr) as bigint) as jumlah_idr
from klaim as k
join desa_di($wilayah) as d on d.kode = k.kode_desa
where k.tanggal_bayar >= $dari
  and k.tanggal_bayar < cast($sampai as date) + interval 1 day
group by k.manfaat
order by k.manfaat
