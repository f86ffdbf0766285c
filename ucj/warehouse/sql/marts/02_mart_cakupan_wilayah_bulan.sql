-- mart_cakupan_wilayah_bulan: one row per region (desa, kecamatan, kabupaten/kota, provinsi) per month.
--   peserta_aktif (and per segment), peserta_baru, peserta_berhenti: from mart_peserta_desa_bulan
--   pekerja_wajib: workers who should be covered, the denominator row in force on the month's last day
--   cakupan_pct: peserta_aktif / pekerja_wajib x 100, null where there is no denominator
-- Higher levels are sums of their desa, so desa always add up to kecamatan and kabupaten.
-- $bulan_awal, $bulan_akhir: first and last month of the warehouse.
create or replace table mart_cakupan_wilayah_bulan as
with
months as (
    select cast(range as date) as bulan
    from range(cast($bulan_awal as date), cast($bulan_akhir as date) + interval 1 month, interval 1 month)
),

desa_bulan as (
    select w.kode as kode_desa, w.kode_kecamatan, w.kode_kabupaten, w.kode_provinsi,
           m.bulan, last_day(m.bulan) as akhir_bulan
    from wilayah as w
    cross join months as m
    where w.tingkat = 'desa_kelurahan'
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
        sum(peserta_baru) as peserta_baru,
        sum(peserta_berhenti) as peserta_berhenti
    from mart_peserta_desa_bulan
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
        coalesce(p.peserta_baru, 0) as peserta_baru,
        coalesce(p.peserta_berhenti, 0) as peserta_berhenti,
        w.jumlah_pekerja as pekerja_wajib,
        w.sumber as sumber_pekerja_wajib,
        w.tanggal_sumber as tanggal_sumber_pekerja_wajib
    from desa_bulan as d
    left join peserta as p using (kode_desa, bulan)
    left join wajib as w using (kode_desa, bulan)
),

rolled as (
    select
        rollup_kode(kode_provinsi, kode_kabupaten, kode_kecamatan, kode_desa) as kode_wilayah,
        rollup_tingkat(kode_kabupaten, kode_kecamatan, kode_desa) as tingkat,
        case
            when kode_desa is not null then kode_kecamatan
            when kode_kecamatan is not null then kode_kabupaten
            when kode_kabupaten is not null then kode_provinsi
        end as kode_induk,
        bulan,
        sum(peserta_aktif) as peserta_aktif,
        sum(aktif_pu) as aktif_pu,
        sum(aktif_bpu) as aktif_bpu,
        sum(aktif_jakon) as aktif_jakon,
        sum(aktif_pmi) as aktif_pmi,
        sum(peserta_baru) as peserta_baru,
        sum(peserta_berhenti) as peserta_berhenti,
        sum(pekerja_wajib) as pekerja_wajib,
        string_agg(distinct sumber_pekerja_wajib, '; ' order by sumber_pekerja_wajib) as sumber_pekerja_wajib,
        max(tanggal_sumber_pekerja_wajib) as tanggal_sumber_pekerja_wajib,
        count(*) filter (where pekerja_wajib is null) as desa_tanpa_pekerja_wajib
    from desa
    -- codes are nested, so the rollup yields each level once; the grand total (all null) is dropped
    group by bulan, rollup (kode_provinsi, kode_kabupaten, kode_kecamatan, kode_desa)
    having grouping(kode_provinsi) = 0
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
    cast(desa_tanpa_pekerja_wajib as integer) as desa_tanpa_pekerja_wajib
from rolled
order by bulan, kode_wilayah;
