-- target: a province's or kabupaten/kota's UCJ target % for a year, parsed, with reasons.
with
baca as (
    select
        baris,
        sel(kode_wilayah) as wilayah_teks,
        kode_baku(kode_wilayah) as kode_wilayah,
        sel(tahun) as tahun_teks,
        case when regexp_full_match(sel(tahun), '\d{4}') then cast(sel(tahun) as integer) end as tahun,
        sel(target_pct) as target_teks,
        persen(target_pct) as target_pct,
        sel(sumber) as sumber
    from staging
)

select
    b.baris,
    b.kode_wilayah,
    b.tahun,
    try_cast(b.target_pct as decimal(5, 2)) as target_pct,  -- out of range: rejected below
    b.sumber,
    alasan([
        wilayah_alasan(b.wilayah_teks, w.kode, w.tingkat, ['provinsi', 'kabupaten_kota']),
        case when b.tahun_teks is null then 'teks_kosong'
             when b.tahun is null or b.tahun not between 1977 and 2100 then 'tahun_tidak_terbaca' end,
        case when b.target_teks is null then 'teks_kosong' when b.target_pct is null then 'angka_tidak_terbaca'
             when b.target_pct not between 0 and 100 then 'persen_di_luar_rentang' end,
        case when b.sumber is null then 'teks_kosong' end
    ]) as alasan
from baca as b
left join wilayah as w on w.kode = b.kode_wilayah
