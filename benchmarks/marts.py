"""The marts at national scale: the full build, and every page's queries at five levels, each beside an anchor
measured in the same run on the same data.

    python benchmarks/marts.py --db <national>/national-4m.duckdb [--work DIR] [--memory-limit 10GB] [--runs 10]

1. Full build: the warehouse is copied into --work, then `build_marts` runs in one transaction in a subprocess of
   its own (wall time, peak resident memory of that process). Anchor: bare DuckDB in a subprocess of its own building
   a desa x month mart of the same participants (active at month end by +1/-1 changes and a running sum over a
   desa x month grid, registered in the month) with `create table ... as`, on the same copy.
2. Queries: every query the pages run (recorded through Streamlit's AppTest on the small demo, as
   benchmarks/pages.py does, Ringkasan's with the sidebar's), with the region replaced by a code at each level:
   Indonesia (ID), a province, a kabupaten, a kecamatan, a desa (--codes). Warm ms is the median of --runs
   runs of a page's queries through the read seam; the anchor is bare DuckDB answering the heaviest single
   question a page asks, one region's figures of a month and its trend from a desa x month table (the anchor
   table of step 1 rolled up to the region), on the same connection.
"""
import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

LEVELS = {"nasional": "ID", "provinsi": "12", "kabupaten_kota": "12.10", "kecamatan": "12.10.01",
          "desa_kelurahan": "12.10.01.1004"}
BUILD = """
import sys, time, duckdb
sys.path.insert(0, {root!r})
from ucj.warehouse import marts
con = duckdb.connect({path!r})
con.execute("set memory_limit = '{limit}'")
con.execute("set enable_progress_bar = false")
con.execute("begin")
for name in marts.mart_files():  # as build_marts(con) does, one file at a time to print each one's time
    start, cpu = time.perf_counter(), time.process_time()
    marts.build_marts(con, only=(name,))
    print(f"#   {{name:<36}} {{time.perf_counter() - start:7.1f}} s  cpu {{time.process_time() - cpu:7.1f}} s", flush=True)
con.execute("commit")
con.execute("checkpoint")
"""
ANCHOR = """
import duckdb
con = duckdb.connect({path!r})
con.execute("set memory_limit = '{limit}'")
con.execute("set enable_progress_bar = false")
con.execute('''
create or replace table anchor_desa_bulan as
with
bulan as (select cast(range as date) as bulan from range(date '{first}', date '{last}' + interval 1 month, interval 1 month)),
ubah as (
    select kode_desa, greatest(cast(date_trunc('month', tanggal_daftar) as date), date '{first}') as bulan, 1 as d, 1 as baru
    from peserta
    union all
    select kode_desa, cast(date_trunc('month', aktif_sampai + interval 1 day) as date), -1, 0
    from peserta where aktif_sampai is not null
),
per_bulan as (select kode_desa, bulan, sum(d) as d, sum(baru) as baru from ubah group by all)
select k.kode_desa, b.bulan,
       sum(coalesce(p.d, 0)) over (partition by k.kode_desa order by b.bulan) as peserta_aktif,
       coalesce(p.baru, 0) as peserta_baru
from (select distinct kode_desa from peserta) as k
cross join bulan as b
left join per_bulan as p on p.kode_desa = k.kode_desa and p.bulan = b.bulan
order by k.kode_desa, b.bulan
''')
con.execute("checkpoint")
"""


def run_measured(code: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system, every thread) and peak resident MB of a Python subprocess running
    `code`: on a shared machine the CPU seconds are the steadier figure."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code])
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise RuntimeError(f"subprocess failed ({status})")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def recorded_calls() -> dict[str, list[tuple[str, dict]]]:
    """Each page's queries, recorded on the small demo at kabupaten 12.10 (benchmarks/pages.py)."""
    import logging

    from benchmarks import pages
    from ucj import demo

    path = Path(tempfile.mkdtemp()) / "ucj.duckdb"
    demo.build(path)
    os.environ["UCJ_DB"] = str(path)
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    return {page: pages.record_page_queries(page, params) for page, params in pages.PAGES.items()}


