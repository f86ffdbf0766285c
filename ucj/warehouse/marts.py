"""The warehouse's structure: the schema of the raw tables and the marts the pages read, rebuilt from them."""
import re

import duckdb

from ucj.paths import SQL_DIR
from ucj.warehouse.connection import data_range
from ucj.warehouse.reference import NATIONAL

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


def ensure_national(con: duckdb.DuckDBPyConnection) -> None:
    """Give the warehouse's reference the row of Indonesia ('ID', tingkat 'nasional', no parent) if it has
    regions and not that row yet. A warehouse made before the national level existed has a check on `tingkat`
    without 'nasional': its `wilayah` is remade from schema.sql's definition first, rows kept."""
    present = con.execute("select count(*), count(*) filter (where kode = $kode), max(versi) from wilayah",
                          {"kode": NATIONAL["kode"]}).fetchone()
    if present[0] == 0 or present[1] > 0:
        return
    checks = " ".join(r[0] for r in con.execute(
        "select expression from duckdb_constraints() where table_name = 'wilayah' and constraint_type = 'CHECK'"
    ).fetchall())
    if "'nasional'" not in checks:
        ddl = re.search(r"create table if not exists wilayah \(.*?\n\);", (SQL_DIR / "schema.sql").read_text(
            encoding="utf-8"), re.S).group(0)
        con.execute("alter table wilayah rename to wilayah_sebelum_nasional")
        con.execute(ddl)
        con.execute("insert into wilayah by name select * from wilayah_sebelum_nasional")
        con.execute("drop table wilayah_sebelum_nasional")
    con.execute("""
        insert into wilayah (kode, nama, tingkat, kode_induk, kode_provinsi, is_kelurahan, versi)
        values ($kode, $nama, $tingkat, null, $kode, false, $versi)
    """, {**NATIONAL, "versi": present[2]})


def build_marts(con: duckdb.DuckDBPyConnection, only: tuple[str, ...] | None = None,
                provinces: list[str] | None = None) -> None:
    """Rebuild every mart (or the files named in `only`) from the raw tables, in file order, for the
    warehouse's data range: whole, or only the rows of `provinces` (province codes) where a mart is built by
    province. A mart file is one or more statements run in order; where a mart is built by province, its first
    statement (`create or replace table`) becomes an insert after the provinces' rows are deleted, and the
    statements after it (Indonesia's rows from the provinces', a second part) run as they are.
    Called by the write seam (ucj.warehouse.write), never on its own by a writer."""
    ensure_national(con)
    first_day, last_day = data_range(con)
    every = [r[0] for r in con.execute("select kode from wilayah where tingkat = 'provinsi'").fetchall()]
    params = {"bulan_awal": first_day.replace(day=1), "bulan_akhir": last_day.replace(day=1),
              "provinsi": every if provinces is None else sorted(set(provinces))}
    existing = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    for path in sorted(MART_DIR.glob("*.sql")):
        if only is not None and path.name not in only:
            continue
        sql = path.read_text(encoding="utf-8")
        created, by_province = _CREATE.search(sql), _BY_PROVINCE.search(sql)
        if not _PARAM.search(strip_comments(sql)):
            con.execute(sql)  # macros: no parameters, run whole
            continue
        statements = split_statements(sql)
        if provinces is not None and created and by_province and created.group(1) in existing:
            table, column = created.group(1), by_province.group(1)  # both from the mart file's own text
            con.execute(f"delete from {table} where list_contains($provinsi, split_part({column}, '.', 1))",
                        {"provinsi": params["provinsi"]})
            statements[0] = _CREATE.sub(f"insert into {table}", statements[0], count=1)
        for statement in statements:
            run(con, statement, params)


def run(con: duckdb.DuckDBPyConnection, statement: str, params: dict) -> None:
    """One statement with the parameters it uses."""
    used = set(_PARAM.findall(strip_comments(statement)))
    con.execute(statement, {k: v for k, v in params.items() if k in used} or None)


def split_statements(sql: str) -> list[str]:
    """A mart file's statements: each ends with ';' at the end of a line."""
    return [s.strip() for s in re.split(r";[ \t]*\n", strip_comments(sql) + "\n") if s.strip()]


def strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)
