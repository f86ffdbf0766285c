-- batas_tersedia: one row: how many boundary shapes are stored, overall and at desa level, and when shapes were
-- last loaded (what the map's published geometry is named after).
-- (no parameters)
-- region: none
-- counts: none
select
    count(*) as bentuk,
    count(*) filter (where tingkat = 'desa_kelurahan') as bentuk_desa,
    max(dimuat_at) as dimuat_at
from batas_wilayah
