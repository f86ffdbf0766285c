-- ringkasan_peserta_aktif_akhir_bulan: one row, or none: ringkasan_peserta_aktif's figures for region $wilayah
-- on day $tanggal when that day is a month's last day, read from the coverage mart's row of that month (its
-- peserta_aktif and aktif_rekap are the persons and counts active that day). No row on another day, or where the
-- mart has no row: then ringkasan_peserta_aktif counts them (ucj/reports/summary.py reads this one first).
-- $wilayah: region code at any level; $tanggal: date
-- region: $wilayah
-- counts: peserta_aktif, dari_rekap
select
    cast(peserta_aktif as bigint) as peserta_aktif,
    cast(aktif_rekap as bigint) as dari_rekap
from mart_cakupan_wilayah_bulan
where kode_wilayah = $wilayah
  and bulan = cast(date_trunc('month', cast($tanggal as date)) as date)
  and cast($tanggal as date) = last_day(cast($tanggal as date))
