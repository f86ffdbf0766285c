"""The national demo at scale: build, a month's load and the marts' refresh, every page's queries at every level,
and the app's memory, each beside bare DuckDB on the same data in the same run.

    python benchmarks/national.py --db PATH [--participants 4000000 --claims 1000000]
        [--runs 10] [--skip build,load,pages,app] [--levels nasional,provinsi] [--pages target] [--queries]

Wrap 40-million runs in `flock <national>/heavy.lock nice -n 5 ...` on a shared machine.

1. build: `python -m ucj demo --national` in a child process (skipped when --db is already a national demo of
   that size): its phase timings and peak memory (the child's ru_maxrss, i.e. VmHWM). The anchor: bare DuckDB
   building a desa x month mart (active at month end, new, ended per desa per month) of the same participants,
   from a fresh in-memory database attached to the warehouse read-only, under the same memory_limit.
2. load: a month's extract of new participants (LOAD_ROWS rows in the data contract's `peserta` CSV format,
   registered in the month after the data's last) loaded with `python -m ucj load peserta` into a copy of the
   warehouse marked real (a demo refuses loads; the copy's meta is_demo is set to false and its NIK key id to
   the benchmark's key). The load's time includes the marts' refresh it triggers; the anchor is bare DuckDB
   rebuilding its desa x month mart from the copy's participants.
3. pages: each page's queries recorded through AppTest (benchmarks/pages.py) at national ('ID'), province,
   kabupaten, kecamatan and desa level, timed warm through the read seam and as bare SQL, summed per page,
   beside the anchor query: one month's active participants per child region from the bare desa x month mart.
   Twice: the first view (every query, the reference the pickers read included) and the page once the app-wide
   reference cache holds those ([ref] in --queries: what every later view in the process does not read).
4. app: `streamlit run dashboard.py` on the warehouse, every page opened once in chromium at province level and
   national level, then the server process's VmHWM from /proc.

Timings are printed, never asserted; record them with machine, date and commit in benchmarks/README.md.
"""
import argparse
import datetime as dt
import logging
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb

from ucj.demo import national

LOAD_ROWS = 1_000_000
BENCH_KEY = "kunci-benchmark-nasional-bukan-rahasia"
PAGE_PARAMS = {  # per page, beside wilayah
    "ringkasan": {"periode": "2025-04"},
    "klaim": {"periode": "2025-04", "dari": "2025-01", "sampai": "2025-04"},
    "kesenjangan": {"periode": "2025-04"},
    "target": {"periode": "2026-10"},
    "peta": {"periode": "2025-04"},
    "briefing": {"periode": "2025-04"},
}
ANCHOR_MART = """
create or replace table desa_bulan as
with
months as (
    select cast(range as date) as bulan
    from range(date '2022-01-01', cast($last_month as date) + interval 1 month, interval 1 month)
),
changes as (
    select kode_desa, cast(date_trunc('month', greatest(tanggal_daftar, date '2022-01-01')) as date) as bulan,
           1 as aktif, 0 as baru, 0 as berhenti
    from w.peserta where tanggal_daftar <= last_day(cast($last_month as date))
    union all
    select kode_desa, cast(date_trunc('month', aktif_sampai + 1) as date), -1, 0, 0
    from w.peserta where aktif_sampai is not null and aktif_sampai >= date '2022-01-01'
    union all
    select kode_desa, cast(date_trunc('month', tanggal_daftar) as date), 0, 1, 0
    from w.peserta where tanggal_daftar >= date '2022-01-01'
    union all
    select kode_desa, cast(date_trunc('month', aktif_sampai) as date), 0, 0, 1
    from w.peserta where aktif_sampai >= date '2022-01-01'
),
per_month as (
    select kode_desa, bulan, sum(aktif) as aktif, sum(baru) as baru, sum(berhenti) as berhenti
    from changes group by all
)
select d.kode as kode_desa, d.kode_kecamatan, d.kode_kabupaten, d.kode_provinsi, m.bulan,
       cast(sum(coalesce(p.aktif, 0)) over (partition by d.kode order by m.bulan) as integer) as peserta_aktif,
       coalesce(p.baru, 0) as peserta_baru, coalesce(p.berhenti, 0) as peserta_berhenti
from w.wilayah as d
cross join months as m
left join per_month as p on p.kode_desa = d.kode and p.bulan = m.bulan
where d.tingkat = 'desa_kelurahan'
order by d.kode, m.bulan
"""
# the heaviest question a page asks, on the bare mart: one month's active participants per child region
ANCHOR_QUERY = {
    "nasional": "select kode_provinsi, sum(peserta_aktif) from desa_bulan where bulan = $bulan group by all",
    "provinsi": "select kode_kabupaten, sum(peserta_aktif) from desa_bulan where bulan = $bulan "
                "and kode_provinsi = $kode group by all",
    "kabupaten_kota": "select kode_kecamatan, sum(peserta_aktif) from desa_bulan where bulan = $bulan "
                      "and kode_kabupaten = $kode group by all",
    "kecamatan": "select kode_desa, sum(peserta_aktif) from desa_bulan where bulan = $bulan "
                 "and kode_kecamatan = $kode group by all",
    "desa_kelurahan": "select kode_desa, sum(peserta_aktif) from desa_bulan where bulan = $bulan "
                      "and kode_desa = $kode group by all",
}


