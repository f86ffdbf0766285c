-- batas_sumber_dimuat: one row: how many times a boundary file with this name and content was loaded.
-- $sumber: the file's name; $sha256: SHA-256 of its content
-- region: none
-- counts: none
select count(*) as kali
from batas_sumber
where sumber = $sumber
  and sha256 = $sha256
