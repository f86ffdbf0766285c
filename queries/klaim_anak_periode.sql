-- klaim_anak_periode: one row per region directly under $wilayah with claims paid from $bulan_dari to
-- $bulan_sampai by claimants of segment $segmen and worker group $kelompok ('' = all): number and rupiah.
-- $wilayah: parent region code ('ID': the provinces); $bulan_dari, $bulan_sampai: first days of months; $segmen, $kelompok: or ''
-- region: $wilayah
-- counts: jumlah_klaim -> jumlah_idr
-- region column: kode_wilayah
-- The children's rows lie together in mart_klaim_anak_bulan (stored by parent, month).
select
    kode_wilayah,
    nama,
    cast(sum(jumlah_klaim) as bigint) as jumlah_klaim,
    cast(sum(jumlah_idr) as bigint) as jumlah_idr
from mart_klaim_anak_bulan
where kode_induk = $wilayah
  and bulan between $bulan_dari and $bulan_sampai
  and pilihan(segmen, $segmen)
  and pilihan(kelompok_pekerja, $kelompok)
group by kode_wilayah, nama
order by jumlah_idr desc, kode_wilayah