def child_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def run_child(args: list[str], env: dict | None = None) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall seconds, peak resident MB of the largest child so far, and the result."""
    start = time.perf_counter()
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False, env={**os.environ, **(env or {})})
    return time.perf_counter() - start, child_peak_mb(), result


def meta(path: Path) -> dict[str, str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return dict(con.execute("select key, value from meta").fetchall())
    finally:
        con.close()


def build(path: Path, participants: int, claims: int) -> None:
    if path.exists():
        m = meta(path)
        if m.get("demo_jenis") == "nasional" and int(m["demo_peserta"]) == participants:
            print(f"build: reusing {path} ({m['demo_peserta']} participants, {m['demo_klaim']} claims, "
                  f"built {m['dibuat_at']})")
            return
    seconds, peak, result = run_child([sys.executable, "-m", "ucj", "demo", "--national", "--participants",
                                       str(participants), "--claims", str(claims), "--db", str(path)])
    if result.returncode:
        raise SystemExit(result.stderr)
    print(f"build: {seconds:.0f} s wall, peak {peak / 1024:.1f} GB; {result.stdout.strip()}")


def anchor_mart(path: Path, last_month: dt.date) -> tuple[duckdb.DuckDBPyConnection, float]:
    con = duckdb.connect()
    con.execute("set memory_limit = ?", [national.MEMORY_LIMIT])
    con.execute("attach ? as w (read_only)", [str(path)])
    start = time.perf_counter()
    con.execute(ANCHOR_MART, {"last_month": last_month})
    seconds = time.perf_counter() - start
    con.execute("detach w")  # the mart stays in memory; the app opened in this process needs the file to itself
    return con, seconds


def month_extract(path: Path, out: Path, month: dt.date, rows: int) -> None:
    """LOAD_ROWS new participants registered in `month` up to today (a load refuses later days; run on the month's
    first day, all of them register that day), in the contract's peserta columns."""
    last_day = max(month, min((month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1),
                              dt.date.today()))
    con = duckdb.connect()
    con.execute("attach ? as w (read_only)", [str(path)])
    con.execute("create table desa as select kode, row_number() over (order by kode) - 1 as i "
                "from w.wilayah where tingkat = 'desa_kelurahan'")
    n_desa = con.execute("select count(*) from desa").fetchone()[0]
    con.execute(f"""
        copy (
            select
                'BENCH' || lpad(cast(range as varchar), 9, '0') as kpj,
                -- a synthetic NIK outside the demo's (serial 9xxx): issuing kecamatan, birth date, serial
                replace(substr(d.kode, 1, 8), '.', '')
                    || strftime(date '1960-01-01' + cast(range % 16000 as integer), '%d%m%y')
                    || lpad(cast(9000 + range // 16000 % 1000 as varchar), 4, '0') as nik,
                d.kode as kode_desa,
                case when range % 10 < 6 then 'PU' when range % 10 < 8 then 'BPU' when range % 10 < 9 then 'Jakon'
                     else 'PMI' end as segmen,
                strftime(cast($first as date) + cast(range % (date_diff('day', cast($first as date), cast($last as date)) + 1)
                                                    as integer), '%Y-%m-%d') as tanggal_daftar,
                '' as aktif_sampai
            from range($rows)
            join desa as d on d.i = hash(range, 'desa') % $n_desa
        ) to '{out}' (header, delimiter ',')
    """, {"first": month, "last": last_day, "rows": rows, "n_desa": n_desa})
    con.close()


