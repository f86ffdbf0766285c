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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from ucj import demo, warehouse  # noqa: E402
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


def record_page_queries(page: str, params: dict) -> list[tuple[str, dict]]:
    calls = []
    real_read = warehouse.read

    def recording(con, name, viewer, **kwargs):
        calls.append((name, kwargs))
        return real_read(con, name, viewer, **kwargs)

    warehouse.read = recording
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
        warehouse.read = real_read
    return calls


def time_queries(path: Path, calls, runs: int) -> tuple[float, float, float]:
    """Cold and warm ms through the read seam, and warm ms of the bare-DuckDB anchor. The file is opened as the
    app opens it (read-only, as every reader since the warehouse is versioned: AppTest's cached connection in
    this process holds it so)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        seam, anchor = [], []
        for _ in range(runs):
            start = time.perf_counter()
            for name, kwargs in calls:
                cursor = con.cursor()  # as the app does: a cursor per read
                reading.read(cursor, name, OPERATOR, **kwargs)
                cursor.close()
            seam.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            for name, kwargs in calls:
                con.execute(reading.query(name).text, kwargs or None).fetchall()
            anchor.append((time.perf_counter() - start) * 1000)
    finally:
        con.close()
    return seam[0], statistics.median(seam[1:]), statistics.median(anchor[1:])


def time_each(path: Path, calls, runs: int) -> list[tuple[float, str]]:
    """Each recorded query's warm ms as bare SQL (median of `runs` after one cold run), slowest first."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = []
        for name, kwargs in calls:
            times = []
            for _ in range(runs + 1):
                start = time.perf_counter()
                con.execute(reading.query(name).text, kwargs or None).fetchall()
                times.append((time.perf_counter() - start) * 1000)
            out.append((statistics.median(times[1:]), name))
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
    print(f"{'page':<12} {'queries':>7} {'cold ms':>8} {'warm ms':>8} {'anchor ms':>9}  budget {BUDGET_MS} ms")
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
