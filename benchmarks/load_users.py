"""Simulated users at once on the dashboard: page times under load, from real websocket sessions.

Each user loops until the time is up: think (seeded jitter around --think seconds), then open a page chosen from
a mix (Ringkasan, Klaim, Kesenjangan, Target, Peta, Bahan Musrenbang) for a region chosen from a mix (the province,
kabupaten, kecamatan and desa of the demo) and a month, as a link opened in a fresh tab: a new websocket session
(tests/ws_user.py) that sends the page and its query string and waits until the script has finished. Usage:

    python benchmarks/load_users.py                          # a fresh demo warehouse (with ../shared's boundaries)
    python benchmarks/load_users.py --db data/ucj.duckdb --users 10 --seconds 120
    python benchmarks/load_users.py --url http://127.0.0.1:8501 [--user NAME --password-file FILE] [--db COPY]

Without --url it starts one `streamlit run dashboard.py` of its own on the warehouse (its log in a temporary
folder). With --url it loads a server or proxy already running (several processes behind nginx, for example); a
real warehouse there needs an account: the login form is filled once over a websocket session and its cookie
opens the users' sessions. Before the clock starts every page is opened once (the first imports and caches of a
fresh process are not what a user waits for at 09:00), and those views are not counted.

Prints the machine, then every view's figures: count, median, 95th percentile and max seconds, errors, views per
second (throughput), and per page the count, median, p95 and kilobytes sent. The anchor, measured in the same run:
the pages' queries (each page at the province, a kabupaten, a kecamatan and a desa, recorded through AppTest with
the read seam as benchmarks/pages.py does) run on bare DuckDB one view after another, on a copy of the warehouse,
with no other user; the ratio of the median view under load to the anchor's median view is printed beside it. Exit code 1 when a view failed (an exception element,
an error, or no end of script within the per-view timeout).
"""
import argparse
import asyncio
import datetime as dt
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from ws_user import Session, log_in

WILAYAH = ROOT.parent / "shared" / "data" / "wilayah"
PAGES = {"": "Ringkasan", "klaim": "Klaim", "kesenjangan": "Kesenjangan", "target": "Target", "peta": "Peta",
         "briefing": "Bahan Musrenbang"}
# the demo's regions at every level (codes of the six regencies in DOMAIN.md and real kecamatan and desa of them)
REGIONS = ("12", "12.10", "12.09", "12.19", "12.22", "12.23", "12.74", "12.10.01", "12.10.07", "12.09.13", "12.22.03",
           "12.10.01.1004", "12.10.01.1009", "12.74.01.1003")
MONTHS = ("2024-06", "2025-03", "2025-10")
VIEW_TIMEOUT = 300  # seconds for one view: a server that hangs is reported, not waited for forever


# the anchor's sample: each page at each level, one month (recording every view of the mix would take minutes)
ANCHOR_REGIONS = ("12", "12.10", "12.10.01", "12.10.01.1004")


def mix() -> list[tuple[str, str]]:
    """Every (page, query string) a user may open."""
    return [(page, f"wilayah={region}&periode={month}") for page in PAGES for region in REGIONS for month in MONTHS]


def anchor_sample() -> list[tuple[str, str]]:
    return [(page, f"wilayah={region}&periode=2025-03") for page in PAGES for region in ANCHOR_REGIONS]


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (0.95: the value 95% of the views took at most)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


# ---------------------------------------------------------------------------------------------------------------
# the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def own_server(db_path: Path, log_path: Path):
    """`streamlit run dashboard.py` on the warehouse, on loopback, its output to a file (a pipe nobody reads fills)."""
    port = free_port()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env={**{k: v for k, v in os.environ.items() if k != "STREAMLIT_LOGGER_LEVEL"},
                           "UCJ_DB": str(db_path)}, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"streamlit did not start; see {log_path}") from None
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def demo_warehouse(folder: Path, shapes: Path | None = None) -> Path:
    """A fresh demo warehouse, with the real desa boundaries of ../shared (or `shapes`) when they are there (else Peta
    says that no boundaries are loaded, and the briefing draws no map)."""
    import duckdb

    from ucj import demo
    from ucj.ingest import boundaries

    path = folder / "ucj.duckdb"
    print("# building the demo warehouse …", file=sys.stderr)
    demo.build(path)
    shapes = shapes or WILAYAH / "labuhanbatu_raya_desa.geojson"
    if shapes.exists():
        con = duckdb.connect(str(path))
        try:
            boundaries.load(con, shapes)
            con.execute("checkpoint")
        finally:
            con.close()
    else:
        print(f"# {shapes.name} not found: Peta shows no map", file=sys.stderr)
    return path


