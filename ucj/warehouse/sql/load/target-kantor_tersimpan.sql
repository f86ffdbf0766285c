-- target_peserta_baru as stored, in the shape target-kantor.sql parses a file into.
select kode_kantor, kode_kabupaten, bulan, target_peserta
from target_peserta_baru
