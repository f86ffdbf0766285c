-- desa_referensi: one row per official desa/kelurahan inside region $wilayah (any level; '' for every region),
-- with its kecamatan: what village lists are matched against.
-- $wilayah: Kemendagri code of the region the list comes from, e.g. '12.10', or ''
-- region: none
-- counts: none
select
    d.kode,
    d.nama,
    d.kode_kecamatan,
    k.nama as nama_kecamatan
from wilayah as d
join wilayah as k on k.kode = d.kode_kecamatan
where d.tingkat = 'desa_kelurahan'
  and ($wilayah = '' or di_dalam(d.kode, $wilayah))
order by d.kode
