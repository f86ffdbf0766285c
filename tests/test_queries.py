"""Every named query: documented (grain and parameters in its header), used by the code, and runnable."""
import datetime as dt
import re
from pathlib import Path

import pytest

from ucj import db
from ucj.paths import PROJECT_ROOT, QUERIES_DIR

QUERIES = sorted(p.stem for p in QUERIES_DIR.glob("*.sql"))
SAMPLE = {"kode": "12.10", "kode_induk": "12.10", "bulan": dt.date(2025, 4, 1), "tanggal": dt.date(2025, 3, 31),
          "dari": dt.date(2025, 10, 1), "sampai": dt.date(2025, 12, 31), "bulan_dari": dt.date(2025, 1, 1),
          "bulan_sampai": dt.date(2025, 3, 1), "tahun": 2025, "segmen": "", "kelompok": "",
          "tingkat": "kecamatan"}
CODE = "\n".join(p.read_text() for folder in ("ucj", "ui", "app_pages") for p in (PROJECT_ROOT / folder).rglob("*.py")) \
    + (PROJECT_ROOT / "dashboard.py").read_text()


@pytest.mark.parametrize("name", QUERIES)
def test_query_header_states_grain_and_every_parameter(name):
    text = db.query_text(name)
    header = "\n".join(line for line in text.splitlines() if line.startswith("--"))
    assert header.startswith(f"-- {name}: one row"), "the header names the query and what one row means"
    for param in db.query_params(name):
        assert f"${param}" in header, f"${param} is not documented in the header"


@pytest.mark.parametrize("name", QUERIES)
def test_query_is_used_and_runs_on_the_demo(name, con):
    assert re.search(rf"[\"']{name}[\"']", CODE), f"{name} is not called from the code"
    frame = db.run(con, name, **{p: SAMPLE[p] for p in db.query_params(name)})
    assert frame.height > 0


def test_values_only_reach_sql_as_bound_parameters():
    for path in QUERIES_DIR.glob("*.sql"):
        assert not re.search(r"\{[a-z_]+\}|%s|%\(", path.read_text()), path.name


def test_run_refuses_unknown_or_missing_parameters(con):
    with pytest.raises(TypeError):
        db.run(con, "wilayah", kode="12.10", extra=1)
    with pytest.raises(TypeError):
        db.run(con, "wilayah")


def test_a_value_that_looks_like_sql_is_only_a_value(con):
    assert db.run(con, "wilayah", kode="12.10' or '1'='1").is_empty()
