-- wilayah: one row for the region with code $wilayah (any level), with its name and level; none if unknown.
-- $wilayah: Kemendagri code, e.g. '12.10'
-- region: none
-- counts: none
select kode, nama, tingkat, kode_induk
from wilayah
where kode = $wilayah
