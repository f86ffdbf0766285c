"""The read seam: every query declares what the access rules need, a viewer scoped to a region is refused
another one in one Indonesian sentence, small counts are suppressed, and nothing reads the warehouse except
through `warehouse.read`. Run on the tiny warehouse (tests/tiny_warehouse.sql)."""
import ast
import datetime as dt

import polars as pl
import pytest

from ucj import warehouse
from ucj.access import OPERATOR, OutsideScope, Viewer
from ucj.errors import UserError
from ucj.paths import PROJECT_ROOT
from ucj.warehouse import reading

D = dt.date
QUERIES = reading.query_names()
LABUHANBATU = Viewer(name="dinas_labuhanbatu", regions=("12.10",))

# queries that take a region code but are reference lists anyone may read: region names and desa names
REFERENCE_LISTS = {"wilayah", "wilayah_anak", "desa_referensi"}

# a value for every parameter any query takes, fitting the tiny warehouse
TINY_SAMPLE = {"wilayah": "12.10", "wilayah_induk": "12.10", "nik_hash": ["2" * 64], "sha256_file": "c" * 64,
               "sumber": "x.geojson", "sha256": "0" * 64, "bulan": D(2025, 3, 1), "tanggal": D(2025, 3, 31),
               "bulan_lalu": D(2024, 3, 1), "tanggal_lalu": D(2024, 3, 31),
               "dari": D(2025, 1, 1), "sampai": D(2025, 3, 31), "bulan_dari": D(2025, 1, 1),
               "bulan_sampai": D(2025, 3, 1), "tahun": 2025, "segmen": "", "kelompok": "", "tingkat": "desa_kelurahan",
               "lingkup": ["12.10"], "tingkat_terdalam": 4, "teks": "Sibargot", "pola": "%sibargot%",
               "pola_lain": "%sibargot%", "awalan": "sibargot%"}


def tiny_params(name: str) -> dict:
    missing = reading.query(name).params - set(TINY_SAMPLE)
    assert not missing, f"add a sample value for {sorted(missing)} to TINY_SAMPLE"
    return {p: TINY_SAMPLE[p] for p in reading.query(name).params}


# ---------------------------------------------------------------------------------------------------------
# What queries declare (tests/test_queries.py checks the grain and parameters in the same header)


@pytest.mark.parametrize("name", QUERIES)
def test_every_query_declares_its_region_parameter(name):
    q = reading.query(name)
    header = [line for line in q.text.splitlines() if line.startswith("--")]
    assert sum(line.startswith("-- region:") for line in header) == 1
    assert sum(line.startswith("-- counts:") for line in header) == 1
    takes_a_region = bool({"wilayah", "wilayah_induk"} & q.params)
    if name in REFERENCE_LISTS:
        assert q.region_param is None
    else:
        # a query about a region must let the access rules see which one, or a scoped viewer reads anything
        assert (q.region_param is not None) == takes_a_region, q.region_param
        assert q.region_param in (None, "wilayah")


@pytest.mark.parametrize("name", QUERIES)
def test_every_declared_count_is_a_whole_number_column(tiny, name):
    """On the tiny warehouse, with small counts suppressed: the declared columns exist and count (a column holding
    a hidden cell is Float64 with NaN there, tests/test_suppression.py)."""
    frame = warehouse.read(tiny, name, Viewer(name="uji", min_count=3), **tiny_params(name))
    for column in reading.query(name).counts:
        assert column in frame.columns, f"counts: {column} is not a column of {name}"
        values = frame[column].to_list()
        assert frame.schema[column].is_integer() or (
            frame.schema[column] == pl.Float64 and any(v != v for v in values if v is not None)), \
            f"{name}.{column} is {frame.schema[column]}"


# ---------------------------------------------------------------------------------------------------------
# Region scope


def test_a_viewer_of_one_kabupaten_is_refused_another_in_one_indonesian_sentence(tiny):
    with pytest.raises(OutsideScope) as caught:
        warehouse.read(tiny, "cakupan_wilayah_bulan", LABUHANBATU, wilayah="12.23", bulan=D(2025, 3, 1))
    assert isinstance(caught.value, UserError)
    message = str(caught.value)
    assert message == ("Wilayah 12.23 di luar wilayah akun dinas_labuhanbatu; pilih wilayah yang menjadi bagian "
                       "akun Anda.")


@pytest.mark.parametrize("region, active", [("12.10", 6), ("12.10.01", 2), ("12.10.07.2003", 1)])
def test_a_viewer_of_one_kabupaten_reads_it_and_everything_inside_it(tiny, region, active):
    frame = warehouse.read(tiny, "cakupan_wilayah_bulan", LABUHANBATU, wilayah=region, bulan=D(2025, 3, 1))
    assert frame.item(0, "peserta_aktif") == active


@pytest.mark.parametrize("viewer, region", [
    (LABUHANBATU, "12"),  # the provinsi around it
    (LABUHANBATU, ""),  # every region
    (Viewer(name="dinas_x", regions=("12.1",)), "12.10"),  # a code that only starts with the same characters
    (Viewer(name="kecamatan", regions=("12.10.01",)), "12.10.07.2001"),
    (LABUHANBATU, None),  # not a code at all: refused rather than left to the SQL
])
def test_regions_outside_the_scope_are_refused(tiny, viewer, region):
    with pytest.raises(OutsideScope):
        warehouse.read(tiny, "cakupan_wilayah_bulan", viewer, wilayah=region, bulan=D(2025, 3, 1))


