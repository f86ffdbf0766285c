"""The warehouse as partitioned Parquet: the same tables in files another engine can read (docs/scale.md).

`export(con, folder)` writes every table of a warehouse to `folder/<table>/`: a table with a region column
is partitioned by province (hive layout, `provinsi=12/…`), so an engine reading one province's figures opens
that province's files only; small tables are one file. `attach(con, folder)` makes a DuckDB connection see
those files under the tables' own names, with the marts' macros defined, so every query in queries/ runs on
them unchanged (tests/test_parquet_engine.py runs all of them and compares with the warehouse).

The files carry what the warehouse carries, the NIK only as its HMAC: they are as private as the warehouse
(this process's umask makes them 0600) and must be kept and moved as it is.
"""
import re
from pathlib import Path

import duckdb

from ucj.warehouse.marts import MART_DIR, split_statements

# the column whose first code part is a row's province, in order of preference
REGION_COLUMNS = ("kode_wilayah", "kode_desa", "kode_provinsi", "kode", "kode_kabupaten")
PARTITION = "provinsi"
# below this many rows a table is one file: partitions of a few rows each cost more to open than they save
PARTITION_FROM_ROWS = 50_000
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_CREATES_TABLE = re.compile(r"create or replace table", re.I)
_CREATES_VIEW = re.compile(r"create or replace view", re.I)


def _identifier(name: str) -> str:
    """Table and column names come from the warehouse's own catalogue; anything else is refused."""
    if not _NAME.match(name):
        raise ValueError(f"not a plain identifier: {name!r}")
    return name


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [_identifier(r[0]) for r in con.execute(
        "select table_name from information_schema.tables where table_schema = 'main' and table_type = 'BASE TABLE' "
        "order by table_name").fetchall()]


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [_identifier(r[0]) for r in con.execute(
        "select column_name from information_schema.columns where table_schema = 'main' and table_name = ? "
        "order by ordinal_position", [table]).fetchall()]


def region_column(con: duckdb.DuckDBPyConnection, table: str) -> str | None:
    columns = _columns(con, table)
    return next((c for c in REGION_COLUMNS if c in columns), None)


def export(con: duckdb.DuckDBPyConnection, folder: Path, partition_from_rows: int = PARTITION_FROM_ROWS
           ) -> dict[str, int]:
    """Write every table to `folder/<table>/` (an existing folder of that name is refused, never merged into);
    a table with a region column and at least `partition_from_rows` rows is split by province. Returns rows per
    table."""
    folder = Path(folder)
    written = {}
    for table in tables(con):
        target = folder / table
        if target.exists():
            raise FileExistsError(f"{target} already exists")
        target.mkdir(parents=True)
        rows = con.execute(f"select count(*) from {table}").fetchone()[0]
        column = region_column(con, table)
        if column and rows and rows >= partition_from_rows:
            # sorted by region then the rest, so each file's row groups have narrow min/max for a region filter
            con.execute(f"copy (select *, split_part({column}, '.', 1) as {PARTITION} from {table} "
                        f"order by {column}) to ? (format parquet, partition_by ({PARTITION}))", [str(target)])
        else:
            con.execute(f"copy {table} to ? (format parquet)", [str(target / "data.parquet")])
        written[table] = rows
    return written


def attach(con: duckdb.DuckDBPyConnection, folder: Path) -> list[str]:
    """Views named as the warehouse's tables over the files `export` wrote, and the marts' macros; returns the
    tables attached."""
    folder = Path(folder)
    attached = []
    for target in sorted(p for p in folder.iterdir() if p.is_dir()):
        table = _identifier(target.name)
        # relations, not SQL text: the files' paths reach DuckDB as values
        if (target / "data.parquet").is_file():
            relation = con.read_parquet(str(target / "data.parquet"))
        else:
            relation = con.read_parquet(str(target / "*" / "*.parquet"), hive_partitioning=True).select(
                duckdb.StarExpression(exclude=[PARTITION]))
        relation.create_view(table, replace=True)
        attached.append(table)
    for path in sorted(MART_DIR.glob("*.sql")):  # the macros the queries use: the mart files that make no table
        sql = path.read_text(encoding="utf-8")
        if not _CREATES_TABLE.search(sql):
            con.execute(sql)
    for path in sorted(MART_DIR.glob("*.sql")):  # the marts that are views of other marts, over the files too
        for statement in split_statements(path.read_text(encoding="utf-8")):
            if _CREATES_VIEW.match(statement):
                con.execute(statement)
    return attached
