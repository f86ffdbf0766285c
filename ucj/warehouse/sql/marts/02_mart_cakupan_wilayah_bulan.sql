-- mart_cakupan_wilayah_bulan: one row per region (desa, kecamatan, kabupaten/kota, provinsi) per month.
--   peserta_aktif (and per segment), peserta_baru, peserta_berhenti: from mart_peserta_desa_bulan
--   pekerja_wajib: workers who should be covered, the denominator row in force on the month's last day
--   cakupan_pct: peserta_aktif / pekerja_wajib x 100, null where there is no denominator
--   aktif_rekap: of peserta_aktif, those from a count (rekap_peserta) rather than persons
--   aktif_tanpa_desa: of peserta_aktif, those counted for a kecamatan as a whole, in no desa row beneath it
--   kabupaten_tanpa_data (provinsi rows): kabupaten/kota of the province with nothing loaded
-- Higher levels are sums of their desa, so desa always add up to kecamatan and kabupaten, with two
-- exceptions that are stated: a kecamatan's own count (aktif_tanpa_desa) and a kabupaten/kota's own denominator
-- (pekerja_wajib_kabupaten), which replaces the sum of its desa and is never spread over them.
-- Only kabupaten/kota with something loaded have rows: a region without any says so instead of showing 0%.
-- Indonesia ('ID', 'nasional', above every province: the provinces' kode_induk) is the provinces summed, its
-- kabupaten_tanpa_data the kabupaten/kota of the whole reference with nothing loaded; it is summed again after a
-- refresh of some provinces. Stored in kode_wilayah, bulan order: one region's months lie together.
-- $bulan_awal, $bulan_akhir: first and last month of the warehouse. $provinsi: the provinces (re)built.
-- refresh: by provinsi of kode_wilayah
create or replace table mart_cakupan_wilayah_bulan as
with
months as (
    select cast(range as date) as bulan
    from range(cast($bulan_awal as date), cast($bulan_akhir as date) + interval 1 month, interval 1 month)
),

kabupaten_berdata as (
    select distinct substr(kode_desa, 1, 5) as kode_kabupaten from peserta where di_provinsi(kode_desa, $provinsi)
    union select distinct substr(kode_wilayah, 1, 5) from rekap_peserta where di_provinsi(kode_wilayah, $provinsi)
    union select distinct substr(kode_desa, 1, 5) from klaim where di_provinsi(kode_desa, $provinsi)
    union select distinct substr(kode_desa, 1, 5) from pekerja_wajib where di_provinsi(kode_desa, $provinsi)
    union select distinct kode_kabupaten from pekerja_wajib_kabupaten where di_provinsi(kode_kabupaten, $provinsi)
    union select distinct substr(kode_desa, 1, 5) from anggota_kelompok where di_provinsi(kode_desa, $provinsi)
),

desa_bulan as (
    select w.kode as kode_desa, w.kode_kecamatan, w.kode_kabupaten, w.kode_provinsi,
           m.bulan, last_day(m.bulan) as akhir_bulan
    from wilayah as w
    cross join months as m
    where w.tingkat = 'desa_kelurahan'
      and list_contains($provinsi, w.kode_provinsi)
      and w.kode_kabupaten in (select kode_kabupaten from kabupaten_berdata)
),

peserta as (
    select
        kode_desa,
        bulan,
        sum(peserta_aktif) as peserta_aktif,
        coalesce(sum(peserta_aktif) filter (where segmen = 'PU'), 0) as aktif_pu,
        coalesce(sum(peserta_aktif) filter (where segmen = 'BPU'), 0) as aktif_bpu,
        coalesce(sum(peserta_aktif) filter (where segmen = 'Jakon'), 0) as aktif_jakon,
        coalesce(sum(peserta_aktif) filter (where segmen = 'PMI'), 0) as aktif_pmi,
        coalesce(sum(peserta_aktif) filter (where asal = 'rekap'), 0) as aktif_rekap,
        sum(peserta_baru) as peserta_baru,
        sum(peserta_berhenti) as peserta_berhenti
    from mart_peserta_desa_bulan
    where di_provinsi(kode_desa, $provinsi)
      and bulan between cast($bulan_awal as date) and cast($bulan_akhir as date)
    group by all
),

wajib as (
    select d.kode_desa, d.bulan, w.jumlah_pekerja, w.sumber, w.tanggal_sumber
    from desa_bulan as d
    asof left join pekerja_wajib as w
        on d.kode_desa = w.kode_desa and d.akhir_bulan >= w.berlaku_mulai
),

desa as (
    select
        d.kode_desa, d.kode_kecamatan, d.kode_kabupaten, d.kode_provinsi, d.bulan,
        coalesce(p.peserta_aktif, 0) as peserta_aktif,
        coalesce(p.aktif_pu, 0) as aktif_pu,
        coalesce(p.aktif_bpu, 0) as aktif_bpu,
        coalesce(p.aktif_jakon, 0) as aktif_jakon,
        coalesce(p.aktif_pmi, 0) as aktif_pmi,
        coalesce(p.aktif_rekap, 0) as aktif_rekap,
        coalesce(p.peserta_baru, 0) as peserta_baru,
        coalesce(p.peserta_berhenti, 0) as peserta_berhenti,
        w.jumlah_pekerja as pekerja_wajib,
        w.sumber as sumber_pekerja_wajib,
        w.tanggal_sumber as tanggal_sumber_pekerja_wajib
    from desa_bulan as d
    left join peserta as p using (kode_desa, bulan)
    left join wajib as w using (kode_desa, bulan)
    union all
    -- a count made for a kecamatan as a whole: in the kecamatan and above, in no desa
    select
        null, k.kode_kecamatan, k.kode_kabupaten, k.kode_provinsi, p.bulan,
        p.peserta_aktif, p.aktif_pu, p.aktif_bpu, p.aktif_jakon, p.aktif_pmi, p.aktif_rekap,
        p.peserta_baru, p.peserta_berhenti, null, null, null
    from peserta as p
    join wilayah as k on k.kode = p.kode_desa and k.tingkat = 'kecamatan'
),

kabupaten_wajib as (
    select kb.kode_kabupaten, kb.bulan, w.jumlah_pekerja, w.sumber, w.tanggal_sumber
    from (select distinct kode_kabupaten, bulan, akhir_bulan from desa_bulan) as kb
    asof join pekerja_wajib_kabupaten as w
        on kb.kode_kabupaten = w.kode_kabupaten and kb.akhir_bulan >= w.berlaku_mulai
),

-- the denominators' sources above the desa: the distinct sources of each kecamatan and month, rolled up (a few
-- rows), rather than a distinct string aggregate over every desa and month
sumber_kecamatan as (
    select distinct kode_provinsi, kode_kabupaten, kode_kecamatan, bulan, sumber_pekerja_wajib as sumber
    from desa
    where kode_desa is not null and sumber_pekerja_wajib is not null
),

