-- The denominators as stored, desa and kabupaten/kota together, in the shape pekerja.sql parses a file into.
select kode_desa as kode_wilayah, 'desa_kelurahan' as tingkat, berlaku_mulai, jumlah_pekerja, sumber, tanggal_sumber
from pekerja_wajib
union all
select kode_kabupaten, 'kabupaten_kota', berlaku_mulai, jumlah_pekerja, sumber, tanggal_sumber
from pekerja_wajib_kabupaten
