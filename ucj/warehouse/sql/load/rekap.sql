-- rekap: counts of active participants per desa or kecamatan per month per segmen, parsed, with reasons.
-- $hari_ini: today.
with
baca as (
    select
        baris,
        sel(kode_wilayah) as wilayah_teks,
        kode_baku(kode_wilayah) as kode_wilayah,
        sel(bulan) as bulan_teks,
        bulan(bulan) as bulan,
        sel(segmen) as segmen_teks,
        segmen_baku(segmen) as segmen,
        sel(peserta_aktif) as aktif_teks,
        hitungan(peserta_aktif) as peserta_aktif,
        sel(peserta_baru) as baru_teks,
        hitungan(peserta_baru) as peserta_baru
    from staging
)

select
    b.baris,
    b.kode_wilayah,
    b.bulan,
    b.segmen,
    b.peserta_aktif,
    b.peserta_baru,
    alasan([
        wilayah_alasan(b.wilayah_teks, w.kode, w.tingkat, ['desa_kelurahan', 'kecamatan']),
        case when b.bulan_teks is null then 'teks_kosong' when b.bulan is null then 'bulan_tidak_terbaca' end,
        case when b.bulan > cast($hari_ini as date) then 'tanggal_di_masa_depan' end,
        case when b.bulan < date '1977-01-01' then 'tanggal_terlalu_lama' end,
        case when b.segmen_teks is null then 'teks_kosong' when b.segmen is null then 'segmen_tidak_dikenal' end,
        case when b.aktif_teks is null then 'teks_kosong' when b.peserta_aktif is null then 'angka_tidak_terbaca'
             when b.peserta_aktif < 0 then 'angka_negatif' end,
        case when b.baru_teks is not null and b.peserta_baru is null then 'angka_tidak_terbaca'
             when b.peserta_baru < 0 then 'angka_negatif' end
    ]) as alasan
from baca as b
left join wilayah as w on w.kode = b.kode_wilayah