def load(path: Path, runs_dir: Path, last_month: dt.date, rows: int) -> None:
    copy = runs_dir / "nyata.duckdb"
    shutil.copy(path, copy)
    con = duckdb.connect(str(copy))
    from ucj.ingest import nik
    con.execute("update meta set value = 'false' where key = 'is_demo'")
    con.execute("update meta set value = ? where key = 'nik_key_id'", [nik.key_id(BENCH_KEY.encode())])
    con.execute("checkpoint")
    con.close()
    month = (last_month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    extract = runs_dir / "peserta_bulan.csv"
    start = time.perf_counter()
    month_extract(path, extract, month, rows)
    print(f"load: extract of {rows:,} new participants registered in {month:%Y-%m} written in "
          f"{time.perf_counter() - start:.0f} s ({extract.stat().st_size / 1e6:.0f} MB)")
    seconds, peak, result = run_child([sys.executable, "-m", "ucj", "load", "peserta", str(extract), "--db", str(copy),
                                       "--by", "benchmark"], env={"UCJ_NIK_KEY": BENCH_KEY})
    if result.returncode:
        raise SystemExit(result.stderr + result.stdout)
    print(f"load: `ucj load peserta` incl. the marts' refresh {seconds:.1f} s wall (peak of children so far "
          f"{peak / 1024:.1f} GB): {result.stdout.strip().splitlines()[0] if result.stdout.strip() else ''}")
    con, anchor = anchor_mart(copy, month)
    con.close()
    print(f"load: anchor, bare DuckDB rebuilding its desa x month mart after the load: {anchor:.1f} s "
          f"(ratio {seconds / anchor:.1f})")


def regions(path: Path) -> dict[str, str]:
    """National, then the province, kabupaten, kecamatan and desa with the most participants, each inside the last."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {"nasional": "ID"}
        parent = None
        for level, length in (("provinsi", 2), ("kabupaten_kota", 5), ("kecamatan", 8), ("desa_kelurahan", 13)):
            out[level] = con.execute(
                "select substr(kode_desa, 1, $n) as kode from peserta "
                "where $parent is null or starts_with(kode_desa, $parent || '.') "
                "group by all order by count(*) desc, kode limit 1",
                {"n": length, "parent": parent}).fetchone()[0]
            parent = out[level]
        return out
    finally:
        con.close()


def pages(path: Path, anchor_con, runs: int, levels: set[str], per_query: bool, only: set[str]) -> None:
    import pages as page_bench  # benchmarks/pages.py
    os.environ["UCJ_DB"] = str(path)
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    print("first view: every query of a page opened with every cache empty; cached ref.: the same page once the "
          "app-wide reference (the pickers' wilayah_anak, wilayah, kelompok_pekerja) is cached, as for every view "
          "after the first in a process. queries: first / cached ref.; ms: warm, first / cached ref.")
    print(f"{'level':<15} {'region':<14} {'page':<12} {'queries':>7} {'cold ms':>8} {'seam ms':>13} "
          f"{'bare SQL ms':>13} {'anchor ms':>9}")
    for level, code in regions(path).items():
        if levels and level not in levels:
            continue
        anchor = []
        for _ in range(runs):
            start = time.perf_counter()
            params = {"bulan": dt.date(2025, 4, 1)} | ({} if level == "nasional" else {"kode": code})
            anchor_con.execute(ANCHOR_QUERY[level], params).fetchall()
            anchor.append((time.perf_counter() - start) * 1000)
        for page, params in PAGE_PARAMS.items():
            if only and page not in only:
                continue
            if page == "peta":
                params = {**params, "tingkat_peta": {"nasional": "kabupaten_kota", "provinsi": "kabupaten_kota",
                                                     "kabupaten_kota": "kecamatan"}.get(level, "desa_kelurahan")}
            try:
                calls = page_bench.record_page_queries(page, {"wilayah": code, **params})
            except Exception as exc:  # noqa: BLE001 (a page failing at a level is a result to print)
                print(f"{level:<15} {code:<14} {page:<12} fails: {str(exc).splitlines()[0][:90]}")
                continue
            own = [call for call in calls if not call.app_wide]
            cold, warm, bare = page_bench.time_queries(path, calls, runs)
            _, warm_own, bare_own = page_bench.time_queries(path, own, runs)
            print(f"{level:<15} {code:<14} {page:<12} {f'{len(calls)}/{len(own)}':>7} {cold:>8.1f} "
                  f"{f'{warm:.1f}/{warm_own:.1f}':>13} {f'{bare:.1f}/{bare_own:.1f}':>13} "
                  f"{statistics.median(anchor[1:]):>9.2f}", flush=True)
            if per_query:
                print("    " + ", ".join(f"{name} {ms:.1f}" for ms, name in page_bench.time_each(path, calls, runs)),
                      flush=True)


def app_memory(path: Path) -> None:
    from tests.browser import IDLE, browser_page, free_port, streamlit_server

    port = free_port()
    codes = regions(path)
    with streamlit_server(path, port=port) as url, browser_page() as page:
        pid = next(int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()
                   and f"--server.port\0{port}".encode() in _cmdline(p))
        opened = 0
        for code in (codes["provinsi"], "ID"):
            for name, params in PAGE_PARAMS.items():
                query = "&".join(f"{k}={v}" for k, v in {"wilayah": code, **params}.items())
                page.goto(f"{url}/{'' if name == 'ringkasan' else name}?{query}")
                try:
                    page.wait_for_selector(IDLE, timeout=300_000)
                    page.wait_for_timeout(1500)
                    opened += 1
                except Exception:  # noqa: BLE001
                    print(f"app: {name} at {code} did not settle")
        status = Path(f"/proc/{pid}/status").read_text()
        hwm = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))
        print(f"app: streamlit server VmHWM {int(hwm) / 1024 / 1024:.2f} GB after opening {opened} pages")


def _cmdline(p: Path) -> bytes:
    try:
        return (p / "cmdline").read_bytes()
    except OSError:
        return b""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the national warehouse (built here when missing)")
    parser.add_argument("--participants", type=int, default=national.PARTICIPANTS)
    parser.add_argument("--claims", type=int, default=national.CLAIMS)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--load-rows", type=int, default=LOAD_ROWS)
    parser.add_argument("--skip", default="", help="comma-separated: build, load, pages, app")
    parser.add_argument("--levels", default="", help="pages: only these levels, comma-separated (nasional, provinsi, "
                                                     "kabupaten_kota, kecamatan, desa_kelurahan)")
    parser.add_argument("--pages", default="", help="pages: only these pages, comma-separated (" + ", ".join(PAGE_PARAMS)
                                                    + ")")
    parser.add_argument("--queries", action="store_true", help="pages: each query's bare-SQL ms too, slowest first")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    path = Path(args.db)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False).stdout
    print(f"# {platform.node()} · {platform.machine()} · {os.cpu_count()} cores · "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB · python "
          f"{platform.python_version()} · duckdb {duckdb.__version__} · commit {commit.strip()} · "
          f"{dt.datetime.now():%Y-%m-%d %H:%M} · load average {os.getloadavg()[0]:.1f}")
    if "build" not in skip:
        build(path, args.participants, args.claims)
    print(f"# warehouse {path} ({path.stat().st_size / 1e9:.1f} GB)")
    last_month = dt.date.fromisoformat(meta(path)["data_sampai"]).replace(day=1)
    anchor_con, seconds = anchor_mart(path, last_month)
    rows = anchor_con.execute("select count(*) from desa_bulan").fetchone()[0]
    print(f"anchor: bare DuckDB builds a desa x month mart ({rows:,} rows) in {seconds:.1f} s")
    if "load" not in skip:
        with tempfile.TemporaryDirectory(dir=path.parent, prefix="national-load-") as folder:
            load(path, Path(folder), last_month, args.load_rows)
    if "pages" not in skip:
        pages(path, anchor_con, args.runs, set(filter(None, args.levels.split(","))), args.queries,
              set(filter(None, args.pages.split(","))))
    anchor_con.close()
    if "app" not in skip:
        app_memory(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
