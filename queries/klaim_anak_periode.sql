-- klaim_anak_periode: one row per region directly under $wilayah with claims paid from $bulan_dari to
-- $bulan_sampai by claimants of segment $segmen and worker group $kelompok ('' = all): number and rupiah.
-- $wilayah: parent region code ('ID': the provinces); $bulan_dari, $bulan_sampai: first days of months; $segmen, $kelompok: or ''
-- region: $wilayah
-- counts: jumlah_klaim -> jumlah_idr
-- region column: kode_wilayah
select
    k.kode_wilayah,
    w.nama,
    cast(sum(k.jumlah_klaim) as bigint) as jumlah_klaim,
    cast(sum(k.jumlah_idr) as bigint) as jumlah_idr
from mart_klaim_wilayah_bulan as k
join wilayah as w on w.kode = k.kode_wilayah
where di_bawah(w.kode_induk, w.tingkat, $wilayah)
  and di_dalam(k.kode_wilayah, $wilayah)
  and k.bulan between $bulan_dari and $bulan_sampai
  and pilihan(k.segmen, $segmen)
  and pilihan(k.kelompok_pekerja, $kelompok)
group by k.kode_wilayah, w.nama
order by jumlah_idr desc
