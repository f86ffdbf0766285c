-- klaim: one row per claim paid, parsed, with reasons. The claimant is found by kpj among the participants
-- already loaded; the desa is the file's, else the one stored for the claim (a claim keeps the desa where it
-- happened: sent again after its participant moved, it stays there), else the participant's. $hari_ini: today.
with
baca as (
    select
        baris,
        sel(no_klaim) as no_klaim,
        sel(kpj) as kpj,
        sel(manfaat) as manfaat_teks,
        manfaat_baku(manfaat) as manfaat,
        sel(tanggal_kejadian) as kejadian_teks,
        tanggal(tanggal_kejadian) as tanggal_kejadian,
        sel(tanggal_bayar) as bayar_teks,
        tanggal(tanggal_bayar) as tanggal_bayar,
        sel(jumlah_idr) as jumlah_teks,
        angka(jumlah_idr) as jumlah_idr,
        sel(kode_desa) as desa_teks,
        kode_baku(kode_desa) as kode_desa
    from staging
)

select
    b.baris,
    b.no_klaim,
    p.peserta_id,
    coalesce(b.kode_desa, k.kode_desa, p.kode_desa) as kode_desa,
    b.manfaat,
    b.tanggal_kejadian,
    b.tanggal_bayar,
    b.jumlah_idr,
    alasan([
        case when b.no_klaim is null then 'kunci_kosong' end,
        case when b.kpj is null then 'teks_kosong' when p.peserta_id is null then 'kpj_tidak_dikenal' end,
        case when b.manfaat_teks is null then 'teks_kosong' when b.manfaat is null then 'manfaat_tidak_dikenal' end,
        case when b.kejadian_teks is null then 'teks_kosong'
             when b.tanggal_kejadian is null then 'tanggal_tidak_terbaca' end,
        tanggal_mustahil(b.tanggal_kejadian, cast($hari_ini as date)),
        case when b.bayar_teks is null then 'teks_kosong' when b.tanggal_bayar is null then 'tanggal_tidak_terbaca' end,
        tanggal_mustahil(b.tanggal_bayar, cast($hari_ini as date)),
        case when b.tanggal_bayar < b.tanggal_kejadian then 'bayar_sebelum_kejadian' end,
        case when b.tanggal_kejadian < p.tanggal_daftar then 'kejadian_sebelum_daftar' end,
        case when b.jumlah_teks is null then 'teks_kosong' when b.jumlah_idr is null then 'angka_tidak_terbaca'
             when b.jumlah_idr <= 0 then 'jumlah_tidak_positif' end,
        case when b.desa_teks is not null then wilayah_alasan(b.desa_teks, w.kode, w.tingkat, ['desa_kelurahan']) end
    ]) as alasan
from baca as b
left join peserta as p on p.kpj = b.kpj
left join klaim as k on k.no_klaim = b.no_klaim and k.peserta_id = p.peserta_id
left join wilayah as w on w.kode = b.kode_desa
