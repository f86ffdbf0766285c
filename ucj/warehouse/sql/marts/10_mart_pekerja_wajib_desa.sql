-- mart_pekerja_wajib_desa: one row per desa per period from which a count of workers who should be covered
-- applies: pekerja_wajib's rows as they are, stored in kode_desa, berlaku_mulai order. What data_dimuat and
-- ringkasan_pekerja_wajib read for a region: pekerja_wajib is stored in load order, so a filter on a region's
-- codes reads all of it (418.810 rows at national scale); here the zonemaps read only the region's blocks.
-- $provinsi: the provinces (re)built.
-- refresh: by provinsi of kode_desa
create or replace table mart_pekerja_wajib_desa as
select kode_desa, berlaku_mulai, jumlah_pekerja, sumber, tanggal_sumber
from pekerja_wajib
where di_provinsi(kode_desa, $provinsi)
order by kode_desa, berlaku_mulai;
