-- Offices and the kabupaten/kota they serve as stored, in the shape kantor.sql parses a file into.
select k.kode_kantor, k.nama, k.jenis, kw.kode_kabupaten, kw.berlaku_mulai
from kantor_wilayah as kw
join kantor_cabang as k using (kode_kantor)
