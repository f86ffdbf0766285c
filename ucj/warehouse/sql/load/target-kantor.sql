-- target-kantor: new participants an office aims to enrol in a kabupaten/kota in a month, parsed, with reasons.
with
baca as (
    select
        baris,
        sel(kode_kantor) as kode_kantor,
        sel(kode_kabupaten) as kabupaten_teks,
        kode_baku(kode_kabupaten) as kode_kabupaten,
        sel(bulan) as bulan_teks,
        bulan(bulan) as bulan,
        sel(target_peserta) as target_teks,
        hitungan(target_peserta) as target_peserta
    from staging
)

select
    b.baris,
    b.kode_kantor,
    b.kode_kabupaten,
    b.bulan,
    b.target_peserta,
    alasan([
        case when b.kode_kantor is null then 'kunci_kosong' when k.kode_kantor is null then 'kantor_tidak_dikenal' end,
        wilayah_alasan(b.kabupaten_teks, w.kode, w.tingkat, ['kabupaten_kota']),
        case when b.bulan_teks is null then 'teks_kosong' when b.bulan is null then 'bulan_tidak_terbaca' end,
        case when b.bulan < date '1977-01-01' then 'tanggal_terlalu_lama' end,
        case when b.target_teks is null then 'teks_kosong' when b.target_peserta is null then 'angka_tidak_terbaca'
             when b.target_peserta < 0 then 'angka_negatif' end
    ]) as alasan
from baca as b
left join kantor_cabang as k on k.kode_kantor = b.kode_kantor
left join wilayah as w on w.kode = b.kode_kabupaten
