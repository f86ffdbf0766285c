import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ucj", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=600)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The demo warehouse, built once per test run through the command line, as a user would."""
    path = tmp_path_factory.mktemp("warehouse") / "ucj.duckdb"
    result = run_cli("demo", "--db", str(path))
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture()
def con(demo_db):
    connection = duckdb.connect(str(demo_db), read_only=True)
    yield connection
    connection.close()


def one(con, sql: str, params=None):
    return con.execute(sql, params or []).fetchone()[0]


DAY = dt.date


def open_app(monkeypatch, db_path, page: str = "ringkasan", **params):
    """The dashboard in AppTest on warehouse db_path, opened at a page with these address parameters."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("UCJ_DB", str(db_path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "ringkasan":
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    return at
