-- data_dimuat: one row per kind of data loaded for region $wilayah (at any level): how many rows, the first and
-- last day they speak of, where they came from and when they were last loaded. No row for a kind with nothing
-- loaded there: a region with no rows at all has no data yet.
-- $wilayah: region code at any level
-- region: $wilayah
-- counts: none
with
peserta_di as (
    select p.*
    from peserta as p
    join desa_di($wilayah) as d on d.kode = p.kode_desa
),

rows as (
    select 'peserta' as jenis, count(*) as baris, min(tanggal_daftar) as tanggal_awal,
           max(greatest(tanggal_daftar, coalesce(least(aktif_sampai, current_date), tanggal_daftar))) as tanggal_akhir,
           null as sumber, max(impor_id) as impor_id
    from peserta_di
    having count(*) > 0
    union all
    select 'rekap', count(*), min(bulan), max(last_day(bulan)),
           string_agg(distinct sumber, '; ' order by sumber), max(impor_id)
    from rekap_peserta
    where di_dalam(kode_wilayah, $wilayah) or di_dalam($wilayah, kode_wilayah)
    having count(*) > 0
    union all
    select 'klaim', count(*), min(tanggal_bayar), max(tanggal_bayar), null, max(k.impor_id)
    from klaim as k
    join desa_di($wilayah) as d on d.kode = k.kode_desa
    having count(*) > 0
    union all
    select 'pekerja', count(*), min(berlaku_mulai), max(tanggal_sumber), string_agg(distinct sumber, '; ' order by sumber), null
    from (
        select kode_desa as kode, berlaku_mulai, sumber, tanggal_sumber from pekerja_wajib
        union all
        select kode_kabupaten, berlaku_mulai, sumber, tanggal_sumber from pekerja_wajib_kabupaten
    )
    where di_dalam(kode, $wilayah) or di_dalam($wilayah, kode)
    having count(*) > 0
    union all
    select 'target', count(*), make_date(min(tahun), 1, 1), make_date(max(tahun), 12, 31),
           string_agg(distinct sumber, '; ' order by sumber), null
    from target_ucj
    where di_dalam(kode_wilayah, $wilayah) or di_dalam($wilayah, kode_wilayah)
    having count(*) > 0
)

select r.jenis, cast(r.baris as bigint) as baris, r.tanggal_awal, r.tanggal_akhir, r.sumber, i.diimpor_at as dimuat_at
from rows as r
left join impor_log as i on i.impor_id = r.impor_id
order by case r.jenis when 'peserta' then 1 when 'rekap' then 2 when 'klaim' then 3 when 'pekerja' then 4 else 5 end
