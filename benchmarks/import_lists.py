"""Time to import a village list, by size: reading the file, the dry run, and the commit.

Generates .xlsx and .csv lists of clean rows with some dirt (one row in ten invalid, one in twenty a
duplicate) for Labuhanbatu desa, copies a demo warehouse per run, and times the three steps the way the
command line runs them. Usage:

    python benchmarks/import_lists.py [--db PATH] [--sizes 1000 10000 100000]

Prints one line per file: rows, read s, dry run s, commit s (insert, log and the group mart rebuilt,
in one transaction), and whether the dry run is under the 10 s a person waits for at the upload.

The demo refuses to store lists (issue 13: its NIK key is public), so the commit is timed on an empty real
warehouse (`ucj.warehouse.empty.init`, the benchmark's own NIK key): no participants to compare with and one month
of group mart, so its commit times are not comparable with runs before issue 13.
"""
import argparse
import csv
import datetime as dt
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402

from ucj import demo, warehouse  # noqa: E402
from ucj.access import OPERATOR  # noqa: E402
from ucj.ingest import rosters  # noqa: E402
from ucj.warehouse import empty  # noqa: E402

DESA = ("Sei Kasih", "Rantauprapat", "Ds. Sei Tampang", "SUNGAI BEROMBANG", "Kel. Rantau Prapat", "Sei Baru")
BUDGET_S = 10.0


def rows(n: int, rng: random.Random):
    for i in range(n):
        day, month, year = 1 + i % 28, 1 + (i // 28) % 12, 60 + (i // 336) % 40
        nik = f"121001{day + (40 if i % 2 else 0):02d}{month:02d}{year:02d}{1 + i % 9999:04d}"
        if i % 10 == 9:
            nik = nik[:15]                       # invalid: 15 digits
        if i % 20 == 19:
            nik = f"121001{1:02d}{1:02d}{60:02d}0001"  # a duplicate of the first row
        yield [i + 1, nik, f"Orang {i}", DESA[rng.randrange(len(DESA))], "P" if i % 2 else "L"]


def write(path: Path, n: int) -> None:
    rng = random.Random(n)
    header = ["No", "NIK", "Nama", "Desa/Kelurahan", "L/P"]
    if path.suffix == ".csv":
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, delimiter=";")
            w.writerow(header)
            w.writerows(rows(n, rng))
        return
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Daftar")
    sheet.append(["DAFTAR PEKERJA RENTAN"])
    sheet.append(header)
    for row in rows(n, rng):
        sheet.append(row)
    book.save(path)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="a demo warehouse to copy (default: build one)")
    parser.add_argument("--sizes", nargs="+", type=int, default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        source = Path(args.db) if args.db else folder / "demo.duckdb"
        if not args.db:
            demo.build(source)
        real = folder / "real.duckdb"
        real_key = b"kunci-benchmark-bukan-rahasia"  # given directly: UCJ_NIK_KEY set would not fit the demo
        empty.init(real, real_key)
        print(f"# {dt.date.today()} · {platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()}")
        print(f"{'file':<14} {'rows':>8} {'read s':>7} {'dry run s':>10} {'commit s':>9}  budget")
        failed = False
        for n in args.sizes:
            for suffix in (".csv", ".xlsx"):
                file = folder / f"daftar_{n}{suffix}"
                write(file, n)
                target = folder / "run.duckdb"
                shutil.copy(source, target)
                data = file.read_bytes()
                started = time.perf_counter()
                table = rosters.read_list(data, file.name)
                read_s = time.perf_counter() - started
                con = warehouse.open_warehouse(target, read_only=False)
                try:
                    options = dict(file_name=file.name, file_sha256=rosters.file_digest(data),
                                   group="pekerja_rentan", region="12.10", data_date=dt.date(2025, 4, 15),
                                   source="benchmark", key=rosters.nik_key(con), viewer=OPERATOR)
                    started = time.perf_counter()
                    rosters.make_plan(con, table, **options)
                    dry_s = time.perf_counter() - started
                finally:
                    con.close()
                    target.unlink()
                shutil.copy(real, target)
                con = warehouse.open_warehouse(target, read_only=False)
                try:
                    options["key"] = real_key
                    started = time.perf_counter()
                    rosters.commit(con, table, by="benchmark", **options)
                    commit_s = time.perf_counter() - started
                finally:
                    con.close()
                    target.unlink()
                total = read_s + dry_s
                failed |= total >= BUDGET_S
                print(f"{suffix[1:]:<14} {n:>8} {read_s:>7.2f} {dry_s:>10.2f} {commit_s:>9.2f}  "
                      f"{'ok' if total < BUDGET_S else 'OVER'} (read + dry run < {BUDGET_S:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
