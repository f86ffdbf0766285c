-- A table macro over the coverage mart (so it comes after it): what the pages comparing regions against
-- their targets read.
-- One row per region at the end of month `bulan_dicari`: its coverage with its name, parent, the UCJ target
-- for the year (its own, else its kabupaten/kota's: kecamatan and desa rarely have their own) and the people
-- still needed to reach it.
create or replace macro cakupan_target(bulan_dicari) as table
    select
        c.kode_wilayah,
        w.nama,
        c.tingkat,
        c.kode_induk,
        c.peserta_aktif,
        c.pekerja_wajib,
        c.cakupan_pct,
        cast(coalesce(own.target_pct, kab.target_pct) as double) as target_pct,
        kurang_ke_target(coalesce(own.target_pct, kab.target_pct), c.pekerja_wajib, c.peserta_aktif)
            as kurang_ke_target
    from mart_cakupan_wilayah_bulan as c
    join wilayah as w on w.kode = c.kode_wilayah
    left join target_ucj as own on own.kode_wilayah = c.kode_wilayah and own.tahun = year(c.bulan)
    left join target_ucj as kab on kab.kode_wilayah = w.kode_kabupaten and kab.tahun = year(c.bulan)
    where c.bulan = bulan_dicari;
