-- peta_nilai: one row per region at level $tingkat inside region $wilayah at the end of month $bulan: name, UCJ %,
-- active participants, workers who should be covered, people short of the year's target (the kabupaten's
-- target below kabupaten level) and claims paid from January to the month.
-- $wilayah: region code ('ID': all Indonesia); $tingkat: level; $bulan: first day of the month
-- region: $wilayah
-- counts: peserta_aktif -> cakupan_pct kurang_ke_target, pekerja_wajib -> cakupan_pct kurang_ke_target, klaim_n -> klaim_idr
-- region column: kode_wilayah
-- Read from mart_perbandingan_wilayah (one level's regions of one month lie together), whose claims are already
-- summed from January; the target is the region's own, else its kabupaten/kota's, as in cakupan_target.
select
    m.kode_wilayah,
    m.nama,
    m.peserta_aktif,
    m.pekerja_wajib,
    m.cakupan_pct,
    cast(coalesce(own.target_pct, kab.target_pct) as double) as target_pct,
    kurang_ke_target(coalesce(own.target_pct, kab.target_pct), m.pekerja_wajib, m.peserta_aktif) as kurang_ke_target,
    m.klaim_idr,
    m.klaim_n
from mart_perbandingan_wilayah as m
left join target_ucj as own on own.kode_wilayah = m.kode_wilayah and own.tahun = year(m.bulan)
left join target_ucj as kab on kab.kode_wilayah = m.kode_kabupaten and kab.tahun = year(m.bulan)
where m.bulan = $bulan
  and m.tingkat = $tingkat
  and di_dalam(m.kode_wilayah, $wilayah)
order by m.kode_wilayah
