"""The warehouse's structure: the schema of the raw tables and the marts the pages read, rebuilt from them."""
import re

import duckdb

from ucj.paths import SQL_DIR
from ucj.warehouse.connection import data_range

MART_DIR = SQL_DIR / "marts"
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_CREATE = re.compile(r"create or replace table (\w+) as", re.I)
# '-- refresh: by provinsi of kode_wilayah': the mart's rows of one province come only from that province's data,
# so a load refreshes the provinces it touched and leaves the rest alone
_BY_PROVINCE = re.compile(r"^-- refresh: by provinsi of (\w+)$", re.M)


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


def build_marts(con: duckdb.DuckDBPyConnection, only: tuple[str, ...] | None = None,
                provinces: list[str] | None = None) -> None:
    """Rebuild every mart (or the files named in `only`) from the raw tables, in file order, for the
    warehouse's data range: whole, or only the rows of `provinces` (province codes) where a mart is built by
    province. Called by the write seam (ucj.warehouse.write), never on its own by a writer."""
    first_day, last_day = data_range(con)
    every = [r[0] for r in con.execute("select kode from wilayah where tingkat = 'provinsi'").fetchall()]
    params = {"bulan_awal": first_day.replace(day=1), "bulan_akhir": last_day.replace(day=1),
              "provinsi": every if provinces is None else sorted(set(provinces))}
    existing = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    for path in sorted(MART_DIR.glob("*.sql")):
        if only is not None and path.name not in only:
            continue
        sql = path.read_text(encoding="utf-8")
        used = set(_PARAM.findall(strip_comments(sql)))
        values = {k: v for k, v in params.items() if k in used} or None
        created, by_province = _CREATE.search(sql), _BY_PROVINCE.search(sql)
        if provinces is not None and created and by_province and created.group(1) in existing:
            table, column = created.group(1), by_province.group(1)  # both from the mart file's own text
            con.execute(f"delete from {table} where list_contains($provinsi, split_part({column}, '.', 1))",
                        {"provinsi": params["provinsi"]})
            con.execute(_CREATE.sub(f"insert into {table}", sql, count=1), values)
        else:
            con.execute(sql, values)


def strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)
