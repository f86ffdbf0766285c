"""The one place that talks to DuckDB: opening the warehouse, running named queries, building marts."""
import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

import duckdb
import polars as pl

from ucj.errors import UserError
from ucj.paths import QUERIES_DIR, SQL_DIR

MART_DIR = SQL_DIR / "marts"
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


def require_warehouse(path: Path) -> None:
    if not Path(path).is_file():
        raise UserError(
            f"Gudang data tidak ditemukan di {path}; jalankan 'python -m ucj demo' untuk membuat "
            "gudang data demo, atau tunjuk gudang yang ada dengan --db atau UCJ_DB."
        )


def open_warehouse(path: Path, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open an existing warehouse. It never creates one: a missing file is a person's mistake."""
    path = Path(path)
    require_warehouse(path)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        if "lock" in str(exc).lower():
            raise UserError(f"Gudang data {path} sedang dipakai proses lain (misalnya dasbor yang berjalan); "
                            "hentikan proses itu lalu ulangi.") from exc
        raise UserError(
            f"Berkas {path} tidak dapat dibuka sebagai gudang data DuckDB ({type(exc).__name__}); "
            "periksa berkasnya atau buat ulang dengan 'python -m ucj demo'."
        ) from exc
    if not has_table(con, "meta"):
        con.close()
        raise UserError(
            f"Berkas {path} bukan gudang data UCJ (tabel meta tidak ada); "
            "tunjuk gudang yang benar dengan --db atau buat dengan 'python -m ucj demo'."
        )
    return con


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute(
        "select count(*) from information_schema.tables where table_name = ?", [name]
    ).fetchone()
    return row[0] > 0


@lru_cache(maxsize=None)
def query_text(name: str) -> str:
    path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no query named {name!r} in {QUERIES_DIR}")
    return path.read_text(encoding="utf-8")


def query_params(name: str) -> set[str]:
    return set(_PARAM.findall(_strip_comments(query_text(name))))


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pl.DataFrame:
    """Run queries/<name>.sql with its $parameters bound; returns a polars frame.

    Passing a parameter the query does not declare, or missing one, is a programming error:
    it is caught here rather than letting DuckDB guess.
    """
    expected = query_params(name)
    if set(params) != expected:
        raise TypeError(f"query {name} takes {sorted(expected)}, got {sorted(params)}")
    cursor = con.cursor()
    try:
        return cursor.sql(query_text(name), params=params or None).pl()
    finally:
        cursor.close()


def meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("select key, value from meta").fetchall())


def data_range(con: duckdb.DuckDBPyConnection) -> tuple[dt.date, dt.date]:
    """First and last day the warehouse has figures for."""
    values = meta(con)
    return dt.date.fromisoformat(values["data_mulai"]), dt.date.fromisoformat(values["data_sampai"])


def is_demo(con: duckdb.DuckDBPyConnection) -> bool:
    return meta(con).get("is_demo") == "true"


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute((SQL_DIR / "schema.sql").read_text(encoding="utf-8"))


def build_marts(con: duckdb.DuckDBPyConnection, only: tuple[str, ...] | None = None) -> None:
    """Rebuild every mart (or the files named in `only`) from the raw tables, in file order, for the
    warehouse's data range."""
    first_day, last_day = data_range(con)
    params = {"bulan_awal": first_day.replace(day=1), "bulan_akhir": last_day.replace(day=1)}
    for path in sorted(MART_DIR.glob("*.sql")):
        if only is not None and path.name not in only:
            continue
        sql = path.read_text(encoding="utf-8")
        used = set(_PARAM.findall(_strip_comments(sql)))
        con.execute(sql, {k: v for k, v in params.items() if k in used} or None)


def _strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)
