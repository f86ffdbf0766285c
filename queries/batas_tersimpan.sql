-- batas_tersimpan: one row per boundary shape read from a file (not dissolved from the shapes below it):
-- its code, full-resolution geometry (WKB) and the file it came from. What a new load keeps.
-- (no parameters)
-- region: none
-- counts: none
select kode, wkb, sumber
from batas_wilayah
where not is_turunan
order by kode
