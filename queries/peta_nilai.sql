-- peta_nilai: one row per region at level $tingkat inside region $wilayah at the end of month $bulan: name, UCJ %,
-- active participants, workers who should be covered, people short of the year's target (the kabupaten's
-- target below kabupaten level) and claims paid from January to the month.
-- $wilayah: region code ('ID': all Indonesia); $tingkat: level; $bulan: first day of the month
-- region: $wilayah
-- counts: peserta_aktif -> cakupan_pct kurang_ke_target, pekerja_wajib -> cakupan_pct kurang_ke_target, klaim_n -> klaim_idr
-- region column: kode_wilayah
with
klaim as (
    select kode_wilayah, sum(jumlah_idr) as klaim_idr, sum(jumlah_klaim) as klaim_n
    from mart_klaim_wilayah_bulan
    where tingkat = $tingkat
      and bulan between date_trunc('year', cast($bulan as date)) and $bulan
      and ($wilayah = 'ID' or di_dalam(kode_wilayah, $wilayah))
    group by kode_wilayah
)

select
    c.kode_wilayah,
    c.nama,
    c.peserta_aktif,
    c.pekerja_wajib,
    c.cakupan_pct,
    c.target_pct,
    c.kurang_ke_target,
    cast(coalesce(k.klaim_idr, 0) as bigint) as klaim_idr,
    cast(coalesce(k.klaim_n, 0) as integer) as klaim_n
from cakupan_target($bulan) as c
left join klaim as k on k.kode_wilayah = c.kode_wilayah
where c.tingkat = $tingkat
  and ($wilayah = 'ID' or di_dalam(c.kode_wilayah, $wilayah))
order by c.kode_wilayah
