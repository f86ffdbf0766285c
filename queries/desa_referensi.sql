-- desa_referensi: one row per official desa/kelurahan inside region $kode (any level; '' for every region),
-- with its kecamatan: what village lists are matched against.
-- $kode: Kemendagri code of the region the list comes from, e.g. '12.10', or ''
select
    d.kode,
    d.nama,
    d.kode_kecamatan,
    k.nama as nama_kecamatan
from wilayah as d
join wilayah as k on k.kode = d.kode_kecamatan
where d.tingkat = 'desa_kelurahan'
  and ($kode = '' or d.kode = $kode or starts_with(d.kode, $kode || '.'))
order by d.kode
