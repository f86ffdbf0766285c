-- ubah_peserta_wilayah: ubah_peserta_desa (the signed change to mart_peserta_desa_bulan) rolled up as
-- mart_peserta_atas_desa_bulan is: one row per region above the desa (kecamatan, kabupaten/kota, provinsi and
-- Indonesia 'ID') per month per segmen, kelompok_pekerja, sumber_dana and asal. The desa rows of the view
-- mart_peserta_wilayah_bulan are mart_peserta_desa_bulan's own, changed already.
create or replace temp table ubah_peserta_wilayah as
with
desa as (
    select u.*, w.tingkat, w.kode_kecamatan, w.kode_kabupaten, w.kode_provinsi
    from ubah_peserta_desa as u
    join wilayah as w on w.kode = u.kode_desa
)

select
    rollup_kode(kode_provinsi, kode_kabupaten, kode_kecamatan, null) as kode_wilayah,
    rollup_tingkat(kode_provinsi, kode_kabupaten, kode_kecamatan, null) as tingkat,
    bulan, segmen, kelompok_pekerja, sumber_dana, asal,
    cast(sum(peserta_aktif) as integer) as peserta_aktif,
    cast(sum(peserta_baru) as integer) as peserta_baru,
    cast(sum(peserta_berhenti) as integer) as peserta_berhenti
from desa
group by bulan, segmen, kelompok_pekerja, sumber_dana, asal, rollup (kode_provinsi, kode_kabupaten, kode_kecamatan);
