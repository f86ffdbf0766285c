-- pekerja: workers who should be covered (the UCJ denominator) per desa or kabupaten/kota from a date, parsed,
-- with reasons. $hari_ini: today.
with
baca as (
    select
        baris,
        sel(kode_wilayah) as wilayah_teks,
        kode_baku(kode_wilayah) as kode_wilayah,
        sel(berlaku_mulai) as mulai_teks,
        tanggal(berlaku_mulai) as berlaku_mulai,
        sel(jumlah_pekerja) as jumlah_teks,
        hitungan(jumlah_pekerja) as jumlah_pekerja,
        sel(sumber) as sumber,
        sel(tanggal_sumber) as tanggal_sumber_teks,
        tanggal(tanggal_sumber) as tanggal_sumber
    from staging
)

select
    b.baris,
    b.kode_wilayah,
    w.tingkat,
    b.berlaku_mulai,
    b.jumlah_pekerja,
    b.sumber,
    b.tanggal_sumber,
    alasan([
        wilayah_alasan(b.wilayah_teks, w.kode, w.tingkat, ['desa_kelurahan', 'kabupaten_kota']),
        case when b.mulai_teks is null then 'teks_kosong' when b.berlaku_mulai is null then 'tanggal_tidak_terbaca' end,
        case when b.berlaku_mulai < date '1977-01-01' then 'tanggal_terlalu_lama' end,
        case when b.jumlah_teks is null then 'teks_kosong' when b.jumlah_pekerja is null then 'angka_tidak_terbaca'
             when b.jumlah_pekerja < 0 then 'angka_negatif' end,
        case when b.sumber is null then 'teks_kosong' end,
        case when b.tanggal_sumber_teks is null then 'teks_kosong'
             when b.tanggal_sumber is null then 'tanggal_tidak_terbaca' end,
        tanggal_mustahil(b.tanggal_sumber, cast($hari_ini as date))
    ]) as alasan
from baca as b
left join wilayah as w on w.kode = b.kode_wilayah
