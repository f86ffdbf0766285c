-- ringkasan_pekerja_wajib_akhir_bulan: one row, or none: ringkasan_pekerja_wajib's figures for region $wilayah
-- on day $tanggal read from the coverage mart's row of the day's month (the denominators in force on the month's
-- last day), when they are the day's: no denominator of the region starts after the day within the month (none can
-- on a month's last day: that test is then dropped before it runs) and, for a province or Indonesia, every
-- kabupaten/kota beneath has data (the mart leaves out the desa of one without, which ringkasan_pekerja_wajib
-- counts as desa without a denominator). No row otherwise, or where the mart has no row: then
-- ringkasan_pekerja_wajib counts them from the denominator rows (ucj/reports/summary.py reads this one first).
-- A province's sources in the mart are its kabupaten/kota's joined with '; ', so they are split, made distinct
-- and sorted again (as the mart does for Indonesia).
-- $wilayah: region code at any level; $tanggal: date
-- region: $wilayah
-- counts: pekerja_wajib
select
    cast(pekerja_wajib as bigint) as pekerja_wajib,
    case when tingkat = 'provinsi'
         then array_to_string(list_sort(list_distinct(string_split(sumber_pekerja_wajib, '; '))), '; ')
         else sumber_pekerja_wajib end as sumber,
    tanggal_sumber_pekerja_wajib as tanggal_sumber,
    cast(desa_tanpa_pekerja_wajib as bigint) as desa_tanpa_data
from mart_cakupan_wilayah_bulan
where kode_wilayah = $wilayah
  and bulan = cast(date_trunc('month', cast($tanggal as date)) as date)
  and coalesce(kabupaten_tanpa_data, 0) = 0
  and not exists (
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
