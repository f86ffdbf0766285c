-- data_dimuat: one row per kind of data loaded for the area of region $wilayah: for a desa or kecamatan its
-- kabupaten/kota (extracts come per kabupaten/kota: a desa with no participant in a loaded extract has none),
-- for a kabupaten/kota or provinsi the region itself. How many rows, the first and last day they speak of,
-- where they came from and when they were last loaded; no row for a kind with nothing loaded.
--   lingkup  the area the rows are counted for
--   di_atas  rows loaded for a region above that area (a province's target seen from a kabupaten): they say
--            something about it but are not its own figures
-- An area with no peserta, rekap, klaim or pekerja rows that are not di_atas has no data of its own yet: its
-- figures are unknown, not zero.
-- $wilayah: region code at any level
-- region: $wilayah
-- counts: none
-- The area's rows of mart_dimuat_wilayah: a point lookup on its code (the first five characters of any region's
-- code: a kabupaten/kota's, or a provinsi's or 'ID' whole), a constant the zonemaps use.
select
    m.jenis,
    m.baris,
    m.tanggal_awal,
    -- for participants the last registration or end of cover: not today because someone is still covered
    case when m.jenis = 'peserta'
         then greatest(m.tanggal_akhir, list_max(list_filter(m.hari_berakhir, lambda d: d <= current_date)))
         else m.tanggal_akhir end as tanggal_akhir,
    m.sumber,
    i.diimpor_at as dimuat_at,
    m.di_atas,
    m.kode_wilayah as lingkup
from mart_dimuat_wilayah as m
left join impor_log as i on i.impor_id = m.impor_id
where m.kode_wilayah = substr($wilayah, 1, 5)
order by case m.jenis when 'peserta' then 1 when 'rekap' then 2 when 'klaim' then 3 when 'pekerja' then 4 else 5 end,
         m.di_atas