def at_level(calls, code: str):
    out = []
    for name, kwargs in calls:
        changed = {k: (code if v == "12.10" else v) for k, v in kwargs.items()}
        if code == "ID" and changed.get("tingkat") == "desa_kelurahan":
            changed["tingkat"] = "kabupaten_kota"  # the map of Indonesia is drawn by kabupaten/kota
        out.append((name, changed))
    return out


def time_calls(con, calls, runs: int) -> float:
    from ucj.access import OPERATOR
    from ucj.warehouse import reading

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for name, kwargs in calls:
            cursor = con.cursor()
            reading.read(cursor, name, OPERATOR, **kwargs)
            cursor.close()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[1:])


def time_anchor(con, code: str, runs: int) -> float:
    sql = """
        select bulan, sum(peserta_aktif), sum(peserta_baru)
        from anchor_desa_bulan
        where $kode = 'ID' or kode_desa = $kode or starts_with(kode_desa, $kode || '.')
        group by bulan order by bulan"""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        con.execute(sql, {"kode": code}).fetchall()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[1:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the national warehouse (read only: a copy is built)")
    parser.add_argument("--work", default=None, help="folder for the copy (default: beside --db)")
    parser.add_argument("--memory-limit", default="10GB")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--skip-build", action="store_true", help="measure the queries on --db as it is")
    parser.add_argument("--skip-queries", action="store_true", help="measure the build only")
    args = parser.parse_args()
    source = Path(args.db)
    print(f"# {platform.node()} · {platform.machine()} · {os.cpu_count()} cores · python {platform.python_version()}"
          f" · duckdb {duckdb.__version__} · {time.strftime('%Y-%m-%d %H:%M')}")
    if args.skip_build:
        path = source
    else:
        path = Path(args.work or source.parent) / f"{source.stem}-h3-marts.duckdb"
        shutil.copy(source, path)
        with duckdb.connect(str(path), read_only=True) as con:
            rows = con.execute("select count(*) from peserta").fetchall()[0][0]
            meta = dict(con.execute("select key, value from meta").fetchall())
        first = meta["data_mulai"][:8] + "01"
        last = meta["data_sampai"][:8] + "01"
        print(f"# {source} · peserta {rows:,} · {first} .. {last}")
        seconds, cpu, peak = run_measured(BUILD.format(root=str(ROOT), path=str(path), limit=args.memory_limit))
        a_seconds, a_cpu, a_peak = run_measured(ANCHOR.format(path=str(path), limit=args.memory_limit, first=first,
                                                              last=last))
        print(f"build_marts {seconds:8.1f} s  cpu {cpu:8.1f} s  peak {peak:7.0f} MB   anchor {a_seconds:8.1f} s  "
              f"cpu {a_cpu:8.1f} s  peak {a_peak:7.0f} MB   ratio wall {seconds / a_seconds:5.2f} cpu {cpu / a_cpu:5.2f}")
        with duckdb.connect(str(path), read_only=True) as con:
            for table in ("mart_peserta_desa_bulan", "mart_peserta_wilayah_bulan", "mart_cakupan_wilayah_bulan",
                          "mart_klaim_wilayah_bulan", "mart_peserta_berakhir_desa", "anchor_desa_bulan"):
                print(f"#   {table}: {con.execute(f'select count(*) from {table}').fetchall()[0][0]:,} rows")
    if args.skip_queries:
        return 0
    calls = recorded_calls()
    con = duckdb.connect(str(path))
    if args.skip_build and "anchor_desa_bulan" not in {r[0] for r in con.execute("show tables").fetchall()}:
        print("# no anchor table: run once without --skip-build")
        return 1
    print(f"{'level':<15} {'code':<14} " + " ".join(f"{p:>11}" for p in calls) + "   all pages  anchor ms")
    for level, code in LEVELS.items():
        warm = {page: time_calls(con, at_level(c, code), args.runs) for page, c in calls.items()}
        anchor = time_anchor(con, code, args.runs)
        print(f"{level:<15} {code:<14} " + " ".join(f"{warm[p]:>8.1f} ms" for p in calls)
              + f"   {sum(warm.values()):>6.1f} ms  {anchor:>6.1f}")
    con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
