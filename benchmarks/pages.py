"""Query time of each dashboard page on the demo warehouse, cold and warm.

The queries measured are the ones the pages really run: each page is run once through Streamlit's
AppTest with the read seam (ucj.warehouse.read) recorded, then the recorded queries are timed on their own
through the seam, and beside them, as the anchor, the same SQL texts and parameters run on bare DuckDB
(`execute(...).fetchall()`): the difference is what the seam and the frames cost. Usage:

    python benchmarks/pages.py [--db PATH] [--runs 20]

Prints one line per page: number of queries, cold ms (first run on a fresh connection), warm ms
(median of the following runs), the bare-DuckDB anchor's warm ms, and whether warm is under the 300 ms budget.
"""
import argparse
import logging
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from ucj import demo  # noqa: E402
from ucj.access import OPERATOR  # noqa: E402
from ucj.warehouse import reading  # noqa: E402

PAGES = {
    "ringkasan": {"wilayah": "12.10", "periode": "2025-03"},
    "klaim": {"wilayah": "12.10", "periode": "2025-03", "dari": "2024-01", "sampai": "2025-03"},
    "kesenjangan": {"wilayah": "12.10", "periode": "2025-04"},
    "target": {"wilayah": "12.10", "periode": "2025-10"},
    "peta": {"wilayah": "12.10", "periode": "2025-03", "tingkat_peta": "desa_kelurahan"},
}
BUDGET_MS = 300


@dataclass(frozen=True)
class Call:
    """One read a page made through the seam: `read`, or `read_total` when `total` holds its (columns, by).
    `app_wide`: read inside the app-wide cache of the reference (ui.data._reference: the pickers' `wilayah_anak`,
    `wilayah`, `kelompok_pekerja`, shared by every session), which the first view of any page in the process pays
    for and later views do not."""
    name: str
    params: dict
    total: tuple | None = None
    app_wide: bool = False

    def __iter__(self):
        # (name, params), as the scripts that replay a page's reads as bare SQL unpack it (load_users, marts, sidebar)
        return iter((self.name, self.params))

    @property
    def label(self) -> str:
        return self.name + (" (total)" if self.total else "") + (" [ref]" if self.app_wide else "")


def _within(function: str) -> bool:
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_name == function:
            return True
        frame = frame.f_back
    return False


def record_page_queries(page: str, params: dict) -> list[Call]:
    """Every query the page runs on its first view with every cache empty: both `read` and `read_total` (each runs
    the query's SQL once), recorded where both end, `reading._frame`."""
    calls = []
    real_frame = reading._frame

    def recording(con, text, kwargs):
        caller = sys._getframe(1)
        found = caller.f_locals
        total = (tuple(found["columns"]), tuple(found["by"])) if caller.f_code.co_name == "read_total" else None
        calls.append(Call(found["name"], dict(kwargs), total, _within("_reference")))
        return real_frame(con, text, kwargs)

    reading._frame = recording
    try:
        st.cache_data.clear()
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if page != "ringkasan":
            calls.clear()  # only the page's own run: the sidebar's queries are counted with it below
            st.cache_data.clear()
            at.switch_page(f"app_pages/{page}.py").run()
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception}")
    finally:
        reading._frame = real_frame
    return calls


def _run(con, call: Call) -> None:
    if call.total:
        reading.read_total(con, call.name, OPERATOR, *call.total, **call.params)
    else:
        reading.read(con, call.name, OPERATOR, **call.params)


def time_queries(path: Path, calls: list[Call], runs: int) -> tuple[float, float, float]:
    """Cold and warm ms through the read seam, and warm ms of the bare-DuckDB anchor. The file is opened as the
    app opens it (read-only, as every reader since the warehouse is versioned: AppTest's cached connection in
    this process holds it so)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        seam, anchor = [], []
        for _ in range(runs):
            start = time.perf_counter()
            for call in calls:
                cursor = con.cursor()  # as the app does: a cursor per read
                _run(cursor, call)
                cursor.close()
            seam.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            for call in calls:
                con.execute(reading.query(call.name).text, call.params or None).fetchall()
            anchor.append((time.perf_counter() - start) * 1000)
    finally:
        con.close()
    return seam[0], statistics.median(seam[1:]), statistics.median(anchor[1:])


def time_each(path: Path, calls: list[Call], runs: int) -> list[tuple[float, str]]:
    """Each recorded query's warm ms as bare SQL (median of `runs` after one cold run), slowest first."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = []
        for call in calls:
            times = []
            for _ in range(runs + 1):
                start = time.perf_counter()
                con.execute(reading.query(call.name).text, call.params or None).fetchall()
                times.append((time.perf_counter() - start) * 1000)
            out.append((statistics.median(times[1:]), call.label))
        return sorted(out, reverse=True)
    finally:
        con.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="warehouse to measure (default: a fresh demo warehouse)")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    if args.db:
        path = Path(args.db)
    else:
        path = Path(tempfile.mkdtemp()) / "ucj.duckdb"
        print("building the demo warehouse …", file=sys.stderr)
        demo.build(path)
    os.environ["UCJ_DB"] = str(path)
    logging.getLogger("streamlit").setLevel(logging.ERROR)

    print(f"# {platform.node()} · {platform.processor() or platform.machine()} · {os.cpu_count()} cores · "
          f"python {platform.python_version()} · duckdb {duckdb.__version__}")
    print(f"# warehouse {path} ({path.stat().st_size / 1e6:.0f} MB)")
    print(f"{'page':<12} {'queries':>7} {'cold ms':>8} {'warm ms':>8} {'anchor ms':>9}  budget {BUDGET_MS} ms "
          "(every query of the first view, the app-wide reference included)")
    worst = 0.0
    for page, params in PAGES.items():
        calls = record_page_queries(page, params)
        cold, warm, anchor = time_queries(path, calls, args.runs)
        worst = max(worst, warm)
        print(f"{page:<12} {len(calls):>7} {cold:>8.1f} {warm:>8.1f} {anchor:>9.1f}  "
              f"{'ok' if warm < BUDGET_MS else 'OVER'}")
    return 0 if worst < BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
