"""The one way figures leave the warehouse: `read(con, name, viewer, **params)` runs queries/<name>.sql.

Every page, download, document and command-line figure comes through here, so a rule about who may see what
(`ucj.access`) is applied once and reaches all of them. A query file's header declares what those rules need:

    -- <name>: what one row means (the grain)
    -- $param: what each parameter is
    -- region: $wilayah            the parameter naming the region the rows are about ('none' for reference lists)
    -- counts: peserta_aktif, ...  columns that count people or claims ('none' when there are none)

`read` runs on the connection or cursor it is given: a caller in a thread of its own passes a cursor (the
app does), a writer passes its transaction's cursor so that it reads what it is about to change.
"""
import re
from dataclasses import dataclass
from functools import lru_cache

import duckdb
import polars as pl

from ucj import access
from ucj.paths import QUERIES_DIR
from ucj.warehouse.marts import strip_comments

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_HEADER = re.compile(r"^--\s*(region|counts):\s*(.*)$", re.M)


def _header(text: str) -> str:
    """The comment lines a query file starts with (what it declares); comments further down do not count."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        lines.append(line)
    return "\n".join(lines)


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    params: frozenset[str]
    region_param: str | None  # the parameter whose value is the region asked for
    counts: tuple[str, ...]  # result columns that count people or claims


@lru_cache(maxsize=None)
def query(name: str) -> Query:
    path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no query named {name!r} in {QUERIES_DIR}")
    text = path.read_text(encoding="utf-8")
    declared = dict(_HEADER.findall(_header(text)))
    if "region" not in declared or "counts" not in declared:
        raise ValueError(f"query {name} must declare '-- region:' and '-- counts:' in its header")
    region = declared["region"].strip()
    counts = declared["counts"].strip()
    return Query(
        name=name,
        text=text,
        params=frozenset(_PARAM.findall(strip_comments(text))),
        region_param=None if region == "none" else region.removeprefix("$"),
        counts=() if counts == "none" else tuple(c.strip() for c in counts.split(",")),
    )


def query_names() -> list[str]:
    return sorted(path.stem for path in QUERIES_DIR.glob("*.sql"))


def read(con: duckdb.DuckDBPyConnection, name: str, viewer: access.Viewer, **params) -> pl.DataFrame:
    """Run queries/<name>.sql with its $parameters bound, for this viewer; returns a polars frame.

    Passing a parameter the query does not declare, or missing one, is a programming error: it is caught
    here rather than letting DuckDB guess.
    """
    q = query(name)
    if set(params) != q.params:
        raise TypeError(f"query {name} takes {sorted(q.params)}, got {sorted(params)}")
    if q.region_param:
        access.check(viewer, name, params[q.region_param])
    frame = con.sql(q.text, params=params or None).pl()
    return access.protect(viewer, frame, q.counts)
