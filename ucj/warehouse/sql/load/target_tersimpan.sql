-- target_ucj as stored, in the shape target.sql parses a file into.
select kode_wilayah, tahun, target_pct, sumber
from target_ucj
