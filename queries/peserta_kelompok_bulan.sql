-- peserta_kelompok_bulan: one row per worker group with active participants in region $wilayah at the end of
-- month $bulan, with its name and how many registered that month.
-- $wilayah: region code; $bulan: first day of the month
-- region: $wilayah
-- counts: peserta_aktif, peserta_baru
select
    m.kelompok_pekerja,
    g.nama,
    cast(sum(m.peserta_aktif) as integer) as peserta_aktif,
    cast(sum(m.peserta_baru) as integer) as peserta_baru
from mart_peserta_wilayah_bulan as m
join kelompok_pekerja as g on g.kode = m.kelompok_pekerja
where m.kode_wilayah = $wilayah
  and m.bulan = $bulan
group by all
having sum(m.peserta_aktif) > 0
order by peserta_aktif desc
