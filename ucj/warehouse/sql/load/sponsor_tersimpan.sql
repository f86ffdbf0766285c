-- perjanjian_sponsor as stored, in the shape sponsor.sql parses a file into.
select kode_perjanjian, nama, sponsor, sumber_dana, kode_wilayah, jumlah_pekerja, program, mulai, selesai,
       tanggal_perjanjian, status, keterangan
from perjanjian_sponsor
