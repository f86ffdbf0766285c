-- klaim as stored, in the shape klaim.sql parses a file into.
select no_klaim, peserta_id, kode_desa, manfaat, tanggal_kejadian, tanggal_bayar, jumlah_idr, klaim_id
from klaim
where no_klaim is not null
