-- sponsor: agreements to pay workers' contributions (MoU, Perbup), parsed, with reasons.
with
baca as (
    select
        baris,
        sel(kode_perjanjian) as kode_perjanjian,
        sel(nama) as nama,
        sel(sponsor) as sponsor,
        sel(sumber_dana) as sumber_teks,
        sumber_dana_baku(sumber_dana) as sumber_dana,
        sel(kode_wilayah) as wilayah_teks,
        kode_baku(kode_wilayah) as kode_wilayah,
        sel(jumlah_pekerja) as jumlah_teks,
        hitungan(jumlah_pekerja) as jumlah_pekerja,
        program_daftar(program) as program,
        sel(mulai) as mulai_teks,
        tanggal(mulai) as mulai,
        sel(selesai) as selesai_teks,
        tanggal(selesai) as selesai,
        sel(tanggal_perjanjian) as perjanjian_teks,
        tanggal(tanggal_perjanjian) as tanggal_perjanjian,
        lower(sel(status)) as status,
        sel(keterangan) as keterangan
    from staging
)

select
    b.baris,
    b.kode_perjanjian,
    b.nama,
    b.sponsor,
    b.sumber_dana,
    b.kode_wilayah,
    b.jumlah_pekerja,
    b.program,
    b.mulai,
    b.selesai,
    b.tanggal_perjanjian,
    b.status,
    b.keterangan,
    alasan([
        case when b.kode_perjanjian is null then 'kunci_kosong' end,
        case when b.nama is null or b.sponsor is null then 'teks_kosong' end,
        case when b.sumber_teks is null then 'teks_kosong'
             when b.sumber_dana is null or b.sumber_dana in ('mandiri', 'pemberi kerja')
                 then 'sumber_dana_tidak_dikenal' end,
        wilayah_alasan(b.wilayah_teks, w.kode, w.tingkat, ['provinsi', 'kabupaten_kota', 'kecamatan', 'desa_kelurahan']),
        case when b.jumlah_teks is null then 'teks_kosong' when b.jumlah_pekerja is null then 'angka_tidak_terbaca'
             when b.jumlah_pekerja <= 0 then 'jumlah_tidak_positif' end,
        case when b.program is null or len(b.program) = 0 then 'teks_kosong'
             when program_asing(b.program) then 'program_tidak_dikenal' end,
        case when b.mulai_teks is null then 'teks_kosong' when b.mulai is null then 'tanggal_tidak_terbaca' end,
        case when b.selesai_teks is null then 'teks_kosong' when b.selesai is null then 'tanggal_tidak_terbaca' end,
        case when b.selesai < b.mulai then 'selesai_sebelum_mulai' end,
        case when least(b.mulai, b.selesai, b.tanggal_perjanjian) < date '1977-01-01' then 'tanggal_terlalu_lama' end,
        case when b.perjanjian_teks is not null and b.tanggal_perjanjian is null then 'tanggal_tidak_terbaca' end,
        case when b.status is null then 'teks_kosong' when b.status not in ('berlaku', 'rencana') then 'status_tidak_dikenal' end
    ]) as alasan
from baca as b
left join wilayah as w on w.kode = b.kode_wilayah
