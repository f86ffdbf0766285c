-- wilayah: one row for the region with code $kode (any level), with its name and level; none if unknown.
-- $kode: Kemendagri code, e.g. '12.10'
select kode, nama, tingkat, kode_induk
from wilayah
where kode = $kode
