"""Time to load participant extracts with `python -m ucj load peserta`, against a bare DuckDB read of the same file.

Generates two extracts (semicolons, the headers an office's export has) in a temporary folder, deterministically
from a seed, with numpy and DuckDB:

  * the first extract: --rows participants (default 10 million) in the desa of five provinces of the national
    reference (data/reference/wilayah_nasional.csv.gz), registered over the five years up to the end of the
    month before --as-of; valid NIKs (digits 1-6 a kecamatan of the desa's kabupaten, 7-12 the birth date with
    a woman's day + 40, 13-16 the serial within that kecamatan and date); about 15 % with an end of cover;
    worker group, funding source and programmes on a minority; a little dirt an office's file has (0,05 %
    15-digit NIKs, 0,02 % unknown desa codes, some dates as DD/MM/YYYY, some codes without dots).
  * the monthly extract as of --as-of: --monthly rows (default 1 million), nine in ten of them participants
    already loaded (of which 5 % with their cover ending that month and 1 % moved to another desa of their
    kabupaten, the rest unchanged) and one in ten new, registered that month.

Then, each in a subprocess so that the time is what a person waits for: `python -m ucj init` of a fresh
warehouse, the load of the first extract, the load of the monthly extract, and the same monthly extract
loaded again (nothing changes). Beside each load, as its anchor, measured just before it: a bare DuckDB
`create table t as select * from read_csv(FILE, all_varchar = true)` of the same file into a fresh database
file, also in a subprocess. Targets (issue 12): the 10 million rows under 2 minutes, the monthly million
under 20 seconds. Usage:

    python benchmarks/load_extracts.py [--rows 10000000] [--monthly 1000000] [--as-of 2026-10-31] [--keep]

Prints the machine, then one line per step: seconds, the anchor's seconds and the ratio, the peak memory of
the process (and of the anchor's), the warehouse file's size after it, and the load's own counts.
"""
import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent

REFERENCE = ROOT / "data" / "reference" / "wilayah_nasional.csv.gz"
PROVINCES = ("12", "33", "52", "64", "73")  # Sumatera Utara, Jawa Tengah, NTB, Kalimantan Timur, Sulawesi Selatan
TARGETS_S = {"first": 120.0, "monthly": 20.0}  # issue 12, at the default sizes
GROUPS = ("guru_honorer", "kader_posyandu", "perangkat_desa", "nelayan", "petani", "pedagang", "ojek",
          "buruh_harian", "umkm", "pekerja_sawit")
FUNDS = ("APBD", "APBDes", "mandiri", "CSR", "DBH Sawit")
PROGRAMMES = ("JKK,JKM", "JKK,JKM,JHT", "JKK, JKM, JHT, JP")
TEST_KEY = "benchmark-nik-key-not-a-secret"
LAUNCHER = """
import json, os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - started
with open(sys.argv[1], "w") as f:
    json.dump({"seconds": seconds, "code": os.waitstatus_to_exitcode(status), "maxrss": usage.ru_maxrss}, f)
"""
ANCHOR = """
import sys, duckdb
con = duckdb.connect(sys.argv[2])
con.execute("create table t as select * from read_csv($path, all_varchar = true)", {"path": sys.argv[1]})
con.close()
"""


# ---------------------------------------------------------------------------------------------
# The extracts