# ---------------------------------------------------------------------------------------------------------------
# the anchor: the views' queries on bare DuckDB


def anchor_seconds(db_path: Path, views: list[tuple[str, str]], runs: int = 3) -> dict[str, list[float]]:
    """Per page, the seconds of each view's queries (recorded through AppTest, as benchmarks/pages.py does) on bare
    DuckDB, the median of `runs` each, on a copy of the warehouse so that a server holding the file does not
    matter."""
    from urllib.parse import parse_qsl

    import duckdb

    sys.path.insert(0, str(ROOT / "benchmarks"))
    os.environ["STREAMLIT_LOGGER_LEVEL"] = "error"  # AppTest outside a server warns on every run
    from pages import record_page_queries
    from streamlit.logger import set_log_level

    from ucj.warehouse import reading

    set_log_level("error")

    copy = Path(tempfile.mkdtemp()) / "anchor.duckdb"
    shutil.copy(db_path, copy)
    os.environ["UCJ_DB"] = str(copy)
    recorded = {view: record_page_queries(view[0] or "ringkasan", dict(parse_qsl(view[1]))) for view in views}
    con = duckdb.connect(str(copy), read_only=True)  # AppTest in this process holds it read-only, as the app
    try:
        seconds: dict[str, list[float]] = {}
        for (page, _), calls in recorded.items():
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                for name, kwargs in calls:
                    con.execute(reading.query(name).text, kwargs or None).fetchall()
                times.append(time.perf_counter() - start)
            seconds.setdefault(page, []).append(statistics.median(times))
    finally:
        con.close()
    return seconds


# ---------------------------------------------------------------------------------------------------------------
# the users


async def user(number: int, url: str, cookie: str | None, seed: int, think: float, until: float,
               views: list[tuple[str, str]], results: list) -> None:
    rng = random.Random(seed * 1000 + number)
    await asyncio.sleep(rng.uniform(0, think))  # users arrive spread over one think time, not all at one instant
    while time.monotonic() < until:
        page, query = rng.choice(views)
        try:
            async with Session(url, cookie=cookie, timeout=VIEW_TIMEOUT) as tab:
                view = await tab.open(page, query)
            results.append((page, query, view.seconds, view.bytes, view.failed,
                            (view.exceptions + view.errors)[:1] or ([] if view.finished else ["not finished"])))
        except (TimeoutError, OSError) as exc:  # no answer in time, or the connection refused or dropped
            results.append((page, query, float(VIEW_TIMEOUT), 0, True, [type(exc).__name__]))
        await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))


async def warm_up(url: str, cookie: str | None) -> None:
    for page in PAGES:
        async with Session(url, cookie=cookie, timeout=VIEW_TIMEOUT) as tab:
            await tab.open(page, "wilayah=12.10&periode=2025-03")


async def load(url: str, cookie: str | None, users: int, seconds: float, think: float, seed: int,
               views: list[tuple[str, str]]) -> tuple[list, float]:
    await warm_up(url, cookie)
    results: list = []
    start = time.monotonic()
    await asyncio.gather(*(user(i, url, cookie, seed, think, start + seconds, views, results) for i in range(users)))
    return results, time.monotonic() - start


