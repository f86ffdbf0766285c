-- ringkasan_peserta_aktif: one row: participants of region $wilayah covered on day $tanggal.
--   peserta_aktif  persons registered on or before the day whose cover lasts to it or beyond, exact for any
--                  day: the persons of the coverage mart at the end of the last month ending on or before the
--                  day, plus those registered after that month's end and still covered on the day, less those
--                  whose cover ended from that month's last day to the day before (none when the day is a month's
--                  last day: the participant table is then not read at all); counted from the participant table
--                  alone where the mart has no such month (a day in the warehouse's first month); plus
--   dari_rekap     active participants counted by someone else (rekap_peserta) for the last month ending on or
--                  before the day, where no persons of that region, month and segmen are loaded (the mart's
--                  aktif_rekap, so persons and counts never add up twice)
-- $wilayah: region code at any level; $tanggal: date
-- region: $wilayah
-- counts: peserta_aktif, dari_rekap
-- The participants of the region by code range (every participant's kode_desa is a desa of the reference: the
-- audit kode_desa_tidak_dikenal), in one scan.
with
hari as (
    select
        cast($tanggal as date) as hari,
        -- the last day of the last month ending on or before the day
        cast(date_trunc('month', cast($tanggal as date) + interval 1 day) - interval 1 day as date) as dasar
),

bulan_dasar as (
    select m.peserta_aktif - m.aktif_rekap as orang, m.aktif_rekap
    from mart_cakupan_wilayah_bulan as m, hari as h
    where m.kode_wilayah = $wilayah
      and m.bulan = cast(date_trunc('month', h.dasar) as date)
),

-- between that day (the day itself when it is a month's last day) and the day; and counted whole, used only where
-- the mart has no month to start from
sejak_dasar as (
    select
        count(*) filter (where p.tanggal_daftar > h.dasar and p.tanggal_daftar <= h.hari
                           and (p.aktif_sampai is null or p.aktif_sampai >= h.hari))
        - count(*) filter (where p.tanggal_daftar <= h.dasar
                             and p.aktif_sampai >= h.dasar and p.aktif_sampai < h.hari) as orang,
        count(*) filter (where p.tanggal_daftar <= h.hari
                           and (p.aktif_sampai is null or p.aktif_sampai >= h.hari)) as semua
    from peserta as p, hari as h
    where cast($tanggal as date) <> last_day(cast($tanggal as date))
      and p.tanggal_daftar <= $tanggal
      and di_dalam(p.kode_desa, $wilayah)
)

select
    cast(case when b.ada then b.orang + coalesce(s.orang, 0) else coalesce(s.semua, 0) end + coalesce(b.aktif_rekap, 0)
         as bigint) as peserta_aktif,
    cast(coalesce(b.aktif_rekap, 0) as bigint) as dari_rekap
from (select count(*) > 0 as ada, sum(orang) as orang, sum(aktif_rekap) as aktif_rekap from bulan_dasar) as b,
     sejak_dasar as s
