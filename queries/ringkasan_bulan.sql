-- ringkasan_bulan: one row per month, $bulan and $bulan_lalu (the same month a year earlier), for region $wilayah
-- at the month's end: what the Ringkasan cards show, in one read instead of four per month.
--   from cakupan_wilayah_bulan  the coverage row (the columns the page uses), no row for a month without one
--   aktif_pilihan, baru_pilihan active and new participants of segment $segmen and worker group $kelompok
--                               ('' = all), summed from mart_peserta_wilayah_bulan
--   target_pct, target_sumber   target_ucj's target of the month's year (null without one)
--   jumlah_klaim, jumlah_idr    the claims paid from January of the month's year to the month, of segment and group:
--                               klaim_manfaat_periode's total over its benefits (its read_total), as one figure
-- $wilayah: region code at any level; $bulan, $bulan_lalu: first days of the months; $segmen, $kelompok: or ''
-- region: $wilayah
-- counts: peserta_aktif, pekerja_wajib, aktif_rekap, aktif_tanpa_desa, pekerja_wajib_kabupaten, aktif_pilihan, baru_pilihan, jumlah_klaim -> jumlah_idr
-- groups: bulan
-- Each month's row is its own group, so each is protected as a read of that month alone would be.
with
diminta as (
    select cast(bulan as date) as bulan from (values ($bulan), ($bulan_lalu)) as v(bulan)
),
kabupaten_sendiri as (
    -- cakupan_wilayah_bulan's: the kabupaten/kota's own count in force at each month's end
    select d.bulan, arg_max(k.jumlah_pekerja, k.berlaku_mulai) as jumlah_pekerja
    from diminta as d
    join pekerja_wajib_kabupaten as k
        on k.kode_kabupaten = substr($wilayah, 1, 5)
       and k.berlaku_mulai <= last_day(d.bulan)
    where length($wilayah) >= 5
    group by d.bulan
),
pilihan as (
    select
        bulan,
        cast(coalesce(sum(peserta_aktif), 0) as integer) as aktif_pilihan,
        cast(coalesce(sum(peserta_baru), 0) as integer) as baru_pilihan
    from mart_peserta_wilayah_bulan
    where kode_wilayah = $wilayah
      and bulan in ($bulan, $bulan_lalu)
      and pilihan(segmen, $segmen)
      and pilihan(kelompok_pekerja, $kelompok)
    group by bulan
),
target as (
    -- target_ucj's: the region's own target for the year, else its kabupaten/kota's, else its provinsi's
    select t.tahun, t.target_pct, t.sumber
    from wilayah as w
    join target_ucj as t
        on t.tahun in (year($bulan), year($bulan_lalu))
       and t.kode_wilayah in (w.kode, w.kode_kabupaten, w.kode_provinsi)
    where w.kode = $wilayah
    qualify row_number() over (partition by t.tahun order by length(t.kode_wilayah) desc) = 1
),
klaim as (
    select
        d.bulan,
        cast(sum(k.jumlah_klaim) as bigint) as jumlah_klaim,
        cast(sum(k.jumlah_idr) as bigint) as jumlah_idr
    from diminta as d
    join mart_klaim_wilayah_bulan as k
        on k.bulan between make_date(year(d.bulan), 1, 1) and d.bulan
    where k.kode_wilayah = $wilayah
      and k.bulan between make_date(year(least($bulan, $bulan_lalu)), 1, 1) and greatest($bulan, $bulan_lalu)
      and pilihan(k.segmen, $segmen)
      and pilihan(k.kelompok_pekerja, $kelompok)
    group by d.bulan
)

select
    c.kode_wilayah,
    w.nama,
    c.tingkat,
    c.bulan,
    c.peserta_aktif,
    c.pekerja_wajib,
    c.sumber_pekerja_wajib,
    c.tanggal_sumber_pekerja_wajib,
    c.desa_tanpa_pekerja_wajib,
    c.aktif_rekap,
    c.aktif_tanpa_desa,
    c.kabupaten_tanpa_data,
    k.jumlah_pekerja as pekerja_wajib_kabupaten,
    coalesce(p.aktif_pilihan, 0) as aktif_pilihan,
    coalesce(p.baru_pilihan, 0) as baru_pilihan,
    t.target_pct,
    t.sumber as target_sumber,
    coalesce(kl.jumlah_klaim, 0) as jumlah_klaim,
    coalesce(kl.jumlah_idr, 0) as jumlah_idr
from mart_cakupan_wilayah_bulan as c
join wilayah as w on w.kode = c.kode_wilayah
left join kabupaten_sendiri as k on k.bulan = c.bulan
left join pilihan as p on p.bulan = c.bulan
left join target as t on t.tahun = year(c.bulan)
left join klaim as kl on kl.bulan = c.bulan
where c.kode_wilayah = $wilayah
  and c.bulan in ($bulan, $bulan_lalu)
order by c.bulan desc