def report(results: list, elapsed: float, anchors: dict | None) -> int:
    times = [r[2] for r in results]
    failed = [r for r in results if r[4]]
    print(f"{'page':<18} {'views':>5} {'median s':>8} {'p95 s':>6} {'max s':>6} {'errors':>6} {'kB/view':>8}"
          f" {'anchor s':>8} {'ratio':>6}")

    def line(name: str, rows: list, anchor: float | None) -> None:
        seconds = [r[2] for r in rows]
        median = statistics.median(seconds)
        print(f"{name:<18} {len(rows):>5} {median:>8.2f} {percentile(seconds, 0.95):>6.2f} {max(seconds):>6.2f} "
              f"{sum(r[4] for r in rows):>6} {statistics.mean(r[3] for r in rows) / 1000:>8.1f}"
              + (f" {anchor:>8.3f} {median / anchor:>6.1f}" if anchor else ""))

    for page, title in PAGES.items():
        rows = [r for r in results if r[0] == page]
        if rows:
            line(title, rows, statistics.median(anchors[page]) if anchors else None)
    line("all views", results, statistics.median(s for page in anchors.values() for s in page) if anchors else None)
    print(f"# {len(times)} views in {elapsed:.0f} s: {len(times) / elapsed:.2f} views/s")
    for page, query, _, _, _, why in failed[:10]:
        print(f"# failed: {page or 'ringkasan'}?{query}: {why[0][:200] if why else ''}")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a server or proxy already running (default: start one)")
    parser.add_argument("--db", help="the warehouse: served when no --url, and the anchor's (a copy is used)")
    parser.add_argument("--user", help="account to log in with on a server that asks for a login")
    parser.add_argument("--password-file", help="a file whose first line is the account's password")
    parser.add_argument("--users", default="20", help="users at once; a list such as 1,10,20 runs each in turn on "
                                                      "the same server, warm-up and anchor")
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--think", type=float, default=5.0, help="mean think time between views, seconds")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--no-anchor", action="store_true", help="skip the bare-DuckDB anchor")
    parser.add_argument("--boundaries", type=Path, help="the desa GeoJSON loaded into the fresh demo warehouse "
                                                        "(default: ../shared's; a worktree elsewhere has none)")
    args = parser.parse_args()
    if args.user and not args.password_file:
        parser.error("--user needs --password-file")

    folder = Path(tempfile.mkdtemp(prefix="ucj-load-"))
    db_path = Path(args.db) if args.db else (None if args.url else demo_warehouse(folder, args.boundaries))
    views = mix()
    import duckdb

    print(f"# {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC · {platform.node()} · "
          f"{platform.processor() or platform.machine()} · {os.cpu_count()} cores · python "
          f"{platform.python_version()} · duckdb {duckdb.__version__} · load {os.getloadavg()[0]:.2f}")
    anchors = None
    if db_path is not None and not args.no_anchor:
        sample = anchor_sample()
        print(f"# anchor: recording the queries of {len(sample)} views …", file=sys.stderr)
        anchors = anchor_seconds(db_path, sample)
        every = [s for page in anchors.values() for s in page]
        print(f"# anchor: bare DuckDB, one view's queries one after another: median {statistics.median(every):.3f} s, "
              f"max {max(every):.3f} s over {len(sample)} views (each page at {', '.join(ANCHOR_REGIONS)}, 2025-03)")
    counts = [int(n) for n in args.users.split(",")]

    def run(url: str) -> int:
        cookie = None
        if args.user:
            password = Path(args.password_file).read_text(encoding="utf-8").splitlines()[0]
            cookie = log_in(url, args.user, password)
        worst = 0
        for users in counts:
            print(f"\n# {users} users · {args.seconds:.0f} s · think {args.think:.1f} s ± 50% · seed {args.seed} · "
                  f"{len(PAGES)} pages × {len(REGIONS)} regions × {len(MONTHS)} months · "
                  f"load {os.getloadavg()[0]:.2f}")
            results, elapsed = asyncio.run(load(url, cookie, users, args.seconds, args.think, args.seed, views))
            worst = max(worst, report(results, elapsed, anchors))
        return worst

    if args.url:
        return run(args.url)
    with own_server(db_path, folder / "streamlit.log") as url:
        print(f"# server: one `streamlit run` process on {db_path.name}, log {folder / 'streamlit.log'}")
        return run(url)


if __name__ == "__main__":
    sys.exit(main())
