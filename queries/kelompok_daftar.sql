-- kelompok_daftar: one row per worker-group roster (group, source, date) whose members in region $wilayah are
-- counted for month $bulan (only group $kelompok unless ''): what a group's figure on Kesenjangan and in the
-- briefing comes from. The choice is mart_kelompok_wilayah_bulan's: in each kabupaten/kota, the group's rosters
-- dated up to the month's last day, or, when it has none yet, its earliest later one (is_sesudah_bulan).
-- $wilayah: region code ('ID': Indonesia); $bulan: first day of the month; $kelompok: group code or ''
-- region: $wilayah
-- counts: none
with
-- the rosters of every kabupaten/kota that the region lies in or that lies in the region: a kecamatan's or a
-- desa's month falls back on its kabupaten/kota's first roster, not on the first one that reached that desa
daftar as (
    select w.kode_kabupaten, a.kode_desa, a.kelompok_pekerja, a.sumber, a.tanggal_data
    from anggota_kelompok as a
    join wilayah as w on w.kode = a.kode_desa
    where (di_dalam(a.kode_desa, $wilayah) or di_dalam($wilayah, w.kode_kabupaten))
      and pilihan(a.kelompok_pekerja, $kelompok)
    group by all
),

pertama as (
    select kode_kabupaten, kelompok_pekerja, min(tanggal_data) as tanggal_pertama
    from daftar
    group by all
)

select
    d.kelompok_pekerja,
    g.nama as nama_kelompok,
    d.sumber,
    d.tanggal_data,
    d.tanggal_data > last_day(cast($bulan as date)) as is_sesudah_bulan
from daftar as d
join pertama as p on p.kode_kabupaten = d.kode_kabupaten and p.kelompok_pekerja = d.kelompok_pekerja
join kelompok_pekerja as g on g.kode = d.kelompok_pekerja
where di_dalam(d.kode_desa, $wilayah)
  and (d.tanggal_data <= last_day(cast($bulan as date))
       or (p.tanggal_pertama > last_day(cast($bulan as date)) and d.tanggal_data = p.tanggal_pertama))
group by all
order by g.nama, d.tanggal_data desc, d.sumber
