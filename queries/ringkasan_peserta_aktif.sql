-- ringkasan_peserta_aktif: one row: participants of region $wilayah covered on day $tanggal.
--   peserta_aktif  persons registered on or before the day whose cover lasts to it or beyond, read from the
--                  person-grain table so that any day, not only month ends, is exact; plus
--   dari_rekap     active participants counted by someone else (rekap_peserta) for the last month ending on or
--                  before the day, where no persons of that region, month and segmen are loaded (the mart's
--                  asal = 'rekap' rows, so persons and counts never add up twice)
-- $wilayah: region code at any level; $tanggal: date
-- region: $wilayah
-- counts: peserta_aktif, dari_rekap
with
orang as (
    select count(*) as jumlah
    from peserta as p
    join desa_di($wilayah) as d on d.kode = p.kode_desa
    where p.tanggal_daftar <= $tanggal
      and (p.aktif_sampai is null or p.aktif_sampai >= $tanggal)
),

rekap as (
    select coalesce(sum(peserta_aktif), 0) as jumlah
    from mart_peserta_desa_bulan
    where asal = 'rekap'
      and bulan = cast(date_trunc('month', cast($tanggal as date) + interval 1 day) - interval 1 month as date)
      and di_dalam(kode_desa, $wilayah)
)

select
    cast(orang.jumlah + rekap.jumlah as bigint) as peserta_aktif,
    cast(rekap.jumlah as bigint) as dari_rekap
from orang, rekap
