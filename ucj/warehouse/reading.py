"""The one way figures leave the warehouse: `read(con, name, viewer, **params)` runs queries/<name>.sql.

Every page, download, document and command-line figure comes through here, so a rule about who may see what
(`ucj.access`) is applied once and reaches all of them. A query file's header declares what those rules need:

    -- <name>: what one row means (the grain)
    -- $param: what each parameter is
    -- region: $wilayah            the parameter naming the region the rows are about ('none' for reference lists)
    -- counts: jumlah_klaim -> jumlah_idr, peserta_aktif -> cakupan_pct kurang_ke_target, pekerja_wajib
                                   columns that count people or claims ('none' when there are none), each with
                                   the columns computed from it after '->' (hidden with it)
    -- region column: kode_wilayah when rows are regions: the column holding each row's code (its level)
    -- groups: bulan; manfaat      optional: sets of columns whose equal values make rows that add up to a total
                                   shown elsewhere ('; ' between sets, 'all': one group); by default
                                   the date columns (and, with a region column, the parent region)
    -- sums: a = b + c; ...        optional: a count column that is the sum of others in the same row

The last three are what small-cell protection needs (`ucj.suppression`, docs/privacy.md).

`read` runs on the connection or cursor it is given: a caller in a thread of its own passes a cursor (the
app does), a writer passes its transaction's cursor so that it reads what it is about to change.
"""
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache

import duckdb
import polars as pl

from ucj import access, suppression
from ucj.paths import QUERIES_DIR
from ucj.warehouse.marts import strip_comments

# DuckDB warns that an Arrow stream from execute() copies the rows once more than con.sql() would; for the few
# rows a page's query returns the copy costs microseconds, while con.sql(...).pl() costs about 1 ms more per query
warnings.filterwarnings("ignore", message="Arrow output on a DB-API result", category=UserWarning)

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_HEADER = re.compile(r"^--\s*(region column|region|counts|groups|sums):\s*(.*)$", re.M)


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
    rules: suppression.Rules  # what small-cell protection needs: counts, their dependents, groups

    @property
    def counts(self) -> tuple[str, ...]:
        """Result columns that count people or claims."""
        return self.rules.count_columns


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
    column = declared.get("region column", "").strip() or None
    return Query(
        name=name,
        text=text,
        params=frozenset(_PARAM.findall(strip_comments(text))),
        region_param=None if region == "none" else region.removeprefix("$"),
        rules=suppression.Rules(counts=suppression.parse_counts(declared["counts"]), region_column=column,
                                groupings=suppression.parse_groupings(declared.get("groups")),
                                sums=suppression.parse_sums(declared.get("sums"))),
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
    frame = _frame(con, q.text, params)
    return access.protect(viewer, frame, q.rules, params.get(q.region_param) if q.region_param else None)


def _frame(con: duckdb.DuckDBPyConnection, text: str, params: dict) -> pl.DataFrame:
    """The query's rows as a polars frame, through one Arrow stream: the same frame as `con.sql(...).pl()`, with
    about 1 ms less per query (a page runs 10 to 20; benchmarks/README.md, the read seam)."""
    return pl.from_arrow(con.execute(text, params or None).to_arrow_reader().read_all())


def read_total(con: duckdb.DuckDBPyConnection, name: str, viewer: access.Viewer, columns: tuple[str, ...],
               by: tuple[str, ...] = (), **params) -> pl.DataFrame:
    """The sum of `columns` over all rows of queries/<name>.sql (per value of `by`): the region's own figure, for
    a total shown beside protected rows. A sum of `read`'s rows would be NaN where a cell is hidden; this sums
    the exact rows, then protects the total as a figure of the region asked for (and the `by` rows among
    themselves). One row without `by`."""
    q = query(name)
    if set(params) != q.params:
        raise TypeError(f"query {name} takes {sorted(q.params)}, got {sorted(params)}")
    if not set(columns) <= {c for count, deps in q.rules.counts for c in (count, *deps)}:
        raise TypeError(f"query {name}: only declared counts and their dependents add up, not {columns}")
    region = params[q.region_param] if q.region_param else None
    if q.region_param:
        access.check(viewer, name, region)
    frame = _frame(con, q.text, params)
    return suppression.total(frame, q.rules, tuple(columns), viewer.min_count, region, by=tuple(by))
