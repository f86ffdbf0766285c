-- impor_berikutnya: one row: the number the next import gets.
-- (no parameters)
-- region: none
-- counts: none
select cast(coalesce(max(impor_id), 0) + 1 as integer) as impor_id
from impor_log
