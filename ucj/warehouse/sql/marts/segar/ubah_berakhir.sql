-- ubah_berakhir: one row per desa, sumber_dana and last covered day whose count in mart_peserta_berakhir_desa a
-- load of participants changes: its loaded versions counted less its stored versions (signed), zeros left out.
-- $lama, $baru: temporary tables of the stored and the loaded versions (peserta's columns).
create or replace temp table ubah_berakhir as
select kode_desa, sumber_dana, aktif_sampai, cast(sum(tanda) as integer) as peserta
from (
    select kode_desa, sumber_dana, aktif_sampai, 1 as tanda from query_table($baru) where aktif_sampai is not null
    union all
    select kode_desa, sumber_dana, aktif_sampai, -1 from query_table($lama) where aktif_sampai is not null
)
group by all
having sum(tanda) <> 0;
