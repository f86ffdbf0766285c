-- ringkasan_pekerja_wajib: one row: workers of region $wilayah who should be covered on day $tanggal
-- (per desa, the denominator row in force that day), with its sources, their latest date and the
-- number of desa that have no denominator for that day.
-- $wilayah: region code at any level; $tanggal: date
-- region: $wilayah
-- counts: pekerja_wajib
with
in_force as (
    select d.kode, w.jumlah_pekerja, w.sumber, w.tanggal_sumber
    from desa_di($wilayah) as d
    left join pekerja_wajib as w
        on w.kode_desa = d.kode
       and w.berlaku_mulai = (
            select max(x.berlaku_mulai)
            from pekerja_wajib as x
            where x.kode_desa = d.kode and x.berlaku_mulai <= $tanggal
       )
)

select
    cast(sum(jumlah_pekerja) as bigint) as pekerja_wajib,
    string_agg(distinct sumber, '; ' order by sumber) as sumber,
    max(tanggal_sumber) as tanggal_sumber,
    count(*) filter (where jumlah_pekerja is null) as desa_tanpa_data
from in_force
