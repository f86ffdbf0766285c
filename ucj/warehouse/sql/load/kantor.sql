-- kantor: which office serves which kabupaten/kota from which day, with the office's name and kind, parsed,
-- with reasons. An office named differently in two rows of one file is refused in both.
with
baca as (
    select
        baris,
        sel(kode_kantor) as kode_kantor,
        sel(nama) as nama,
        lower(sel(jenis)) as jenis_teks,
        jenis_kantor(jenis) as jenis,
        sel(kode_kabupaten) as kabupaten_teks,
        kode_baku(kode_kabupaten) as kode_kabupaten,
        sel(berlaku_mulai) as mulai_teks,
        tanggal(berlaku_mulai) as berlaku_mulai
    from staging
),

nama_berbeda as (
    select kode_kantor
    from baca
    group by kode_kantor
    having count(distinct (nama, coalesce(jenis, jenis_teks))) > 1
)

select
    b.baris,
    b.kode_kantor,
    b.nama,
    b.jenis,
    b.kode_kabupaten,
    b.berlaku_mulai,
    alasan([
        case when b.kode_kantor is null then 'teks_kosong' end,
        case when b.kode_kantor in (select kode_kantor from nama_berbeda) then 'kunci_ganda_berbeda' end,
        case when b.nama is null then 'teks_kosong' end,
        case when b.jenis_teks is null then 'teks_kosong'
             when b.jenis is null then 'jenis_kantor_tidak_dikenal' end,
        wilayah_alasan(b.kabupaten_teks, w.kode, w.tingkat, ['kabupaten_kota']),
        case when b.mulai_teks is null then 'kunci_kosong' when b.berlaku_mulai is null then 'tanggal_tidak_terbaca' end,
        case when b.berlaku_mulai < date '1977-01-01' then 'tanggal_terlalu_lama' end
    ]) as alasan
from baca as b
left join wilayah as w on w.kode = b.kode_kabupaten
