-- ringkasan_peserta_aktif: one row: participants of region $wilayah covered on day $tanggal
-- (registered on or before it, cover lasting to it or beyond). Read from the person-grain table so
-- that any day, not only month ends, is exact.
-- $wilayah: region code at any level; $tanggal: date
-- region: $wilayah
-- counts: peserta_aktif
select count(*) as peserta_aktif
from peserta as p
join desa_di($wilayah) as d on d.kode = p.kode_desa
where p.tanggal_daftar <= $tanggal
  and (p.aktif_sampai is null or p.aktif_sampai >= $tanggal)