def generate(folder: Path, rows: int, monthly: int, as_of: dt.date, seed: int) -> dict:
    """Write the first and the monthly extract into `folder`; returns what they hold."""
    new = monthly // 10
    known = monthly - new
    if known > rows:
        raise SystemExit("--monthly is larger than --rows allows (nine in ten of its rows are participants loaded)")
    total = rows + new
    month_start = as_of.replace(day=1)
    first_end = month_start - dt.timedelta(days=1)  # the first extract: up to the end of the month before
    first_start = first_end.replace(year=first_end.year - 5) + dt.timedelta(days=1)
    epoch = dt.date(1970, 1, 1)

    con = duckdb.connect()
    con.execute("""
        create table ref as
        select kode, tingkat from read_csv($path, all_varchar = true, header = true)
        where tingkat in ('kecamatan', 'desa_kelurahan') and list_contains($provinsi, split_part(kode, '.', 1))
    """, {"path": str(REFERENCE), "provinsi": list(PROVINCES)})
    con.execute("""
        create table kec as
        select kode, left(kode, 5) as kab, row_number() over (partition by left(kode, 5) order by kode) - 1 as nomor
        from ref where tingkat = 'kecamatan'
    """)
    con.execute("""
        create table desa as
        select row_number() over (order by kode) - 1 as d, kode, left(kode, 5) as kab, left(kode, 8) as kec_sendiri,
               row_number() over (partition by left(kode, 5) order by kode) - 1 as nomor_di_kab,
               count(*) over (partition by left(kode, 5)) as desa_di_kab,
               (select count(*) from kec where kec.kab = left(ref.kode, 5)) as kec_di_kab
        from ref where tingkat = 'desa_kelurahan'
    """)
    n_desa = con.execute("select count(*) from desa").fetchall()[0][0]

    rng = np.random.default_rng(seed)
    weight = rng.lognormal(0.0, 0.8, n_desa)  # desa differ in size: some towns, many villages
    daftar = np.empty(total, dtype=np.int32)
    span = (first_end - first_start).days + 1
    daftar[:rows] = (first_start - epoch).days + rng.integers(0, span, rows, dtype=np.int32)
    daftar[rows:] = (month_start - epoch).days + rng.integers(0, (as_of - month_start).days + 1, new, dtype=np.int32)
    ended = np.zeros(total, dtype=bool)
    ended[:rows] = rng.random(rows) < 0.15
    born_from, born_to = (dt.date(1960, 1, 1) - epoch).days, (dt.date(2007, 12, 31) - epoch).days
    people = pl.DataFrame({
        "i": np.arange(total, dtype=np.int64),
        "d": rng.choice(n_desa, total, p=weight / weight.sum()).astype(np.int32),
        "u_kec": rng.random(total, dtype=np.float32),
        "lahir": rng.integers(born_from, born_to + 1, total, dtype=np.int32),
        "perempuan": rng.random(total) < 0.5,
        "segmen": rng.choice(4, total, p=[0.45, 0.40, 0.10, 0.05]).astype(np.int8),
        "daftar": daftar,
        "berhenti": ended,
        "u_sampai": rng.random(total, dtype=np.float32),
        "kelompok": np.where(rng.random(total) < 0.15, rng.integers(0, len(GROUPS), total), -1).astype(np.int8),
        "dana": np.where(rng.random(total) < 0.20, rng.integers(0, len(FUNDS), total), -1).astype(np.int8),
        "program": np.where(rng.random(total) < 0.30, rng.integers(0, len(PROGRAMMES), total), -1).astype(np.int8),
        "u_tulis": rng.random(total, dtype=np.float32),  # how a row's cells are written
        "u_kotor": rng.random(total, dtype=np.float32),  # the dirt
    })
    con.register("people", people)
    con.execute("""
        create table orang as
        with
        p as (
            select p.*, d.kode as kode_desa, d.kab, d.desa_di_kab,
                   case when p.u_kec < 0.8 then d.kec_sendiri end as kec_sendiri,
                   case when p.u_kec >= 0.8 then cast(floor((p.u_kec - 0.8) / 0.2 * d.kec_di_kab) as bigint) end
                       as kec_lain,
                   date '1970-01-01' + p.lahir as tanggal_lahir,
                   date '1970-01-01' + p.daftar as tanggal_daftar
            from people as p
            join desa as d using (d)
        ),
        dengan_kec as (
            select p.*,
                   replace(coalesce(p.kec_sendiri, k.kode, p.kode_desa[1:8]), '.', '')
                       || lpad(cast(day(p.tanggal_lahir) + case when p.perempuan then 40 else 0 end as varchar), 2, '0')
                       || strftime(p.tanggal_lahir, '%m%y') as nik12
            from p
            left join kec as k on k.kab = p.kab and k.nomor = p.kec_lain
        )
        select *, nik12 || lpad(cast(row_number() over (partition by nik12 order by i) as varchar), 4, '0') as nik
        from dengan_kec
    """)
    most = con.execute("select max(cast(right(nik, 4) as integer)) from orang").fetchall()[0][0]
    if most > 9999:
        raise SystemExit("more than 9999 people share a kecamatan and birth date: use fewer rows or more provinces")
    con.unregister("people")
    del people

    groups, funds, programmes = (list(x) for x in (GROUPS, FUNDS, PROGRAMMES))
    params = {"groups": groups, "funds": funds, "programmes": programmes}
    # one row of an extract, from orang (o) with its desa code, end of cover and dirt decided by the caller
    cells = """
        printf('%02d%09d', year(o.tanggal_daftar) % 100, o.i) as NO_KPJ,
        case when o.u_kotor < 0.0005 then left(o.nik, 15) else o.nik end as NIK,
        case when o.u_kotor between 0.0005 and 0.0007 then o.kab || '.99.9999'
             when o.u_tulis < 0.05 then replace(kode_desa_baru, '.', '') else kode_desa_baru end as KODE_DESA,
        case when o.u_tulis between 0.05 and 0.08
             then ['Penerima Upah', 'Bukan Penerima Upah', 'Jasa Konstruksi', 'Pekerja Migran'][o.segmen + 1]
             else ['PU', 'BPU', 'JAKON', 'PMI'][o.segmen + 1] end as SEGMEN,
        case when o.u_tulis >= 0.9 then strftime(o.tanggal_daftar, '%d/%m/%Y')
             else strftime(o.tanggal_daftar, '%Y-%m-%d') end as TGL_DAFTAR,
        strftime(aktif_sampai_baru, '%Y-%m-%d') as TGL_AKTIF_SAMPAI,
        case when o.kelompok >= 0 then $groups[o.kelompok + 1] end as KELOMPOK_PEKERJA,
        case when o.dana >= 0 then $funds[o.dana + 1] end as SUMBER_DANA,
        case when o.program >= 0 then $programmes[o.program + 1] end as PROGRAM
    """
    first_sampai = """case when o.berhenti then o.tanggal_daftar
        + cast(floor(o.u_sampai * (cast($first_end as date) - o.tanggal_daftar)) as integer) end"""
    first = folder / "peserta_awal.csv"
    con.execute(f"""
        copy (
            select {cells}
            from (select *, kode_desa as kode_desa_baru, {first_sampai} as aktif_sampai_baru
                  from orang as o where i < {rows}) as o
            order by o.i
        ) to '{first}' (header, delimiter ';')
    """, {**params, "first_end": first_end})

    # the monthly extract: known participants (some ended this month, some moved), then the new ones
    pick = np.sort(rng.choice(rows, known, replace=False)).astype(np.int64)
    change = rng.random(known)
    monthly_rows = pl.DataFrame({
        "i": np.concatenate([pick, np.arange(rows, total, dtype=np.int64)]),
        "ubah": np.concatenate([np.where(change < 0.05, 1, np.where(change < 0.06, 2, 0)),
                                np.zeros(new, dtype=np.int64)]).astype(np.int8),
        "u_ubah": rng.random(known + new, dtype=np.float32),
    })
    con.register("bulanan", monthly_rows)
    days_in_month = (as_of - month_start).days + 1
    second = folder / "peserta_bulanan.csv"
    con.execute(f"""
        create table bulanan_orang as
        select o.*, b.ubah, b.u_ubah, {first_sampai} as sampai_lama
        from bulanan as b join orang as o using (i)
    """, {"first_end": first_end})
    counts = con.execute("""
        select count(*) filter (where ubah = 1 and sampai_lama is null),
               count(*) filter (where ubah = 2)
        from bulanan_orang
    """).fetchall()[0]
    con.execute(f"""
        copy (
            select {cells}
            from (
                select o.*,
                       coalesce(pindah.kode, o.kode_desa) as kode_desa_baru,
                       case when o.ubah = 1 and o.sampai_lama is null
                            then date '{month_start}' + cast(floor(o.u_ubah * {days_in_month}) as integer)
                            else o.sampai_lama end as aktif_sampai_baru
                from bulanan_orang as o
                left join desa as pindah
                    on o.ubah = 2 and pindah.kab = o.kab
                   and pindah.nomor_di_kab = (cast(floor(o.u_ubah * o.desa_di_kab) as bigint) + 1) % o.desa_di_kab
            ) as o
            order by o.i
        ) to '{second}' (header, delimiter ';')
    """, params)
    con.close()
    return {"desa": n_desa, "first": first, "monthly": second, "first_from": first_start, "first_to": first_end,
            "known": known, "new": new, "ended": counts[0], "moved": counts[1]}