def test_the_operator_and_reference_lists_are_not_scoped(tiny):
    assert warehouse.read(tiny, "cakupan_wilayah_bulan", OPERATOR, wilayah="12", bulan=D(2025, 3, 1)).height == 1
    assert warehouse.read(tiny, "wilayah", LABUHANBATU, wilayah="12").rows() == [("12", "Sumatera Utara", "provinsi", None)]


def test_the_summary_of_a_region_outside_the_scope_is_refused(tiny):
    from ucj.reports.summary import summarize

    with pytest.raises(OutsideScope):
        summarize(tiny, "12", D(2025, 3, 31), viewer=LABUHANBATU)
    assert summarize(tiny, "12.10", D(2025, 3, 31), viewer=LABUHANBATU)["active_participants"] == 6


# ---------------------------------------------------------------------------------------------------------
# Small counts

MARCH_12_10 = {"peserta_aktif": 6, "aktif_pu": 2, "aktif_bpu": 3, "aktif_jakon": 1, "aktif_pmi": 0,
               "peserta_baru": 2, "peserta_berhenti": 2, "pekerja_wajib": 14}


def march(tiny, viewer) -> dict:
    row = warehouse.read(tiny, "cakupan_wilayah_bulan", viewer, wilayah="12.10", bulan=D(2025, 3, 1)).row(0, named=True)
    return {column: row[column] for column in MARCH_12_10}


def test_a_kabupaten_s_small_counts_are_kept(tiny):
    """Issue 13: small counts are suppressed below kabupaten level only (tests/test_suppression.py has the rule)."""
    assert march(tiny, Viewer(name="publik", min_count=3)) == MARCH_12_10


@pytest.mark.parametrize("min_count", [0, 1])
def test_nothing_is_suppressed_without_a_minimum(tiny, min_count):
    assert march(tiny, Viewer(name="publik", min_count=min_count)) == MARCH_12_10 == march(tiny, OPERATOR)


def test_only_declared_count_columns_are_suppressed(tiny):
    public = Viewer(name="publik", min_count=3)
    row = warehouse.read(tiny, "cakupan_wilayah_bulan", public, wilayah="12.10.07.2003", bulan=D(2025, 3, 1)).row(
        0, named=True)
    # one participant: hidden (NaN, '<5'); the name, the level and the count of desa without a denominator are not
    # counts; no denominator: the UCJ % stays unknown (None), not hidden
    assert (row["nama"], row["tingkat"], row["desa_tanpa_pekerja_wajib"], row["cakupan_pct"]) == \
        ("Tanjung Medan", "desa_kelurahan", 1, None)
    assert row["peserta_aktif"] != row["peserta_aktif"]
    exact = warehouse.read(tiny, "ringkasan_peserta_aktif", public, wilayah="12.10.07.2001", tanggal=D(2025, 1, 20))
    assert exact.item(0, "peserta_aktif") == 0  # nobody covered that day: 0 is not a small count


def test_suppression_keeps_the_frame_shape(tiny):
    frame = warehouse.read(tiny, "cakupan_anak_target", Viewer(name="publik", min_count=3), wilayah="12.10.07",
                           bulan=D(2025, 3, 1))
    assert [(k, a != a, w) for k, a, w in frame.select("kode_wilayah", "peserta_aktif", "pekerja_wajib").rows()] == [
        ("12.10.07.2001", True, 5), ("12.10.07.2002", True, 3), ("12.10.07.2003", True, None)]
    assert frame.schema["peserta_aktif"] == pl.Float64 and frame.schema["pekerja_wajib"] == pl.Int32


# ---------------------------------------------------------------------------------------------------------
# The one way out


PRODUCT_CODE = sorted([p for folder in ("ucj", "ui", "app_pages") for p in (PROJECT_ROOT / folder).rglob("*.py")
                       if "warehouse" not in p.relative_to(PROJECT_ROOT).parts[:2]]
                      + [PROJECT_ROOT / "dashboard.py"])
DATABASE_CALLS = {"execute", "executemany", "sql", "connect"}


def test_nothing_outside_the_warehouse_package_runs_sql():
    """A meta-test: outside ucj/warehouse/ no code calls .execute(), .sql(), duckdb.connect() and the like, and
    nothing opens the query files; every figure leaves through warehouse.read and its access rules."""
    found = []
    for path in PRODUCT_CODE:
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in DATABASE_CALLS:
                found.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno} .{node.func.attr}(")
            if isinstance(node, ast.Name) and node.id in ("QUERIES_DIR", "SQL_DIR"):
                found.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno} {node.id}")
    found = [f for f in found if not f.startswith("ucj/paths.py")]  # where the folders are named
    # the accounts file is SQLite, not the warehouse: no figure leaves through it
    found = [f for f in found if not f.startswith("ucj/accounts.py")]
    assert found == []


def test_the_meta_test_would_see_a_query_run_outside_the_seam():
    tree = ast.parse("cur = connection(path).cursor()\ncur.execute('select 1')\nwarehouse.read(cur, 'x', v)\n")
    calls = [n.func.attr for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
    assert "execute" in calls and set(calls) & DATABASE_CALLS == {"execute"}
    assert PROJECT_ROOT / "ui" / "data.py" in PRODUCT_CODE and PROJECT_ROOT / "ucj" / "cli.py" in PRODUCT_CODE
    assert not [p for p in PRODUCT_CODE if (PROJECT_ROOT / "ucj" / "warehouse") in p.parents]
