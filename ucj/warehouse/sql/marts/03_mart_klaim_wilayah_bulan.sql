-- mart_klaim_wilayah_bulan: one row per region (any level) per month of payment per benefit (manfaat)
-- per claimant's segmen and kelompok_pekerja, with at least one claim: jumlah_klaim and jumlah_idr paid.
-- $bulan_awal, $bulan_akhir: first and last month of the warehouse. $provinsi: the provinces (re)built.
-- Indonesia's rows ('ID', 'nasional') are the provinces' summed, again after a refresh of some provinces.
-- Stored in kode_wilayah order: one region's rows lie together.
-- refresh: by provinsi of kode_wilayah
create or replace table mart_klaim_wilayah_bulan as
with
klaim_desa as (
    select
        w.kode_provinsi, w.kode_kabupaten, w.kode_kecamatan, w.kode as kode_desa,
        cast(date_trunc('month', k.tanggal_bayar) as date) as bulan,
        k.manfaat,
        p.segmen,
        p.kelompok_pekerja,
        k.jumlah_idr
    from klaim as k
    join wilayah as w on w.kode = k.kode_desa
    join peserta as p on p.peserta_id = k.peserta_id
    where list_contains($provinsi, w.kode_provinsi)
      and di_provinsi(k.kode_desa, $provinsi)
      and k.tanggal_bayar >= cast($bulan_awal as date)
      and k.tanggal_bayar < cast($bulan_akhir as date) + interval 1 month
)

select
    rollup_kode(kode_provinsi, kode_kabupaten, kode_kecamatan, kode_desa) as kode_wilayah,
    rollup_tingkat(kode_provinsi, kode_kabupaten, kode_kecamatan, kode_desa) as tingkat,
    bulan,
    manfaat,
    segmen,
    kelompok_pekerja,
    cast(count(*) as integer) as jumlah_klaim,
    cast(sum(jumlah_idr) as bigint) as jumlah_idr
from klaim_desa
group by bulan, manfaat, segmen, kelompok_pekerja, rollup (kode_provinsi, kode_kabupaten, kode_kecamatan, kode_desa)
having grouping(kode_provinsi) = 0
order by kode_wilayah, bulan, manfaat, segmen, kelompok_pekerja;

delete from mart_klaim_wilayah_bulan
where kode_wilayah = 'ID';

insert into mart_klaim_wilayah_bulan
select
    'ID' as kode_wilayah,
    'nasional' as tingkat,
    bulan, manfaat, segmen, kelompok_pekerja,
    cast(sum(jumlah_klaim) as integer),
    cast(sum(jumlah_idr) as bigint)
from mart_klaim_wilayah_bulan
where tingkat = 'provinsi'
group by all
order by bulan, manfaat, segmen, kelompok_pekerja;
