-- kelompok_belum_tercakup: one row per worker group with a roster in region $wilayah at the end of month
-- $bulan (only group $kelompok unless ''): people on the rosters, covered, and not yet covered.
-- $wilayah: region code; $bulan: first day of the month; $kelompok: group code or ''
-- region: $wilayah
-- counts: anggota, tercakup, belum_tercakup
-- groups: all
-- sums: anggota = tercakup + belum_tercakup
select
    m.kelompok_pekerja,
    g.nama as nama_kelompok,
    m.anggota,
    m.tercakup,
    m.belum_tercakup
from mart_kelompok_wilayah_bulan as m
join kelompok_pekerja as g on g.kode = m.kelompok_pekerja
where m.kode_wilayah = $wilayah
  and m.bulan = $bulan
  and pilihan(m.kelompok_pekerja, $kelompok)
order by m.belum_tercakup desc
