-- klaim_tren_bulan: one row per month per benefit with claims of region $wilayah paid from $bulan_dari to
-- $bulan_sampai, by claimants of segment $segmen and worker group $kelompok ('' = all).
-- $wilayah: region code; $bulan_dari, $bulan_sampai: first days of months; $segmen, $kelompok: or ''
-- region: $wilayah
-- counts: jumlah_klaim -> jumlah_idr
-- groups: bulan; manfaat
select
    bulan,
    manfaat,
    cast(sum(jumlah_klaim) as bigint) as jumlah_klaim,
    cast(sum(jumlah_idr) as bigint) as jumlah_idr
from mart_klaim_wilayah_bulan
where kode_wilayah = $wilayah
  and bulan between $bulan_dari and $bulan_sampai
  and pilihan(segmen, $segmen)
  and pilihan(kelompok_pekerja, $kelompok)
group by bulan, manfaat
order by bulan, manfaat