sumber_atas as (
    select kode_wilayah, bulan, string_agg(distinct sumber, '; ' order by sumber) as sumber_pekerja_wajib
    from (
        select kode_kecamatan as kode_wilayah, bulan, sumber from sumber_kecamatan
        union all
        select kode_kabupaten, bulan, sumber from sumber_kecamatan
        union all
        select kode_provinsi, bulan, sumber from sumber_kecamatan
    )
    group by kode_wilayah, bulan
),

-- the desa rows as they are; the levels above summed from kecamatan sums (the desa x month grid is grouped
-- once, not at every level of a rollup)
kecamatan as (
    select
        kode_provinsi, kode_kabupaten, kode_kecamatan, bulan,
        sum(peserta_aktif) as peserta_aktif,
        sum(aktif_pu) as aktif_pu,
        sum(aktif_bpu) as aktif_bpu,
        sum(aktif_jakon) as aktif_jakon,
        sum(aktif_pmi) as aktif_pmi,
        sum(aktif_rekap) as aktif_rekap,
        coalesce(sum(peserta_aktif) filter (where kode_desa is null), 0) as aktif_tanpa_desa,
        sum(peserta_baru) as peserta_baru,
        sum(peserta_berhenti) as peserta_berhenti,
        sum(pekerja_wajib) as pekerja_wajib,
        max(tanggal_sumber_pekerja_wajib) as tanggal_sumber_pekerja_wajib,
        count(*) filter (where pekerja_wajib is null and kode_desa is not null) as desa_tanpa_pekerja_wajib
    from desa
    group by kode_provinsi, kode_kabupaten, kode_kecamatan, bulan
),

