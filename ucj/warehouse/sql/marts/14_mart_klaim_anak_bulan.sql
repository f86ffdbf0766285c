-- mart_klaim_anak_bulan: one row per region below Indonesia per month of payment per claimant's segmen and
-- kelompok_pekerja with at least one claim: mart_klaim_wilayah_bulan's jumlah_klaim and jumlah_idr summed over
-- the benefits, with the region's name, under its parent (kode_induk; 'ID' for a province).
-- Stored in kode_induk, bulan, kode_wilayah order: the regions directly under one region in a range of months
-- lie together, where the claims mart keeps each region's rows beside its own descendants'. Built from the
-- claims mart, not from the claims.
-- $provinsi: the provinces (re)built.
-- refresh: by provinsi of kode_wilayah
create or replace table mart_klaim_anak_bulan as
select
    case when w.tingkat = 'provinsi' then 'ID' else w.kode_induk end as kode_induk,
    k.bulan,
    k.kode_wilayah,
    w.nama,
    k.segmen,
    k.kelompok_pekerja,
    cast(sum(k.jumlah_klaim) as integer) as jumlah_klaim,
    cast(sum(k.jumlah_idr) as bigint) as jumlah_idr
from mart_klaim_wilayah_bulan as k
join wilayah as w on w.kode = k.kode_wilayah
where k.kode_wilayah <> 'ID'
  and di_provinsi(k.kode_wilayah, $provinsi)
group by all
order by kode_induk, k.bulan, k.kode_wilayah;
