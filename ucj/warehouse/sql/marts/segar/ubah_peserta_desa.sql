-- ubah_peserta_desa: one row per desa, month, segmen, kelompok_pekerja and sumber_dana whose persons' figures in
-- mart_peserta_desa_bulan a load of participants changes, with the change (signed): for the months already
-- built, the loaded versions of the participants it changed or added counted less their stored versions; for the
-- months the load adds, every participant counted. Rows whose change is zero are left out.
-- $lama, $baru: temporary tables of the stored and the loaded versions (peserta's columns).
-- $bulan_awal: first month of the warehouse; $akhir_lama: last month already built; $bulan_akhir: last month now.
-- $provinsi: every province.
create or replace temp table ubah_peserta_desa as
with
perubahan as (
    select * from peserta_bulan($baru, $bulan_awal, $akhir_lama, $provinsi)
    union all
    select kode_desa, bulan, segmen, kelompok_pekerja, sumber_dana, -peserta_aktif, -peserta_baru, -peserta_berhenti
    from peserta_bulan($lama, $bulan_awal, $akhir_lama, $provinsi)
    union all
    select *
    from peserta_bulan('peserta', cast($akhir_lama as date) + interval 1 month, $bulan_akhir, $provinsi)
    where cast($bulan_akhir as date) > cast($akhir_lama as date)
)

select
    kode_desa, bulan, segmen, kelompok_pekerja, sumber_dana, 'perorangan' as asal,
    cast(sum(peserta_aktif) as integer) as peserta_aktif,
    cast(sum(peserta_baru) as integer) as peserta_baru,
    cast(sum(peserta_berhenti) as integer) as peserta_berhenti
from perubahan
group by all
having sum(peserta_aktif) <> 0 or sum(peserta_baru) <> 0 or sum(peserta_berhenti) <> 0;