angka as (
    select
        kode_desa as kode_wilayah,
        'desa_kelurahan' as tingkat,
        kode_kecamatan as kode_induk,
        bulan,
        peserta_aktif, aktif_pu, aktif_bpu, aktif_jakon, aktif_pmi, aktif_rekap,
        0 as aktif_tanpa_desa,
        peserta_baru, peserta_berhenti, pekerja_wajib,
        sumber_pekerja_wajib as sumber_desa,
        tanggal_sumber_pekerja_wajib,
        case when pekerja_wajib is null then 1 else 0 end as desa_tanpa_pekerja_wajib
    from desa
    where kode_desa is not null
    union all
    select
        rollup_kode(kode_provinsi, kode_kabupaten, kode_kecamatan, null),
        rollup_tingkat(kode_provinsi, kode_kabupaten, kode_kecamatan, null),
        rollup_induk(kode_provinsi, kode_kabupaten, kode_kecamatan, null),
        bulan,
        sum(peserta_aktif), sum(aktif_pu), sum(aktif_bpu), sum(aktif_jakon), sum(aktif_pmi), sum(aktif_rekap),
        sum(aktif_tanpa_desa), sum(peserta_baru), sum(peserta_berhenti), sum(pekerja_wajib),
        null,
        max(tanggal_sumber_pekerja_wajib),
        sum(desa_tanpa_pekerja_wajib)
    from kecamatan
    -- codes are nested, so the rollup yields each level once; the grand total (all null) is dropped
    group by bulan, rollup (kode_provinsi, kode_kabupaten, kode_kecamatan)
    having grouping(kode_provinsi) = 0
),

rolled as (
    select
        a.* exclude (sumber_desa),
        case when a.tingkat = 'desa_kelurahan' then a.sumber_desa else s.sumber_pekerja_wajib end
            as sumber_pekerja_wajib
    from angka as a
    left join sumber_atas as s on a.tingkat <> 'desa_kelurahan' and s.kode_wilayah = a.kode_wilayah
                                   and s.bulan = a.bulan
),

-- a kabupaten/kota's own denominator replaces the sum of its desa; a province adds up its kabupaten/kota
kabupaten as (
    select
        r.kode_wilayah, r.bulan,
        coalesce(k.jumlah_pekerja, r.pekerja_wajib) as pekerja_wajib,
        coalesce(k.sumber, r.sumber_pekerja_wajib) as sumber_pekerja_wajib,
        coalesce(k.tanggal_sumber, r.tanggal_sumber_pekerja_wajib) as tanggal_sumber_pekerja_wajib,
        case when k.jumlah_pekerja is null then r.desa_tanpa_pekerja_wajib else 0 end as desa_tanpa_pekerja_wajib
    from rolled as r
    left join kabupaten_wajib as k on k.kode_kabupaten = r.kode_wilayah and k.bulan = r.bulan
    where r.tingkat = 'kabupaten_kota'
),

provinsi as (
    select
        split_part(kode_wilayah, '.', 1) as kode_wilayah, bulan,
        sum(pekerja_wajib) as pekerja_wajib,
        string_agg(distinct sumber_pekerja_wajib, '; ' order by sumber_pekerja_wajib) as sumber_pekerja_wajib,
        max(tanggal_sumber_pekerja_wajib) as tanggal_sumber_pekerja_wajib,
        sum(desa_tanpa_pekerja_wajib) as desa_tanpa_pekerja_wajib,
        count(*) as kabupaten_berdata
    from kabupaten
    group by all
),

-- each province's kabupaten/kota in the reference: joined, not a subquery per row (DuckDB decorrelated that into a
-- copy of every region-month)
kabupaten_referensi as (
    select kode_induk as kode_provinsi, count(*) as jumlah
    from wilayah
    where tingkat = 'kabupaten_kota'
    group by all
),

adjusted as (
    select
        r.* replace (
            coalesce(k.pekerja_wajib, p.pekerja_wajib, r.pekerja_wajib) as pekerja_wajib,
            coalesce(k.sumber_pekerja_wajib, p.sumber_pekerja_wajib, r.sumber_pekerja_wajib) as sumber_pekerja_wajib,
            coalesce(k.tanggal_sumber_pekerja_wajib, p.tanggal_sumber_pekerja_wajib, r.tanggal_sumber_pekerja_wajib)
                as tanggal_sumber_pekerja_wajib,
            coalesce(k.desa_tanpa_pekerja_wajib, p.desa_tanpa_pekerja_wajib, r.desa_tanpa_pekerja_wajib)
                as desa_tanpa_pekerja_wajib),
        case when r.tingkat = 'provinsi' then coalesce(kr.jumlah, 0) - p.kabupaten_berdata end as kabupaten_tanpa_data
    from rolled as r
    left join kabupaten as k on r.tingkat = 'kabupaten_kota' and k.kode_wilayah = r.kode_wilayah and k.bulan = r.bulan
    left join provinsi as p on r.tingkat = 'provinsi' and p.kode_wilayah = r.kode_wilayah and p.bulan = r.bulan
    left join kabupaten_referensi as kr on r.tingkat = 'provinsi' and kr.kode_provinsi = r.kode_wilayah
)

