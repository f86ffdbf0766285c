-- kelompok_belum_tercakup: one row per worker group with a roster in region $wilayah at the end of month
-- $bulan (only group $kelompok unless ''): people on the rosters, covered, and not yet covered.
-- $wilayah: region code; $bulan: first day of the month; $kelompok: group code or ''
-- region: $wilayah
--   total_anggota, total_belum_tercakup  the region's own totals over the groups, the same on every row: what
--                                        read_total gives (protected as one figure: hidden on every row when small)
-- counts: anggota, tercakup, belum_tercakup, total_anggota, total_belum_tercakup
-- groups: all
-- sums: anggota = tercakup + belum_tercakup
select
    m.kelompok_pekerja,
    g.nama as nama_kelompok,
    m.anggota,
    m.tercakup,
    m.belum_tercakup,
    cast(sum(m.anggota) over () as bigint) as total_anggota,
    cast(sum(m.belum_tercakup) over () as bigint) as total_belum_tercakup
from mart_kelompok_wilayah_bulan as m
join kelompok_pekerja as g on g.kode = m.kelompok_pekerja
where m.kode_wilayah = $wilayah
  and m.bulan = $bulan
  and pilihan(m.kelompok_pekerja, $kelompok)
order by m.belum_tercakup desc
