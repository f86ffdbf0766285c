import datetime as dt
import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


class lazy_import:  # noqa: N801 (used like a module)
    """Module `name`, imported when a test first uses one of its public attributes rather than when the tests
    are collected: collecting must not load geopandas or matplotlib (tests/test_collection.py). Private and
    dunder attributes are not forwarded, so pytest's look at every module-level object imports nothing."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str):
        if attribute.startswith("_"):
            raise AttributeError(attribute)
        return getattr(importlib.import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<lazy module {self._name}>"


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


@pytest.fixture(scope="session")
def copy_demo(demo_db, tmp_path_factory):
    """Makes a writable copy of the session's demo warehouse as `ucj.duckdb` in a folder (a new one when none
    is given): for fixtures wider than one test, which cannot use `demo_copy`."""
    def make(folder: Path | None = None) -> Path:
        path = (folder or tmp_path_factory.mktemp("demo")) / "ucj.duckdb"
        shutil.copy(demo_db, path)
        return path
    return make


@pytest.fixture()
def demo_copy(copy_demo, tmp_path) -> Path:
    """A writable copy of the demo warehouse for this test only, at tmp_path / 'ucj.duckdb' (the session's
    demo itself is never written; an app under test also holds its file open)."""
    return copy_demo(tmp_path)


# The NIK key of the tests' real warehouses: a real warehouse refuses to be made or loaded without one.
TEST_NIK_KEY = "kunci-uji-ucj-bukan-rahasia-0001"


@pytest.fixture(scope="session")
def real_template(tmp_path_factory) -> Path:
    """An empty real warehouse (national reference, no data), made once per run through `python -m ucj init`."""
    path = tmp_path_factory.mktemp("real") / "ucj.duckdb"
    result = run_cli("init", "--db", str(path), env={"UCJ_NIK_KEY": TEST_NIK_KEY})
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture()
def real_db(real_template, tmp_path, monkeypatch) -> Path:
    """A writable copy of the empty real warehouse for this test only, at tmp_path / 'ucj.duckdb', with the
    tests' NIK key in the environment."""
    monkeypatch.setenv("UCJ_NIK_KEY", TEST_NIK_KEY)
    path = tmp_path / "ucj.duckdb"
    shutil.copy(real_template, path)
    return path


TINY_SQL = Path(__file__).resolve().parent / "tiny_warehouse.sql"


def build_tiny(path: Path) -> Path:
    """A real warehouse file from the schema, tests/tiny_warehouse.sql and the marts, in a fraction of a second."""
    from ucj.warehouse import marts

    connection = duckdb.connect(str(path))
    try:
        marts.create_schema(connection)
        connection.execute(TINY_SQL.read_text(encoding="utf-8"))
        marts.build_marts(connection)
        connection.execute("checkpoint")
    finally:
        connection.close()
    return path


@pytest.fixture(scope="session")
def tiny_template(tmp_path_factory) -> Path:
    """The tiny warehouse, built once per run; tests get copies (`tiny_db`)."""
    return build_tiny(tmp_path_factory.mktemp("tiny") / "kecil.duckdb")


@pytest.fixture()
def tiny_db(tiny_template, tmp_path) -> Path:
    """The tiny warehouse of tests/tiny_warehouse.sql for this test only (writable, not open)."""
    path = tmp_path / "kecil.duckdb"
    shutil.copy(tiny_template, path)
    return path


@pytest.fixture()
def tiny(tiny_db):
    """A read-only connection to the tiny warehouse."""
    connection = duckdb.connect(str(tiny_db), read_only=True)
    yield connection
    connection.close()


@pytest.fixture()
def con(demo_db):
    connection = duckdb.connect(str(demo_db), read_only=True)
    yield connection
    connection.close()


def one(con, sql: str, params=None):
    return con.execute(sql, params or []).fetchone()[0]


DAY = dt.date


TEST_PASSWORD = "sandi-uji-ucj-0001"  # the tests' accounts; at least accounts.MIN_PASSWORD characters


def make_account(db_path, name: str, role: str = "admin", regions: tuple[str, ...] = (),
                 password: str = TEST_PASSWORD) -> tuple[str, str]:
    """An account in the accounts file beside warehouse db_path (as `python -m ucj users add` makes one), unless
    it exists already; returns (name, password) for `open_app(..., login=...)`."""
    from ucj.accounts import Store, accounts_path

    store = Store(accounts_path(db_path))
    if store.get(name) is None:
        store.add(name, role, tuple(regions), password)
    return name, password


def log_in(at, name: str, password: str):
    """Fill the login form (Nama pengguna, Kata sandi) and press Masuk."""
    next(t for t in at.text_input if t.label == "Nama pengguna").input(name)
    next(t for t in at.text_input if t.label == "Kata sandi").input(password)
    next(b for b in at.button if b.label == "Masuk").click()
    return at.run()


def open_app(monkeypatch, db_path, page: str = "ringkasan", login=None, **params):
    """The dashboard in AppTest on warehouse db_path, opened at a page with these address parameters.

    `login`: (name, password) of an account to log in with through the form, or a role ('viewer', 'analyst',
    'admin'): an account of that name and role for all Indonesia is made first (TEST_PASSWORD). A real warehouse
    shows only the login form without it; the demo opens without login (AppTest counts as loopback)."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("UCJ_DB", str(db_path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if login is not None:
        name, password = make_account(db_path, login, login) if isinstance(login, str) else login
        log_in(at, name, password)
    if page != "ringkasan":
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    return at
