-- rekap_peserta as stored, in the shape rekap.sql parses a file into. The source is not compared: the same
-- figures sent again under another file name change nothing.
select kode_wilayah, bulan, segmen, peserta_aktif, peserta_baru
from rekap_peserta
