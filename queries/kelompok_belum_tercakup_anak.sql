-- kelompok_belum_tercakup_anak: one row per region directly under $wilayah per worker group with a roster
-- (only group $kelompok unless ''): people not yet covered at the end of month $bulan.
-- $wilayah: parent region code ('ID': the provinces); $bulan: first day of the month; $kelompok: group code or ''
-- region: $wilayah
-- counts: belum_tercakup
-- region column: kode_wilayah
-- groups: kelompok_pekerja; kode_wilayah
select
    m.kode_wilayah,
    w.nama,
    m.kelompok_pekerja,
    m.belum_tercakup
from mart_kelompok_wilayah_bulan as m
join wilayah as w on w.kode = m.kode_wilayah
where di_bawah(w.kode_induk, w.tingkat, $wilayah)
  and di_dalam(m.kode_wilayah, $wilayah)
  and m.bulan = $bulan
  and pilihan(m.kelompok_pekerja, $kelompok)
  and m.belum_tercakup > 0
order by m.kode_wilayah, m.kelompok_pekerja
