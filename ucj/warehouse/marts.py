"""The warehouse's structure: the schema of the raw tables and the marts the pages read, rebuilt from them."""
import re

import duckdb

from ucj.paths import SQL_DIR
from ucj.warehouse.connection import data_range

MART_DIR = SQL_DIR / "marts"
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute((SQL_DIR / "schema.sql").read_text(encoding="utf-8"))


def mart_files() -> list[str]:
    return [path.name for path in sorted(MART_DIR.glob("*.sql"))]


def mart_tables(files: tuple[str, ...] | None = None) -> set[str]:
    """The tables the mart files (all, or those named) create."""
    out = set()
    for path in sorted(MART_DIR.glob("*.sql")):
        if files is None or path.name in files:
            out |= set(re.findall(r"create or replace table (\w+)", path.read_text(encoding="utf-8"), re.I))
    return out


def build_marts(con: duckdb.DuckDBPyConnection, only: tuple[str, ...] | None = None) -> None:
    """Rebuild every mart (or the files named in `only`) from the raw tables, in file order, for the
    warehouse's data range. Called by the write seam (ucj.warehouse.write), never on its own by a writer."""
    first_day, last_day = data_range(con)
    params = {"bulan_awal": first_day.replace(day=1), "bulan_akhir": last_day.replace(day=1)}
    for path in sorted(MART_DIR.glob("*.sql")):
        if only is not None and path.name not in only:
            continue
        sql = path.read_text(encoding="utf-8")
        used = set(_PARAM.findall(strip_comments(sql)))
        con.execute(sql, {k: v for k, v in params.items() if k in used} or None)


def strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)
