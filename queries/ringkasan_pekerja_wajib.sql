-- ringkasan_pekerja_wajib: one row: workers of region $wilayah who should be covered on day $tanggal, with
-- their sources, the latest source date and the number of desa that have no denominator for that day.
-- Per desa, the denominator row in force that day; a kabupaten/kota's own denominator (pekerja_wajib_kabupaten),
-- where one is in force, replaces the sum of its desa at kabupaten level and above, and is never spread over
-- its desa (a kecamatan or desa of such a kabupaten has only its desa rows).
-- $wilayah: region code at any level; $tanggal: date
-- region: $wilayah
-- counts: pekerja_wajib
with
in_force_desa as (
    -- per desa of the region, the denominator row of the latest start up to that day
    select kode_desa, jumlah_pekerja, sumber, tanggal_sumber
    from mart_pekerja_wajib_desa
    where berlaku_mulai <= $tanggal
      and di_dalam(kode_desa, $wilayah)
    qualify rank() over (partition by kode_desa order by berlaku_mulai desc) = 1
),

desa as (
    select d.kode, substr(d.kode, 1, 5) as kode_kabupaten, w.jumlah_pekerja, w.sumber, w.tanggal_sumber
    from desa_di($wilayah) as d
    left join in_force_desa as w
        on w.kode_desa = d.kode
),

kabupaten as (
    select k.kode_kabupaten, k.jumlah_pekerja, k.sumber, k.tanggal_sumber
    from pekerja_wajib_kabupaten as k
    where length($wilayah) <= 5
      and di_dalam(k.kode_kabupaten, $wilayah)
      and k.berlaku_mulai = (
            select max(x.berlaku_mulai)
            from pekerja_wajib_kabupaten as x
            where x.kode_kabupaten = k.kode_kabupaten and x.berlaku_mulai <= $tanggal
      )
),

in_force as (
    select jumlah_pekerja, sumber, tanggal_sumber, 0 as tanpa_data
    from kabupaten
    union all
    select jumlah_pekerja, sumber, tanggal_sumber, case when jumlah_pekerja is null then 1 else 0 end
    from desa
    where kode_kabupaten not in (select kode_kabupaten from kabupaten)
)

select
    cast(sum(jumlah_pekerja) as bigint) as pekerja_wajib,
    string_agg(distinct sumber, '; ' order by sumber) as sumber,
    max(tanggal_sumber) as tanggal_sumber,
    cast(coalesce(sum(tanpa_data), 0) as bigint) as desa_tanpa_data
from in_force
