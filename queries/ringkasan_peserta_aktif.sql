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
with
bulan_dasar as (
    select peserta_aktif - aktif_rekap as orang, aktif_rekap
    from mart_cakupan_wilayah_bulan
    where kode_wilayah = $wilayah
      and bulan = cast(date_trunc('month', cast($tanggal as date) + interval 1 day) - interval 1 month as date)
),

-- between the last day of that month (the day itself when it is a month's last day) and the day
sejak_dasar as (
    select
        count(*) filter (where p.tanggal_daftar > last_day(cast(date_trunc('month', cast($tanggal as date) + interval 1 day)
                                                               - interval 1 month as date))
                           and (p.aktif_sampai is null or p.aktif_sampai >= $tanggal))
        - count(*) filter (where p.tanggal_daftar <= last_day(cast(date_trunc('month', cast($tanggal as date) + interval 1 day)
                                                                  - interval 1 month as date))
                             and p.aktif_sampai < $tanggal) as orang
    from peserta as p
    join desa_di($wilayah) as d on d.kode = p.kode_desa
    where cast($tanggal as date) <> last_day(cast($tanggal as date))
      and ((p.tanggal_daftar > last_day(cast(date_trunc('month', cast($tanggal as date) + interval 1 day)
                                            - interval 1 month as date))
           and p.tanggal_daftar <= $tanggal)
       or (p.aktif_sampai >= last_day(cast(date_trunc('month', cast($tanggal as date) + interval 1 day)
                                           - interval 1 month as date))
           and p.aktif_sampai < $tanggal))
),

-- counted whole, for a day that is not a month's last day (used only where the mart has no month to start from)
tanpa_dasar as (
    select count(*) as orang
    from peserta as p
    join desa_di($wilayah) as d on d.kode = p.kode_desa
    where cast($tanggal as date) <> last_day(cast($tanggal as date))
      and p.tanggal_daftar <= $tanggal
      and (p.aktif_sampai is null or p.aktif_sampai >= $tanggal)
)

select
    cast(case when b.ada then b.orang + s.orang else t.orang end + coalesce(b.aktif_rekap, 0) as bigint)
        as peserta_aktif,
    cast(coalesce(b.aktif_rekap, 0) as bigint) as dari_rekap
from (select count(*) > 0 as ada, sum(orang) as orang, sum(aktif_rekap) as aktif_rekap from bulan_dasar) as b,
     sejak_dasar as s,
     tanpa_dasar as t