# ---------------------------------------------------------------------------------------------
# Running and measuring


def run(cmd: list[str], env: dict, folder: Path) -> tuple[float, float, str]:
    """Seconds, peak resident memory (MB) of the process, its stdout. Raises when it fails. The command is started
    by a small Python launcher that waits for it: a child forked from this process would report this process's
    own peak (the extracts were generated here) when its own is smaller."""
    out, err, usage = folder / "stdout.txt", folder / "stderr.txt", folder / "usage.json"
    with open(out, "w") as so, open(err, "w") as se:
        subprocess.run([sys.executable, "-c", LAUNCHER, str(usage), *cmd], stdout=so, stderr=se, env=env, cwd=ROOT,
                       check=False)
    measured = json.loads(usage.read_text())
    if measured["code"] != 0:
        raise SystemExit(f"{' '.join(cmd[1:4])} failed ({measured['code']}):\n{err.read_text()[-3000:]}")
    peak = measured["maxrss"] / (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB elsewhere
    return measured["seconds"], peak, out.read_text()


def anchor(file: Path, env: dict, folder: Path) -> tuple[float, float]:
    target = folder / "anchor.duckdb"
    try:
        seconds, peak, _ = run([sys.executable, "-c", ANCHOR, str(file), str(target)], env, folder)
    finally:
        for leftover in (target, Path(str(target) + ".wal")):
            leftover.unlink(missing_ok=True)
    return seconds, peak


def table_rows(db: Path) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return ", ".join(f"{table} {con.execute(f'select count(*) from {table}').fetchall()[0][0]}"
                         for table in ("peserta", "mart_peserta_desa_bulan", "mart_peserta_wilayah_bulan",
                                       "mart_cakupan_wilayah_bulan"))
    finally:
        con.close()


def size_mb(db: Path) -> float:
    return sum(p.stat().st_size for p in (db, Path(str(db) + ".wal")) if p.exists()) / 1e6


def code_version() -> str:
    try:
        found = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True,
                               text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return found.stdout.strip()


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        names = [line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                 if line.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{platform.machine()} {cpu}, {os.cpu_count()} cores, {ram:.1f} GiB RAM, {platform.system()}, "
            f"Python {platform.python_version()}, DuckDB {duckdb.__version__}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="participants in the first extract")
    parser.add_argument("--monthly", type=int, default=1_000_000, help="rows of the monthly extract")
    parser.add_argument("--as-of", type=dt.date.fromisoformat,
                        help="last day of the monthly extract (default: the end of last month)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (extracts and warehouse)")
    args = parser.parse_args()
    as_of = args.as_of or dt.date.today().replace(day=1) - dt.timedelta(days=1)
    if as_of >= dt.date.today():
        raise SystemExit("--as-of must lie before today: the loader rejects dates in the future")
    at_target = args.rows == 10_000_000 and args.monthly == 1_000_000

    folder = Path(tempfile.mkdtemp(prefix="ucj-load-bench-"))
    env = {**os.environ, "UCJ_NIK_KEY": TEST_KEY, "PYTHONPATH": str(ROOT)}
    env.pop("UCJ_DB", None)
    failed = False
    try:
        print(f"# {dt.date.today()} · {machine()} · code {code_version()}")
        started = time.perf_counter()
        made = generate(folder, args.rows, args.monthly, as_of, args.seed)
        print(f"# generated in {time.perf_counter() - started:.0f} s: {args.rows} participants in {made['desa']} desa "
              f"of provinces {', '.join(PROVINCES)}, registered {made['first_from']} to {made['first_to']} "
              f"({made['first'].stat().st_size / 1e6:.0f} MB); monthly extract to {as_of}: {made['known']} known "
              f"({made['ended']} ending their cover, {made['moved']} moved desa), {made['new']} new "
              f"({made['monthly'].stat().st_size / 1e6:.0f} MB)")
        db = folder / "ucj.duckdb"
        seconds, peak, _ = run([sys.executable, "-m", "ucj", "init", "--db", str(db)], env, folder)
        print(f"# init: {seconds:.1f} s, peak {peak:.0f} MB, warehouse {size_mb(db):.0f} MB")
        print(f"{'step':<15} {'rows':>9} {'load s':>7} {'anchor s':>8} {'ratio':>6} {'peak MB':>8} {'anchor MB':>9} "
              f"{'wh MB':>6}  {'loaded':>8} {'updated':>7} {'same':>7} {'rejected':>8}  target")
        steps = (("first extract", made["first"], args.rows, "first"),
                 ("monthly", made["monthly"], args.monthly, "monthly"),
                 ("monthly again", made["monthly"], args.monthly, "monthly"))
        for label, file, n, target in steps:
            anchor_s, anchor_mb = anchor(file, env, folder)
            seconds, peak, out = run([sys.executable, "-m", "ucj", "load", "peserta", str(file), "--db", str(db),
                                      "--json", "--by", "benchmark"], env, folder)
            r = json.loads(out)
            verdict = "-"
            if at_target:
                limit = TARGETS_S[target]
                verdict = f"{'ok' if seconds < limit else 'OVER'} (< {limit:.0f} s)"
                failed |= seconds >= limit
            print(f"{label:<15} {n:>9} {seconds:>7.1f} {anchor_s:>8.1f} {seconds / anchor_s:>6.1f} {peak:>8.0f} "
                  f"{anchor_mb:>9.0f} {size_mb(db):>6.0f}  {r['loaded']:>8} {r['updated']:>7} {r['unchanged']:>7} "
                  f"{r['rejected']:>8}  {verdict}", flush=True)
        print(f"# rows: {table_rows(db)}")
    finally:
        if args.keep:
            print(f"# kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
