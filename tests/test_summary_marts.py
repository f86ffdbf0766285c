"""The summary's figures of a day (ringkasan_*) are read from the month-end marts where those are the day's and
counted from the rows only where they are not: on every day, for every level, they equal the same figures
counted from the rows alone (the reference queries below, written the plain way)."""
import datetime as dt
import itertools

import duckdb
import pytest

from ucj.warehouse import marts
from ucj.warehouse.reading import query

D = dt.date
REGIONS = ("ID", "12", "12.10", "12.10.01", "12.10.07", "12.10.01.1001", "12.10.07.2001", "12.10.07.2003")
EDGES = (D(2024, 12, 1), D(2024, 12, 30), D(2024, 12, 31), D(2025, 1, 1), D(2025, 1, 2), D(2025, 2, 27),
         D(2025, 2, 28), D(2025, 3, 1), D(2025, 3, 15), D(2025, 3, 30), D(2025, 3, 31))
# the edges, and every day of March 2025 (a denominator starts on the 15th, another on the 20th in one test)
DAYS = sorted(set(EDGES) | {D(2025, 3, day) for day in range(1, 32)})

# per desa the row in force that day; a kabupaten/kota's own row in force replaces its desa at kabupaten level
# and above
ELIGIBLE_FROM_ROWS = """
with
desa as (
    select d.kode, substr(d.kode, 1, 5) as kode_kabupaten,
           arg_max(p.jumlah_pekerja, p.berlaku_mulai) as jumlah_pekerja,
           arg_max(p.sumber, p.berlaku_mulai) as sumber,
           arg_max(p.tanggal_sumber, p.berlaku_mulai) as tanggal_sumber
    from wilayah as d
    left join pekerja_wajib as p on p.kode_desa = d.kode and p.berlaku_mulai <= $tanggal
    where d.tingkat = 'desa_kelurahan'
      and $wilayah in ('ID', d.kode_provinsi, d.kode_kabupaten, d.kode_kecamatan, d.kode)
    group by d.kode
),
kabupaten as (
    select kode_kabupaten,
           arg_max(jumlah_pekerja, berlaku_mulai) as jumlah_pekerja,
           arg_max(sumber, berlaku_mulai) as sumber,
           arg_max(tanggal_sumber, berlaku_mulai) as tanggal_sumber
    from pekerja_wajib_kabupaten
    where berlaku_mulai <= $tanggal
      and length($wilayah) <= 5
      and ($wilayah = 'ID' or kode_kabupaten = $wilayah or kode_kabupaten like $wilayah || '.%')
    group by kode_kabupaten
),
rows as (
    select jumlah_pekerja, sumber, tanggal_sumber, 0 as tanpa from kabupaten
    union all
    select jumlah_pekerja, sumber, tanggal_sumber, case when jumlah_pekerja is null then 1 else 0 end
    from desa where kode_kabupaten not in (select kode_kabupaten from kabupaten)
)
select cast(sum(jumlah_pekerja) as bigint), string_agg(distinct sumber, '; ' order by sumber), max(tanggal_sumber),
       cast(coalesce(sum(tanpa), 0) as bigint)
from rows
"""

CLAIMS_FROM_ROWS = """
select k.manfaat, count(*), cast(sum(k.jumlah_idr) as bigint)
from klaim as k
join wilayah as d on d.kode = k.kode_desa
where $wilayah in ('ID', d.kode_provinsi, d.kode_kabupaten, d.kode_kecamatan, d.kode)
  and k.tanggal_bayar between $dari and $sampai
group by k.manfaat
order by k.manfaat
"""

ACTIVE_FROM_ROWS = """
select count(*)
from peserta as p
join wilayah as d on d.kode = p.kode_desa
where $wilayah in ('ID', d.kode_provinsi, d.kode_kabupaten, d.kode_kecamatan, d.kode)
  and p.tanggal_daftar <= $tanggal
  and (p.aktif_sampai is null or p.aktif_sampai >= $tanggal)
"""


def rows(con, sql, **params):
    return con.execute(sql, params).fetchall()


def month_end(con, region, day) -> dict | None:
    """ringkasan_akhir_bulan's row of the day, read as the briefing reads it: beside the same day a year earlier."""
    try:
        earlier = day.replace(year=day.year - 1)
    except ValueError:
        earlier = day.replace(year=day.year - 1, day=28)
    cur = con.execute(query("ringkasan_akhir_bulan").text, {"wilayah": region, "tanggal": day, "tanggal_lalu": earlier})
    names = [c[0] for c in cur.description]
    found = [dict(zip(names, row)) for row in cur.fetchall()]
    assert len(found) == len({r["tanggal"] for r in found}) <= 2
    return next((r for r in found if r["tanggal"] == day), None)


def eligible_from_mart(con, region, day) -> list[tuple]:
    """The denominator's row as the summary takes it from the coverage mart, or none where that is not the day's."""
    row = month_end(con, region, day)
    if row is None or not row["pekerja_akhir_bulan"]:
        return []
    return [(row["pekerja_wajib"], row["sumber"], row["tanggal_sumber"], row["desa_tanpa_data"])]


