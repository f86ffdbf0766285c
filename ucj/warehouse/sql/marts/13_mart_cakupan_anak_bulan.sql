-- mart_cakupan_anak_bulan: one row per region below Indonesia per month: mart_cakupan_wilayah_bulan's figures
-- that compare regions side by side (peserta_aktif, pekerja_wajib, cakupan_pct), with the region's name and
-- kabupaten/kota (where a target falls back to), under its parent (kode_induk; 'ID' for a province).
-- Stored in kode_induk, bulan, kode_wilayah order: the regions directly under one region in one month lie
-- together, so a list of children (the provinces of Indonesia too, which lie apart in the coverage mart, each at
-- the head of its own province's rows) is read from a block or two. Built from the coverage mart, not from
-- participants: its size is regions x months.
-- $provinsi: the provinces (re)built.
-- refresh: by provinsi of kode_wilayah
create or replace table mart_cakupan_anak_bulan as
select
    c.kode_induk,
    c.bulan,
    c.kode_wilayah,
    w.nama,
    w.kode_kabupaten,
    c.peserta_aktif,
    c.pekerja_wajib,
    c.cakupan_pct
from mart_cakupan_wilayah_bulan as c
join wilayah as w on w.kode = c.kode_wilayah
where c.kode_induk is not null
  and di_provinsi(c.kode_wilayah, $provinsi)
order by c.kode_induk, c.bulan, c.kode_wilayah;
