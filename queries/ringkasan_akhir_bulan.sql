-- ringkasan_akhir_bulan: one row per day, $tanggal and $tanggal_lalu (days of different months, or the same day
-- twice: one row), whose month has a row for region $wilayah in the coverage mart: that row's active participants and workers who should be
-- covered, read for both days at once (the briefing's day and a year earlier), each with whether it is the day's:
--   aktif_akhir_bulan     the day is its month's last day: peserta_aktif and dari_rekap are the persons and counts
--                         active that day
--   pekerja_akhir_bulan   no denominator of the region starts after the day within its month and, for a province or
--                         Indonesia, every kabupaten/kota beneath has data: pekerja_wajib, sumber, tanggal_sumber and
--                         desa_tanpa_data are the day's
--   kabupaten_tanpa_data  the month's kabupaten/kota with nothing loaded (cakupan_wilayah_bulan's)
-- Where a flag is false, or a day has no row, ucj/reports/summary.py counts that figure for the day
-- (ringkasan_peserta_aktif, ringkasan_pekerja_wajib). A province's sources are split, made distinct and sorted again.
-- $wilayah: region code at any level; $tanggal, $tanggal_lalu: dates
-- region: $wilayah
-- counts: peserta_aktif, dari_rekap, pekerja_wajib
-- groups: tanggal
-- Each day's row is its own group, so each is protected as a read of that day alone would be. The tests of a
-- denominator starting later in the month are written once per parameter, on constants, so that on a month's last
-- day they are dropped before they run; a row is the mart's row of the day's month, no join.
select
    case when c.bulan = cast(date_trunc('month', cast($tanggal as date)) as date) then cast($tanggal as date)
         else cast($tanggal_lalu as date) end as tanggal,
    case when c.bulan = cast(date_trunc('month', cast($tanggal as date)) as date)
         then cast($tanggal as date) = last_day(cast($tanggal as date))
         else cast($tanggal_lalu as date) = last_day(cast($tanggal_lalu as date)) end as aktif_akhir_bulan,
    cast(c.peserta_aktif as bigint) as peserta_aktif,
    cast(c.aktif_rekap as bigint) as dari_rekap,
    coalesce(c.kabupaten_tanpa_data, 0) = 0
        and case when c.bulan = cast(date_trunc('month', cast($tanggal as date)) as date)
                 then not exists (
                        select 1
                        from mart_pekerja_wajib_desa
                        where cast($tanggal as date) < last_day(cast($tanggal as date))
                          and berlaku_mulai > $tanggal
                          and berlaku_mulai <= last_day(cast($tanggal as date))
                          and di_dalam(kode_desa, $wilayah))
                  and not exists (
                        select 1
                        from pekerja_wajib_kabupaten
                        where cast($tanggal as date) < last_day(cast($tanggal as date))
                          and berlaku_mulai > $tanggal
                          and berlaku_mulai <= last_day(cast($tanggal as date))
                          and length($wilayah) <= 5
                          and di_dalam(kode_kabupaten, $wilayah))
                 else not exists (
                        select 1
                        from mart_pekerja_wajib_desa
                        where cast($tanggal_lalu as date) < last_day(cast($tanggal_lalu as date))
                          and berlaku_mulai > $tanggal_lalu
                          and berlaku_mulai <= last_day(cast($tanggal_lalu as date))
                          and di_dalam(kode_desa, $wilayah))
                  and not exists (
                        select 1
                        from pekerja_wajib_kabupaten
                        where cast($tanggal_lalu as date) < last_day(cast($tanggal_lalu as date))
                          and berlaku_mulai > $tanggal_lalu
                          and berlaku_mulai <= last_day(cast($tanggal_lalu as date))
                          and length($wilayah) <= 5
                          and di_dalam(kode_kabupaten, $wilayah)) end as pekerja_akhir_bulan,
    cast(c.pekerja_wajib as bigint) as pekerja_wajib,
    case when c.tingkat = 'provinsi'
         then array_to_string(list_sort(list_distinct(string_split(c.sumber_pekerja_wajib, '; '))), '; ')
         else c.sumber_pekerja_wajib end as sumber,
    c.tanggal_sumber_pekerja_wajib as tanggal_sumber,
    cast(c.desa_tanpa_pekerja_wajib as bigint) as desa_tanpa_data,
    c.kabupaten_tanpa_data
from mart_cakupan_wilayah_bulan as c
where c.kode_wilayah = $wilayah
  and c.bulan in (cast(date_trunc('month', cast($tanggal as date)) as date),
                  cast(date_trunc('month', cast($tanggal_lalu as date)) as date))
order by c.bulan desc
