-- ubah_peserta_wilayah: ubah_peserta_desa (the signed change to mart_peserta_desa_bulan) rolled up as
-- mart_peserta_wilayah_bulan is: one row per region (desa rows for desa codes; kecamatan, kabupaten/kota,
-- provinsi and Indonesia 'ID' above) per month per segmen, kelompok_pekerja, sumber_dana and asal.
create or replace temp table ubah_peserta_wilayah as
with
desa as (
    select u.*, w.tingkat, w.kode_kecamatan, w.kode_kabupaten, w.kode_provinsi
    from ubah_peserta_desa as u
    join wilayah as w on w.kode = u.kode_desa
)

select
    kode_desa as kode_wilayah, 'desa_kelurahan' as tingkat,
    bulan, segmen, kelompok_pekerja, sumber_dana, asal, peserta_aktif, peserta_baru, peserta_berhenti
from desa
where tingkat = 'desa_kelurahan'
union all
select
    rollup_kode(kode_provinsi, kode_kabupaten, kode_kecamatan, null),
    rollup_tingkat(kode_provinsi, kode_kabupaten, kode_kecamatan, null),
    bulan, segmen, kelompok_pekerja, sumber_dana, asal,
    cast(sum(peserta_aktif) as integer), cast(sum(peserta_baru) as integer), cast(sum(peserta_berhenti) as integer)
from desa
group by bulan, segmen, kelompok_pekerja, sumber_dana, asal, rollup (kode_provinsi, kode_kabupaten, kode_kecamatan);
