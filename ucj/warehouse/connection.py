"""Opening a warehouse file and reading its meta table: what kind of warehouse it is and what days it covers."""
import datetime as dt
from pathlib import Path

import duckdb

from ucj.errors import UserError


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


def create(path: Path) -> duckdb.DuckDBPyConnection:
    """A new, empty database file (the demo build writes one next to its target, then moves it)."""
    return duckdb.connect(str(path))


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute(
        "select count(*) from information_schema.tables where table_name = ?", [name]
    ).fetchall()[0]
    return row[0] > 0


def meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("select key, value from meta").fetchall())


def data_range(con: duckdb.DuckDBPyConnection) -> tuple[dt.date, dt.date]:
    """First and last day the warehouse has figures for."""
    values = meta(con)
    return dt.date.fromisoformat(values["data_mulai"]), dt.date.fromisoformat(values["data_sampai"])


def is_demo(con: duckdb.DuckDBPyConnection) -> bool:
    return meta(con).get("is_demo") == "true"


Error = duckdb.Error
Connection = duckdb.DuckDBPyConnection


def checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """Write the WAL into the file, so the file alone is the whole warehouse (before it is moved into place)."""
    con.execute("checkpoint")