select
    kode_wilayah,
    tingkat,
    kode_induk,
    bulan,
    cast(peserta_aktif as integer) as peserta_aktif,
    cast(aktif_pu as integer) as aktif_pu,
    cast(aktif_bpu as integer) as aktif_bpu,
    cast(aktif_jakon as integer) as aktif_jakon,
    cast(aktif_pmi as integer) as aktif_pmi,
    cast(peserta_baru as integer) as peserta_baru,
    cast(peserta_berhenti as integer) as peserta_berhenti,
    cast(pekerja_wajib as integer) as pekerja_wajib,
    cakupan_pct(peserta_aktif, pekerja_wajib) as cakupan_pct,
    sumber_pekerja_wajib,
    tanggal_sumber_pekerja_wajib,
    cast(desa_tanpa_pekerja_wajib as integer) as desa_tanpa_pekerja_wajib,
    cast(aktif_rekap as integer) as aktif_rekap,
    cast(aktif_tanpa_desa as integer) as aktif_tanpa_desa,
    cast(kabupaten_tanpa_data as integer) as kabupaten_tanpa_data
from adjusted
order by kode_wilayah, bulan;

delete from mart_cakupan_wilayah_bulan
where kode_wilayah = 'ID';

insert into mart_cakupan_wilayah_bulan
with
provinsi as (
    select *
    from mart_cakupan_wilayah_bulan
    where tingkat = 'provinsi'
),

sumber as (
    select bulan, string_agg(distinct sumber, '; ' order by sumber) as sumber_pekerja_wajib
    from (select bulan, unnest(string_split(sumber_pekerja_wajib, '; ')) as sumber from provinsi)
    group by bulan
),

kabupaten_berdata as (
    select bulan, count(*) as jumlah
    from mart_cakupan_wilayah_bulan
    where tingkat = 'kabupaten_kota'
    group by bulan
),

nasional as (
    select
        bulan,
        sum(peserta_aktif) as peserta_aktif,
        sum(aktif_pu) as aktif_pu,
        sum(aktif_bpu) as aktif_bpu,
        sum(aktif_jakon) as aktif_jakon,
        sum(aktif_pmi) as aktif_pmi,
        sum(peserta_baru) as peserta_baru,
        sum(peserta_berhenti) as peserta_berhenti,
        sum(pekerja_wajib) as pekerja_wajib,
        max(tanggal_sumber_pekerja_wajib) as tanggal_sumber_pekerja_wajib,
        sum(desa_tanpa_pekerja_wajib) as desa_tanpa_pekerja_wajib,
        sum(aktif_rekap) as aktif_rekap,
        sum(aktif_tanpa_desa) as aktif_tanpa_desa
    from provinsi
    group by bulan
)

select
    'ID' as kode_wilayah,
    'nasional' as tingkat,
    null as kode_induk,
    n.bulan,
    cast(n.peserta_aktif as integer),
    cast(n.aktif_pu as integer),
    cast(n.aktif_bpu as integer),
    cast(n.aktif_jakon as integer),
    cast(n.aktif_pmi as integer),
    cast(n.peserta_baru as integer),
    cast(n.peserta_berhenti as integer),
    cast(n.pekerja_wajib as integer),
    cakupan_pct(n.peserta_aktif, n.pekerja_wajib),
    s.sumber_pekerja_wajib,
    n.tanggal_sumber_pekerja_wajib,
    cast(n.desa_tanpa_pekerja_wajib as integer),
    cast(n.aktif_rekap as integer),
    cast(n.aktif_tanpa_desa as integer),
    cast((select count(*) from wilayah where tingkat = 'kabupaten_kota') - k.jumlah as integer)
from nasional as n
left join sumber as s using (bulan)
join kabupaten_berdata as k using (bulan)
order by n.bulan;
