-- Macros the marts share: which region a ROLLUP row over (provinsi, kabupaten, kecamatan, desa) codes is,
-- and its level. A row's deepest non-null code is its region.
create or replace macro rollup_kode(kode_provinsi, kode_kabupaten, kode_kecamatan, kode_desa) as
    coalesce(kode_desa, kode_kecamatan, kode_kabupaten, kode_provinsi);

create or replace macro rollup_tingkat(kode_kabupaten, kode_kecamatan, kode_desa) as
    case
        when kode_desa is not null then 'desa_kelurahan'
        when kode_kecamatan is not null then 'kecamatan'
        when kode_kabupaten is not null then 'kabupaten_kota'
        else 'provinsi'
    end;
