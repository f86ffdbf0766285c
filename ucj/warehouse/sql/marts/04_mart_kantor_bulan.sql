-- mart_kantor_bulan: one row per office per kabupaten/kota it served per month (the office serving on
-- the month's first day): target and realised new participants, and active participants at month end, with the
-- office's and the kabupaten/kota's names from the reference (null where it lacks them), so that the Target page
-- joins no reference table.
-- $bulan_awal, $bulan_akhir: first and last month of the warehouse.
-- Stored in kode_kabupaten, bulan order: one kabupaten/kota's rows lie together.
create or replace table mart_kantor_bulan as
with
months as (
    select cast(range as date) as bulan
    from range(cast($bulan_awal as date), cast($bulan_akhir as date) + interval 1 month, interval 1 month)
),

served as (
    select kw.kode_kantor, kw.kode_kabupaten, m.bulan
    from kantor_wilayah as kw
    join months as m
        on m.bulan >= kw.berlaku_mulai
       and (kw.berlaku_sampai is null or m.bulan <= kw.berlaku_sampai)
)

select
    s.kode_kantor,
    s.kode_kabupaten,
    s.bulan,
    t.target_peserta as target_peserta_baru,
    coalesce(c.peserta_baru, 0) as peserta_baru,
    coalesce(c.peserta_aktif, 0) as peserta_aktif,
    c.pekerja_wajib,
    k.nama as nama_kantor,
    w.nama as nama_kabupaten
from served as s
left join kantor_cabang as k on k.kode_kantor = s.kode_kantor
left join wilayah as w on w.kode = s.kode_kabupaten
left join mart_cakupan_wilayah_bulan as c
    on c.kode_wilayah = s.kode_kabupaten and c.bulan = s.bulan
left join target_peserta_baru as t
    on t.kode_kantor = s.kode_kantor and t.kode_kabupaten = s.kode_kabupaten and t.bulan = s.bulan
order by s.kode_kabupaten, s.bulan, s.kode_kantor;
