"""Every named query: documented (grain and parameters in its header), used by the code, and runnable."""
import datetime as dt
import re

import duckdb
import pytest

from ucj import warehouse
from ucj.access import OPERATOR
from ucj.warehouse import reading
from ucj.paths import PROJECT_ROOT, QUERIES_DIR

QUERIES = sorted(p.stem for p in QUERIES_DIR.glob("*.sql"))
SAMPLE = {"wilayah": "12.10", "wilayah_induk": "12.10", "nik_hash": ["x"], "sha256_file": "0" * 64,
          "sumber": "squares.geojson", "sha256": "0" * 64, "bulan": dt.date(2025, 4, 1), "tanggal": dt.date(2025, 3, 31),
          "bulan_lalu": dt.date(2024, 4, 1), "tanggal_lalu": dt.date(2024, 3, 31),
          "dari": dt.date(2025, 10, 1), "sampai": dt.date(2025, 12, 31), "bulan_dari": dt.date(2025, 1, 1),
          "bulan_sampai": dt.date(2025, 3, 1), "tahun": 2025, "segmen": "", "kelompok": "",
          "tingkat": "kecamatan", "lingkup": [], "tingkat_terdalam": 4,
          "teks": "Rantau", "pola": "%rantau%", "pola_lain": "%rantau%", "awalan": "rantau%"}
# a query whose rows need other values than the common sample
SAMPLE_FOR = {"impor_sebelumnya": {"kelompok": "guru_honorer"},
              # Labuhanbatu's desa all have a square here (con_with_boundaries); Asahan's have none
              "wilayah_tanpa_batas": {"wilayah": "12.09"}}


def sample(name: str) -> dict:
    return {p: SAMPLE_FOR.get(name, {}).get(p, SAMPLE[p]) for p in reading.query(name).params}
CODE = "\n".join(p.read_text() for folder in ("ucj", "ui", "app_pages") for p in (PROJECT_ROOT / folder).rglob("*.py")) \
    + (PROJECT_ROOT / "dashboard.py").read_text()


@pytest.mark.parametrize("name", QUERIES)
def test_query_header_states_grain_and_every_parameter(name):
    q = reading.query(name)
    header = "\n".join(line for line in q.text.splitlines() if line.startswith("--"))
    assert header.startswith(f"-- {name}: one row"), "the header names the query and what one row means"
    for param in q.params:
        assert f"${param}" in header, f"${param} is not documented in the header"
    # what the access rules need: the region parameter is one of the query's own, or 'none' (tests/test_access.py:
    # which queries must name one, and that the declared counts are whole-number columns)
    assert q.region_param is None or q.region_param in q.params, f"region: ${q.region_param} is not a parameter"


@pytest.fixture(scope="module")
def con_with_boundaries(copy_demo):
    """The demo with a small square for each desa of Labuhanbatu, so that map queries have rows."""
    import geopandas as gpd  # loaded by this fixture only, not when the tests are collected
    import pandas as pd
    from shapely.geometry import box

    from ucj.ingest import boundaries

    path = copy_demo()
    folder = path.parent
    connection = duckdb.connect(str(path))
    codes = [r[0] for r in connection.execute(
        "select kode from wilayah where tingkat = 'desa_kelurahan' and kode_kabupaten = '12.10' order by 1").fetchall()]
    squares = gpd.GeoDataFrame({"kode": codes}, geometry=[box(100 + i * 0.01, 2, 100.01 + i * 0.01, 2.01)
                                                          for i in range(len(codes))], crs="EPSG:4326")
    outside = gpd.GeoDataFrame({"kode": ["12.10.01.9999"]}, geometry=[box(99, 2, 99.01, 2.01)], crs="EPSG:4326")
    squares = gpd.GeoDataFrame(pd.concat([squares, outside], ignore_index=True), crs="EPSG:4326")
    squares.to_file(folder / "squares.geojson")
    boundaries.load(connection, folder / "squares.geojson")
    # and one import's log line, so that the import history has a row (the demo refuses to store a list since
    # issue 13, so the line is written here directly)
    connection.execute("insert into impor_log values (1, 'guru_honorer', 'daftar.csv', ?, 'penguji', "
                       "timestamp '2025-04-15 10:00', 1, 1, '{}')", ["0" * 64])
    yield connection
    connection.close()


@pytest.mark.parametrize("name", QUERIES)
def test_query_is_used_and_runs_on_the_demo(name, con_with_boundaries):
    con = con_with_boundaries
    assert re.search(rf"[\"']{name}[\"']", CODE), f"{name} is not called from the code"
    frame = warehouse.read(con, name, OPERATOR, **sample(name))
    assert frame.height > 0
    declared = reading.query(name).counts
    assert set(declared) <= set(frame.columns), f"counts: {set(declared) - set(frame.columns)} are not columns"


def test_values_only_reach_sql_as_bound_parameters():
    for path in QUERIES_DIR.glob("*.sql"):
        assert not re.search(r"\{[a-z_]+\}|%s|%\(", path.read_text()), path.name


def test_run_refuses_unknown_or_missing_parameters(con):
    with pytest.raises(TypeError):
        warehouse.read(con, "wilayah", OPERATOR, wilayah="12.10", extra=1)
    with pytest.raises(TypeError):
        warehouse.read(con, "wilayah", OPERATOR)


def test_a_value_that_looks_like_sql_is_only_a_value(con):
    assert warehouse.read(con, "wilayah", OPERATOR, wilayah="12.10' or '1'='1").is_empty()
