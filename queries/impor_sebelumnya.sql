-- impor_sebelumnya: one row (or none): the first import of the file with hash $sha256_file for group $kelompok.
-- $sha256_file: SHA-256 of the file; $kelompok: group code
-- region: none
-- counts: none
select impor_id, diimpor_at, oleh
from impor_log
where sha256_file = $sha256_file
  and jenis = $kelompok
order by impor_id
limit 1