def eligible(con, region, day):
    """As the summary reads it: the coverage mart's month row where it is the day's, else counted."""
    from_mart = eligible_from_mart(con, region, day)
    counted = rows(con, query("ringkasan_pekerja_wajib").text, wilayah=region, tanggal=day)
    assert from_mart in ([], counted), (region, day)
    return from_mart or counted


def test_the_denominator_of_any_day_equals_the_rows_in_force_that_day(tiny):
    served = set()
    for region, day in itertools.product(REGIONS, DAYS):
        assert eligible(tiny, region, day) == rows(tiny, ELIGIBLE_FROM_ROWS, wilayah=region, tanggal=day), (region, day)
        served |= {day} if eligible_from_mart(tiny, "12.10.01", day) else set()
    # 12.10.01.1001's denominator changes on 15 March: before it in March the mart's month row is not the day's
    assert D(2025, 3, 14) not in served and {D(2025, 3, 15), D(2025, 3, 31), D(2025, 2, 27)} <= served


def test_a_kabupaten_denominator_starting_mid_month_applies_from_its_day_at_every_level(tiny_db):
    con = duckdb.connect(str(tiny_db))
    try:
        con.execute("insert into pekerja_wajib_kabupaten values "
                    "('12.10', date '2025-01-01', 20, 'Sakernas uji 2024', date '2024-12-01'), "
                    "('12.10', date '2025-03-20', 25, 'Sakernas uji 2025', date '2025-03-01')")
        marts.build_marts(con)
        for region, day in itertools.product(REGIONS, DAYS):
            assert eligible(con, region, day) == rows(con, ELIGIBLE_FROM_ROWS, wilayah=region, tanggal=day), \
                (region, day)
        assert eligible(con, "12.10", D(2025, 3, 19))[0][:2] == (20, "Sakernas uji 2024")
        assert eligible(con, "12", D(2025, 3, 20))[0][:2] == (25, "Sakernas uji 2025")
        assert eligible(con, "12.10.01", D(2025, 3, 20))[0][0] == 6  # its desa only
    finally:
        con.close()


def test_the_claims_of_any_range_of_days_equal_the_claims_paid_in_it(tiny):
    text = query("ringkasan_klaim_per_manfaat").text
    for region, (first, last) in itertools.product(REGIONS, itertools.combinations_with_replacement(EDGES, 2)):
        assert rows(tiny, text, wilayah=region, dari=first, sampai=last) == \
            rows(tiny, CLAIMS_FROM_ROWS, wilayah=region, dari=first, sampai=last), (region, first, last)


def test_the_claims_of_whole_months_are_the_claims_marts_rows(tiny):
    # what the summary reads for a range from a month's first day to a month's last day
    text = query("klaim_manfaat_jumlah").text
    for region, (first, last) in itertools.product(REGIONS, itertools.combinations_with_replacement(EDGES, 2)):
        if first.day == 1 and (last + dt.timedelta(days=1)).day == 1:
            found = rows(tiny, text, wilayah=region, bulan_dari=first, bulan_sampai=last.replace(day=1))
            expected = rows(tiny, CLAIMS_FROM_ROWS, wilayah=region, dari=first, sampai=last)
            assert [r[:3] for r in found] == expected, (region, first, last)
            # the region's own total beside every row
            assert {r[3:] for r in found} <= {(sum(r[1] for r in expected), sum(r[2] for r in expected))}


def test_the_active_participants_of_any_day_equal_the_persons_covered_that_day(tiny):
    served = set()
    for region, day in itertools.product(REGIONS, DAYS):
        row = month_end(tiny, region, day)
        from_mart = [(row["peserta_aktif"], row["dari_rekap"])] if row and row["aktif_akhir_bulan"] else []
        counted = rows(tiny, query("ringkasan_peserta_aktif").text, wilayah=region, tanggal=day)
        assert from_mart in ([], counted), (region, day)
        assert counted[0] == (rows(tiny, ACTIVE_FROM_ROWS, wilayah=region, tanggal=day)[0][0], 0), (region, day)
        served |= {day} if from_mart else set()
    assert served == {day for day in DAYS if (day + dt.timedelta(days=1)).day == 1}  # the month ends


@pytest.mark.parametrize("month", (D(2024, 12, 1), D(2025, 3, 1)))
def test_the_children_read_by_parent_are_the_coverage_marts_rows(tiny, month):
    for region in REGIONS:
        children = rows(tiny, query("cakupan_anak_target").text, wilayah=region, bulan=month)
        expected = rows(tiny, """
            select c.kode_wilayah, w.nama, c.peserta_aktif, c.pekerja_wajib, c.cakupan_pct
            from mart_cakupan_wilayah_bulan as c join wilayah as w on w.kode = c.kode_wilayah
            where c.bulan = $bulan and (c.kode_induk = $wilayah) order by c.kode_wilayah""", wilayah=region, bulan=month)
        assert [r[:5] for r in children] == expected, region
