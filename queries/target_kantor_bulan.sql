-- target_kantor_bulan: one row per branch office per kabupaten/kota per month of year $tahun up to month
-- $bulan, and of the five months before $bulan where they reach into the year before (the forecast's pace is
-- read from six months), for the kabupaten of region $wilayah (or all kabupaten under it): target and realised new
-- participants;
-- with, on each row, the office's year there (for the run-rate forecast; null where it has no monthly target that
-- year): the year's target for new participants and how many months after $bulan the office still serves the
-- kabupaten that year.
-- $wilayah: region code; $tahun: year; $bulan: first day of the last month
-- region: $wilayah
-- counts: target_peserta_baru, peserta_baru, target_tahun
-- region column: kode_kabupaten
-- The names are mart_kantor_bulan's (an office or kabupaten/kota the reference lacks has none: left out); the
-- year is a range of months, which the zonemaps of bulan can use.
-- The year's targets come from target_peserta_baru, whose months run past the data's last (the mart's stop there).
with
tahunan as (
    select
        t.kode_kantor,
        t.kode_kabupaten,
        cast(sum(t.target_peserta) as integer) as target_tahun,
        cast(count(*) filter (where t.bulan > $bulan) as integer) as bulan_tersisa
    from target_peserta_baru as t
    where t.bulan >= make_date($tahun, 1, 1)
      and t.bulan < make_date($tahun + 1, 1, 1)
      and (di_dalam(t.kode_kabupaten, $wilayah) or di_dalam($wilayah, t.kode_kabupaten))
    group by t.kode_kantor, t.kode_kabupaten
)

select
    m.kode_kantor,
    m.nama_kantor,
    m.kode_kabupaten,
    m.nama_kabupaten,
    m.bulan,
    m.target_peserta_baru,
    m.peserta_baru,
    y.target_tahun,
    y.bulan_tersisa
from mart_kantor_bulan as m
left join tahunan as y on y.kode_kantor = m.kode_kantor and y.kode_kabupaten = m.kode_kabupaten
where m.bulan >= least(make_date($tahun, 1, 1), cast($bulan - interval 5 month as date))
  and m.bulan < make_date($tahun + 1, 1, 1)
  and m.bulan <= $bulan
  and (di_dalam(m.kode_kabupaten, $wilayah) or di_dalam($wilayah, m.kode_kabupaten))
  and m.nama_kantor is not null
  and m.nama_kabupaten is not null
order by m.kode_kantor, m.kode_kabupaten, m.bulan
