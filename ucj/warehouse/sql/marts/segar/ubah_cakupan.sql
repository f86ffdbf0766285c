-- ubah_cakupan: one row per region (any level but Indonesia) and month already built whose participant figures
-- in mart_cakupan_wilayah_bulan ubah_peserta_desa changes, with the change (signed) of each.
-- $akhir_lama: last month already built.
create or replace temp table ubah_cakupan as
with
desa as (
    select
        u.*,
        case when w.tingkat = 'desa_kelurahan' then w.kode end as kode_desa_saja,
        w.kode_kecamatan, w.kode_kabupaten, w.kode_provinsi
    from ubah_peserta_desa as u
    join wilayah as w on w.kode = u.kode_desa
    where u.bulan <= cast($akhir_lama as date)
)

select
    rollup_kode(kode_provinsi, kode_kabupaten, kode_kecamatan, kode_desa_saja) as kode_wilayah,
    bulan,
    sum(peserta_aktif) as peserta_aktif,
    coalesce(sum(peserta_aktif) filter (where segmen = 'PU'), 0) as aktif_pu,
    coalesce(sum(peserta_aktif) filter (where segmen = 'BPU'), 0) as aktif_bpu,
    coalesce(sum(peserta_aktif) filter (where segmen = 'Jakon'), 0) as aktif_jakon,
    coalesce(sum(peserta_aktif) filter (where segmen = 'PMI'), 0) as aktif_pmi,
    coalesce(sum(peserta_aktif) filter (where asal = 'rekap'), 0) as aktif_rekap,
    coalesce(sum(peserta_aktif) filter (where kode_desa_saja is null), 0) as aktif_tanpa_desa,
    sum(peserta_baru) as peserta_baru,
    sum(peserta_berhenti) as peserta_berhenti
from desa
group by bulan, rollup (kode_provinsi, kode_kabupaten, kode_kecamatan, kode_desa_saja)
having grouping(kode_provinsi) = 0 and not (grouping(kode_desa_saja) = 0 and kode_desa_saja is null);
