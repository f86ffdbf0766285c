-- peserta: one row per row of the file, parsed, with the reasons it cannot be loaded (alasan, empty = loadable).
-- The NIK leaves as a keyed hash only: HMAC-SHA256 computed here ($ipad, $opad: the key's two pads), the same
-- hash as ucj.ingest.nik.hash_nik. $hari_ini: today.
with
baca as (
    select
        baris,
        sel(kpj) as kpj,
        sel(nik) as nik_sel,
        nik_teks(nik) as nik_angka,
        sel(kode_desa) as desa_teks,
        kode_baku(kode_desa) as kode_desa,
        sel(segmen) as segmen_teks,
        segmen_baku(segmen) as segmen,
        sel(tanggal_daftar) as daftar_teks,
        tanggal(tanggal_daftar) as tanggal_daftar,
        sel(aktif_sampai) as sampai_teks,
        tanggal(aktif_sampai) as aktif_sampai,
        lower(sel(kelompok_pekerja)) as kelompok_teks,
        sel(sumber_dana) as sumber_teks,
        sumber_dana_baku(sumber_dana) as sumber_dana,
        program_daftar(program) as program
    from staging
),

periksa as (
    select *, nik_alasan(nik_sel, nik_angka) as nik_salah
    from baca
)

select
    b.baris,
    b.kpj,
    case when b.nik_salah is null
         then sha256($opad || unhex(sha256($ipad || encode(b.nik_angka)))) end as nik_hash,
    b.kode_desa,
    b.segmen,
    coalesce(k.kode, 'lainnya') as kelompok_pekerja,
    coalesce(b.sumber_dana, case when b.segmen in ('PU', 'Jakon') then 'pemberi kerja' else 'mandiri' end) as sumber_dana,
    list_contains(coalesce(b.program, program_wajib(b.segmen)), 'JKK') as is_jkk,
    list_contains(coalesce(b.program, program_wajib(b.segmen)), 'JKM') as is_jkm,
    list_contains(coalesce(b.program, program_wajib(b.segmen)), 'JHT') as is_jht,
    list_contains(coalesce(b.program, program_wajib(b.segmen)), 'JP') as is_jp,
    list_contains(coalesce(b.program, program_wajib(b.segmen)), 'JKP') as is_jkp,
    b.tanggal_daftar,
    b.aktif_sampai,
    alasan([
        case when b.kpj is null then 'kunci_kosong' end,
        b.nik_salah,
        case when b.nik_salah is null and nik_kab.kode is null then 'nik_wilayah_tidak_dikenal' end,
        wilayah_alasan(b.desa_teks, w.kode, w.tingkat, ['desa_kelurahan']),
        case when b.segmen_teks is null then 'teks_kosong' when b.segmen is null then 'segmen_tidak_dikenal' end,
        case when b.daftar_teks is null then 'teks_kosong' when b.tanggal_daftar is null then 'tanggal_tidak_terbaca' end,
        tanggal_mustahil(b.tanggal_daftar, cast($hari_ini as date)),
        case when b.sampai_teks is not null and b.aktif_sampai is null then 'tanggal_tidak_terbaca' end,
        case when b.aktif_sampai < date '1977-01-01' then 'tanggal_terlalu_lama' end,
        case when b.aktif_sampai < b.tanggal_daftar then 'daftar_setelah_aktif_sampai' end,
        case when b.kelompok_teks is not null and k.kode is null then 'kelompok_tidak_dikenal' end,
        case when b.sumber_teks is not null and b.sumber_dana is null then 'sumber_dana_tidak_dikenal' end,
        case when program_asing(b.program) then 'program_tidak_dikenal' end
    ]) as alasan
from periksa as b
left join wilayah as w on w.kode = b.kode_desa
left join wilayah as nik_kab on nik_kab.kode = substr(b.nik_angka, 1, 2) || '.' || substr(b.nik_angka, 3, 2)
left join kelompok_pekerja as k
    on b.kelompok_teks in (k.kode, lower(k.nama), replace(k.kode, '_', ' '))
