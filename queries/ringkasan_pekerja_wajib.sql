-- ringkasan_pekerja_wajib: one row: workers of region $wilayah who should be covered on day $tanggal, with
-- their sources, the latest source date and the number of desa that have no denominator for that day.
-- Per desa, the denominator row in force that day; a kabupaten/kota's own denominator (pekerja_wajib_kabupaten),
-- where one is in force, replaces the sum of its desa at kabupaten level and above, and is never spread over
-- its desa (a kecamatan or desa of such a kabupaten has only its desa rows).
-- $wilayah: region code at any level; $tanggal: date
-- region: $wilayah
-- counts: pekerja_wajib
-- Counted from the denominator rows: the summary reads ringkasan_akhir_bulan first (the coverage
-- mart's row, where it is the day's) and this one only where that has no row. A row in force is the one of the
-- latest start up to the day (starts are unique per desa and per kabupaten/kota: the tables' keys).
with
-- per kabupaten/kota of the region (at kabupaten level and above), its own denominator in force that day
kabupaten as (
    select
        kode_kabupaten,
        arg_max(jumlah_pekerja, berlaku_mulai) as jumlah_pekerja,
        arg_max(sumber, berlaku_mulai) as sumber,
        arg_max(tanggal_sumber, berlaku_mulai) as tanggal_sumber
    from pekerja_wajib_kabupaten
    where berlaku_mulai <= $tanggal
      and length($wilayah) <= 5
      and di_dalam(kode_kabupaten, $wilayah)
    group by kode_kabupaten
),

-- per desa of the region outside those, the row in force that day (none: no denominator)
desa as (
    select
        arg_max(w.jumlah_pekerja, w.berlaku_mulai) as jumlah_pekerja,
        arg_max(w.sumber, w.berlaku_mulai) as sumber,
        arg_max(w.tanggal_sumber, w.berlaku_mulai) as tanggal_sumber
    from wilayah as d
    left join mart_pekerja_wajib_desa as w
        on w.kode_desa = d.kode
       and w.berlaku_mulai <= $tanggal
       and di_dalam(w.kode_desa, $wilayah)
    where d.tingkat = 'desa_kelurahan'
      and di_dalam(d.kode, $wilayah)
      and substr(d.kode, 1, 5) not in (select kode_kabupaten from kabupaten)
    group by d.kode
),

in_force as (
    select jumlah_pekerja, sumber, tanggal_sumber, 0 as tanpa_data
    from kabupaten
    union all
    select jumlah_pekerja, sumber, tanggal_sumber, case when jumlah_pekerja is null then 1 else 0 end
    from desa
)

select
    cast(sum(jumlah_pekerja) as bigint) as pekerja_wajib,
    string_agg(distinct sumber, '; ' order by sumber) as sumber,
    max(tanggal_sumber) as tanggal_sumber,
    cast(coalesce(sum(tanpa_data), 0) as bigint) as desa_tanpa_data
from in_force
