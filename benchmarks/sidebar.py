"""What the sidebar reads on each page, what that costs, and what a rerun reads again (issue 14).

Each page is opened through Streamlit's AppTest with the sidebar's reads recorded (ui/filters.py's calls of the
read seam), on a fresh cache: those queries are then timed on their own through the seam, cold (first run on a
fresh connection) and warm (median of the following runs), and the page is run again with the same choices, in the
same session and in a new one, counting the sidebar's reads (0 since they are cached per warehouse path and
parameters). Then "Cari wilayah" is timed for a few texts. Usage:

    python benchmarks/sidebar.py [--db PATH] [--runs 20]

The demo opens without login on loopback (AppTest counts as loopback), so PATH must be a demo warehouse (the
national one of `python -m ucj demo --national` is).
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
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from ucj import demo, region_search, warehouse  # noqa: E402
from ucj.access import OPERATOR  # noqa: E402
from ui import filters  # noqa: E402

PAGES = {
    "ringkasan": {"wilayah": "12.10", "periode": "2025-03"},
    "ringkasan ID": {"wilayah": "ID", "periode": "2025-03"},
    "ringkasan /": {"periode": "2025-03"},
    "ringkasan desa": {"wilayah": "12.10.19.1001", "periode": "2025-03"},
}
SEARCHES = ("berombang", "rantau prapat", "sukamaju", "12.10.19", "a'b")


def sidebar_reads(params: dict, fresh: bool) -> tuple[list[tuple[str, dict]], AppTest]:
    calls = []

    def recording(con, name, viewer, **kwargs):
        calls.append((name, kwargs))
        return warehouse.read(con, name, viewer, **kwargs)

    if fresh:
        st.cache_data.clear()
    real = filters.warehouse
    filters.warehouse = SimpleNamespace(read=recording)
    try:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if at.exception:
            raise RuntimeError(str(at.exception))
    finally:
        filters.warehouse = real
    return calls, at


def rerun_reads(at: AppTest) -> int:
    calls = []

    def recording(con, name, viewer, **kwargs):
        calls.append(name)
        return warehouse.read(con, name, viewer, **kwargs)

    real = filters.warehouse
    filters.warehouse = SimpleNamespace(read=recording)
    try:
        at.run()
    finally:
        filters.warehouse = real
    return len(calls)


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """As the app's cached connection in this process holds the file (one configuration per file and process)."""
    return duckdb.connect(str(path))


def timed(path: Path, calls, runs: int) -> tuple[float, float]:
    con = connect(path)
    try:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            for name, kwargs in calls:
                cursor = con.cursor()
                warehouse.read(cursor, name, OPERATOR, **kwargs)
                cursor.close()
            times.append((time.perf_counter() - start) * 1000)
    finally:
        con.close()
    return times[0], statistics.median(times[1:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="demo warehouse to measure (default: a fresh demo warehouse)")
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
    print(f"# {platform.node()} · {platform.machine()} · {os.cpu_count()} cores · python {platform.python_version()}"
          f" · duckdb {duckdb.__version__} · load {os.getloadavg()[0]:.1f}")
    print(f"# warehouse {path} ({path.stat().st_size / 1e6:.0f} MB)")
    print(f"{'page':<16} {'opens':<14} {'reads':>5} {'cold ms':>8} {'warm ms':>8} {'rerun':>6} {'new session':>11}")
    measured = []
    for page, params in PAGES.items():
        calls, at = sidebar_reads(params, fresh=True)
        again = rerun_reads(at)
        new_session, _ = sidebar_reads(params, fresh=False)
        measured.append((page, calls, at, again, len(new_session)))
    for page, calls, at, again, new_session in measured:
        cold, warm = timed(path, calls, args.runs)
        opened = at.query_params["wilayah"]
        opened = opened[0] if isinstance(opened, list) else opened
        print(f"{page:<16} {opened:<14} {len(calls):>5} {cold:>8.1f} {warm:>8.1f} {again:>6} {new_session:>11}")
    print(f"\n{'Cari wilayah':<16} {'results':>7} {'cold ms':>8} {'warm ms':>8}")
    con = connect(path)
    try:
        for text in SEARCHES:
            params = dict(region_search.patterns(text), lingkup=[], tingkat_terdalam=4)
            times, found = [], None
            for _ in range(args.runs):
                start = time.perf_counter()
                found = warehouse.read(con, "cari_wilayah", OPERATOR, **params)
                times.append((time.perf_counter() - start) * 1000)
            print(f"{text:<16} {found.height:>7} {times[0]:>8.1f} {statistics.median(times[1:]):>8.1f}")
    finally:
        con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
