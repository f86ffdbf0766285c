"""The national demo's build in this process, each phase and each mart statement timed: where the whole build's
time goes (benchmarks/national.py times the build as the command line runs it, with its anchor).

    python benchmarks/national_build.py --db PATH [--participants 40000000] [--claims N] [--last-month 2026-11]
        [--root DIR]

--root runs another checkout's code (say a worktree of an earlier commit) for a before/after pair on the same
machine. The warehouse at --db is replaced when it is a demo. Timings are printed, never asserted.
"""
import argparse
import datetime as dt
import os
import platform
import re
import resource
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--participants", type=int, default=40_000_000)
    parser.add_argument("--claims", type=int, default=None, help="default: a quarter of the participants")
    parser.add_argument("--last-month", default="2026-11")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    import duckdb

    from ucj.demo import national
    from ucj.warehouse import marts

    statements: dict[str, float] = {}
    run = marts.run

    def timed(con, statement: str, params: dict) -> None:
        match = re.search(r"\b(?:table|into)\s+([a-z_]+)", statement)
        name = match.group(1) if match else statement.split()[0]
        start = time.perf_counter()
        run(con, statement, params)
        statements[name] = statements.get(name, 0.0) + time.perf_counter() - start

    marts.run = timed  # every mart statement with parameters goes through it (marts.build_marts)
    claims = args.claims if args.claims is not None else args.participants // 4
    print(f"# {platform.node()} · {platform.machine()} · {os.cpu_count()} cores · python "
          f"{platform.python_version()} · duckdb {duckdb.__version__} · code {args.root} · "
          f"{dt.datetime.now():%Y-%m-%d %H:%M} · load average {os.getloadavg()[0]:.1f}")
    start = time.perf_counter()
    phases = national.build(args.db, participants=args.participants, claims=claims,
                            last_month=dt.date.fromisoformat(args.last_month + "-01"))
    total = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(f"build: {total:.1f} s, peak {peak:.1f} GB: "
          + ", ".join(f"{name} {seconds:.1f}" for name, seconds in phases.items()))
    for name, seconds in sorted(statements.items(), key=lambda item: -item[1]):
        if seconds >= 0.1:
            print(f"  {name:<36} {seconds:7.1f} s")


if __name__ == "__main__":
    main()
