"""Throughput of 1, 2 and 4 dashboard processes behind `python -m ucj serve`'s nginx, from simulated users.

For each number of processes: `python -m ucj serve --workers N` on a copy of the warehouse (an admin account made
for the run: through the proxy even the demo asks for a login), then benchmarks/load_users.py's users (real
websocket sessions of tests/ws_user.py, the same page and region mix, think time, seed) against the proxy for the
same number of seconds; views per second and the median and 95th percentile of a view are printed per N. The
anchor, measured in the same run: load_users' bare-DuckDB view (the pages' queries one after another, no other
user). Usage:

    nice -n 5 python benchmarks/processes.py                        # a fresh demo warehouse
    nice -n 5 python benchmarks/processes.py --db data/ucj.duckdb --users 20 --seconds 90 --workers 1 2 4

Throughput is bounded by the cores: N processes on fewer than N cores share them, so past the core count more
processes add queueing, not views per second. Read the ratios (views/s of N over views/s of 1), on the same machine
in the same run.
"""
import argparse
import asyncio
import datetime as dt
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import load_users  # noqa: E402
from ws_user import log_in  # noqa: E402

PASSWORD = "sandi-benchmark-proses-01"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_warehouse(source: Path, folder: Path) -> Path:
    """The published version's bytes as a plain warehouse of the run (adopted as a version at its first write)."""
    target = folder / "ucj.duckdb"
    shutil.copyfile(source, target)  # follows the link: the version readers see
    os.chmod(target, 0o600)
    return target


def add_admin(db: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "ucj", "users", "add", "pengukur", "--role", "admin", "--db",
                             str(db)], cwd=ROOT, input=PASSWORD + "\n", capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(result.stderr)


def serve(db: Path, workers: int, folder: Path):
    port = free_port()
    log = (folder / f"serve-{workers}.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "ucj", "serve", "--workers", str(workers), "--port", str(port),
                                "--db", str(db)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while "siap" not in (folder / f"serve-{workers}.log").read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"serve --workers {workers} did not start: see {folder / f'serve-{workers}.log'}")
        time.sleep(0.5)
    return process, f"http://127.0.0.1:{port}"


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def publish_seconds(db: Path, folder: Path, runs: int = 3) -> tuple[float, float, int]:
    """What a write adds to its transaction: a session that commits one meta row (copy, checkpoint, fsync, link
    swap), against a plain `shutil.copyfile` of the same file (the anchor). Median seconds of each, and the bytes."""
    from ucj.warehouse import write

    target = folder / "publish" / "ucj.duckdb"
    target.parent.mkdir()
    shutil.copyfile(db, target)
    sessions, copies = [], []
    for i in range(runs):
        started = time.perf_counter()
        with write.session(target) as con, write.transaction(con) as w:
            w.set_meta({"benchmark": str(i)})
        sessions.append(time.perf_counter() - started)
        started = time.perf_counter()
        shutil.copyfile(db, folder / "publish" / "salinan.duckdb")
        copies.append(time.perf_counter() - started)
    size = os.path.getsize(db)
    shutil.rmtree(target.parent, ignore_errors=True)
    return statistics.median(sessions), statistics.median(copies), size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="the warehouse (a copy is served); default: a fresh demo warehouse")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--think", type=float, default=2.0, help="mean think time between views, seconds")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--publish-only", action="store_true", help="only the cost of publishing a write")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="ucj-processes-"))
    source = Path(args.db) if args.db else load_users.demo_warehouse(folder / "demo")
    db = copy_warehouse(source, folder)
    add_admin(db)
    import duckdb

    print(f"# {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC · {platform.node()} · "
          f"{platform.processor() or platform.machine()} · {os.cpu_count()} cores · python "
          f"{platform.python_version()} · duckdb {duckdb.__version__} · load {os.getloadavg()[0]:.2f}")
    session, copy, size = publish_seconds(db, folder)
    print(f"# a write's publish: a one-row session {session:.2f} s against a plain copy of the file {copy:.2f} s "
          f"({size / 1e6:.0f} MB): {session / copy:.1f}×")
    if args.publish_only:
        shutil.rmtree(folder, ignore_errors=True)
        return 0
    sample = load_users.anchor_sample()
    anchors = load_users.anchor_seconds(db, sample)
    anchor = statistics.median(s for page in anchors.values() for s in page)
    print(f"# anchor: bare DuckDB, one view's queries one after another: median {anchor:.3f} s "
          f"({len(sample)} views) → at most {1 / anchor:.1f} views/s per busy core")
    print(f"# {args.users} users · {args.seconds:.0f} s per run · think {args.think:.1f} s ± 50% · seed {args.seed}")
    print(f"{'processes':>9} {'views':>6} {'views/s':>8} {'× 1 proc':>8} {'median s':>8} {'p95 s':>6} "
          f"{'errors':>6} {'median/anchor':>13}")
    first = None
    failed = 0
    for workers in args.workers:
        process, url = serve(db, workers, folder)
        try:
            cookie = log_in(url, "pengukur", PASSWORD)
            results, elapsed = asyncio.run(load_users.load(url, cookie, args.users, args.seconds, args.think,
                                                           args.seed, load_users.mix()))
        finally:
            stop(process)
        seconds = [r[2] for r in results]
        rate = len(results) / elapsed
        first = first or rate
        errors = sum(bool(r[4]) for r in results)
        failed += errors
        median = statistics.median(seconds)
        print(f"{workers:>9} {len(results):>6} {rate:>8.2f} {rate / first:>8.2f} {median:>8.2f} "
              f"{load_users.percentile(seconds, 0.95):>6.2f} {errors:>6} {median / anchor:>13.1f}", flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
