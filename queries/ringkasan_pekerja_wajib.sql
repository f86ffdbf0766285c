-- ringkasan_pekerja_wajib: one row: workers of region $wilayah who should be covered on day $tanggal, with
-- their sources, the latest source date and the number of desa that have no denominator for that day.
-- Per desa, the denominator row in force that day; a kabupaten/kota's own denominator (pekerja_wajib_kabupaten),
-- where one is in force, replaces the sum of its desa at kabupaten level and above, and is never spread over
-- its desa (a kecamatan or desa of such a kabupaten has only its desa rows).
-- $wilayah: region code at any level; $tanggal: date
-- region: $wilayah
-- counts: pekerja_wajib
--
-- Read from the coverage mart's row of the day's month (the figures in force on the month's last day) when they
-- are the day's: no denominator of the region starts after the day within the month (never on a month's last
-- day), and, for a province or Indonesia, every kabupaten/kota beneath has data (the mart leaves out the desa of
-- one without, which count here as desa without a denominator). A province's sources there are its
-- kabupaten/kota's joined, so they are split, made distinct and sorted again. Otherwise, or where the mart has no
-- row, counted from the denominator rows: every table scan of that path is joined to `dihitung`, which is empty
-- when the mart's row serves, so it stops at once.
with
-- the mart's row, where it is the day's figures
bulan_ini as (
    select tingkat, pekerja_wajib, sumber_pekerja_wajib, tanggal_sumber_pekerja_wajib, desa_tanpa_pekerja_wajib
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
),

-- one row when the mart's row does not serve
dihitung as (
    select 1 as ya
    where not exists (select 1 from bulan_ini)
),

-- per kabupaten/kota of the region (at kabupaten level and above), its own denominator in force that day
kabupaten as (
    select
        kode_kabupaten,
        arg_max(jumlah_pekerja, berlaku_mulai) as jumlah_pekerja,
        arg_max(sumber, berlaku_mulai) as sumber,
        arg_max(tanggal_sumber, berlaku_mulai) as tanggal_sumber
    from pekerja_wajib_kabupaten, dihitung
    where berlaku_mulai <= $tanggal
      and length($wilayah) <= 5
      and di_dalam(kode_kabupaten, $wilayah)
    group by kode_kabupaten
),

-- per desa of the region outside those, the denominator row of the latest start up to that day
desa as (
    select
        arg_max(w.jumlah_pekerja, w.berlaku_mulai) as jumlah_pekerja,
        arg_max(w.sumber, w.berlaku_mulai) as sumber,
        arg_max(w.tanggal_sumber, w.berlaku_mulai) as tanggal_sumber
    from dihitung, wilayah as d
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
    cast(pekerja_wajib as bigint) as pekerja_wajib,
    case when tingkat = 'provinsi'
         then array_to_string(list_sort(list_distinct(string_split(sumber_pekerja_wajib, '; '))), '; ')
         else sumber_pekerja_wajib end as sumber,
    tanggal_sumber_pekerja_wajib as tanggal_sumber,
    cast(desa_tanpa_pekerja_wajib as bigint) as desa_tanpa_data
from bulan_ini
union all
select
    cast(sum(jumlah_pekerja) as bigint),
    string_agg(distinct sumber, '; ' order by sumber),
    max(tanggal_sumber),
    cast(coalesce(sum(tanpa_data), 0) as bigint)
from in_force
having exists (select 1 from dihitung)
