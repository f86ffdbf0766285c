-- batas_tersedia: one row: how many boundary shapes are stored, overall and at desa level.
-- (no parameters)
-- region: none
-- counts: none
select
    count(*) as bentuk,
    count(*) filter (where tingkat = 'desa_kelurahan') as bentuk_desa
from batas_wilayah
