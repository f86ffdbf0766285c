-- klaim_manfaat_periode: one row per benefit with claims of region $wilayah paid in the months from
-- $bulan_dari to $bulan_sampai, both included, by claimants of segment $segmen and worker group
-- $kelompok ('' = all): number of claims and rupiah paid.
-- $wilayah: region code at any level; $bulan_dari, $bulan_sampai: first days of months; $segmen, $kelompok: or ''
-- region: $wilayah
-- counts: jumlah_klaim -> jumlah_idr
select
    manfaat,
    cast(sum(jumlah_klaim) as bigint) as jumlah_klaim,
    cast(sum(jumlah_idr) as bigint) as jumlah_idr
from mart_klaim_wilayah_bulan
where kode_wilayah = $wilayah
  and bulan between $bulan_dari and $bulan_sampai
  and pilihan(segmen, $segmen)
  and pilihan(kelompok_pekerja, $kelompok)
group by manfaat
order by manfaat
