-- sponsor_peserta_wilayah: one row per sponsorship agreement with participants of region $wilayah covered on day
-- $tanggal: the agreement, its funding source and period, and how many of the region's participants it covers.
-- $wilayah: region code (usually a desa; 'ID': Indonesia); $tanggal: date
-- region: $wilayah
-- counts: peserta
-- groups: all
select
    s.kode_perjanjian,
    s.nama,
    s.sponsor,
    s.sumber_dana,
    s.mulai,
    s.selesai,
    count(*) as peserta
from peserta as p
join wilayah as w on w.kode = p.kode_desa
join perjanjian_sponsor as s on s.kode_perjanjian = p.kode_perjanjian
where $wilayah in (w.kode, w.kode_kecamatan, w.kode_kabupaten, w.kode_provinsi, 'ID')
  and p.tanggal_daftar <= $tanggal
  and (p.aktif_sampai is null or p.aktif_sampai >= $tanggal)
group by all
order by peserta desc
