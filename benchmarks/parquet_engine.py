"""The same queries on the warehouse and on the warehouse exported as partitioned Parquet (docs/scale.md).

    python benchmarks/parquet_engine.py --db /path/to/warehouse.duckdb [--runs 5] [--out /scratch/folder]

Exports every table with ucj.warehouse.parquet (marts split by province), then runs each query that takes a
region, for one region of each level (and Indonesia, 'ID', where the warehouse has it), warm, on both: the
DuckDB file is the anchor, read in the same run. Prints export time and size and, per level, the sum over the
queries of the median warm time on each, with their ratio. The export folder is removed afterwards unless
--out is given.
"""
import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb  # noqa: E402

from ucj import warehouse  # noqa: E402
from ucj.access import OPERATOR  # noqa: E402
from ucj.warehouse import parquet, reading  # noqa: E402

LEVELS = ("nasional", "provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")


def regions(con) -> dict[str, str]:
    """The region of each level with the most participants' rows in the coverage mart (Indonesia as 'ID')."""
    out = {}
    for level in LEVELS:
        row = con.execute(
            "select kode_wilayah from mart_cakupan_wilayah_bulan where tingkat = ? "
            "group by 1 order by max(peserta_aktif) desc, 1 limit 1", [level]).fetchone()
        if row:
            out[level] = row[0]
    return out


def params_for(name: str, region: str, month: dt.date, year_start: dt.date) -> dict:
    values = {"wilayah": region, "wilayah_induk": region, "bulan": month, "tanggal": month.replace(day=28),
              "dari": year_start, "sampai": month, "bulan_dari": year_start, "bulan_sampai": month,
              "tahun": month.year, "segmen": "", "kelompok": "", "tingkat": "desa_kelurahan", "lingkup": [],
              "nik_hash": ["x"], "sha256_file": "0" * 64, "sumber": "", "sha256": "0" * 64}
    return {p: values[p] for p in reading.query(name).params}


def timed(con, name: str, params: dict, runs: int) -> float:
    warehouse.read(con, name, OPERATOR, **params)  # cold run, not counted
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        warehouse.read(con, name, OPERATOR, **params)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    source = warehouse.open_warehouse(args.db)
    month = source.execute("select max(bulan) from mart_cakupan_wilayah_bulan").fetchone()[0]
    year_start = month.replace(month=1)
    scratch = Path(tempfile.mkdtemp(prefix="ucj-parquet-")) if args.out is None else args.out
    folder = scratch / "gudang"
    started = time.perf_counter()
    written = parquet.export(source, folder)
    export_s = time.perf_counter() - started
    size = sum(p.stat().st_size for p in folder.rglob("*.parquet"))
    files = duckdb.connect()
    parquet.attach(files, folder)
    print(f"warehouse {args.db.name}: {args.db.stat().st_size / 2**30:.2f} GiB; parquet {size / 2**30:.2f} GiB in "
          f"{sum(1 for _ in folder.rglob('*.parquet'))} files, export {export_s:.1f} s; "
          f"{sum(written.values()):,} rows; month {month:%Y-%m}")
    names = [n for n in reading.query_names() if reading.query(n).region_param]
    print(f"{'level':<16}{'region':<16}{'queries':>8}{'duckdb ms':>12}{'parquet ms':>12}{'ratio':>8}")
    for level, region in regions(source).items():
        on_file = on_parquet = 0.0
        for name in names:
            params = params_for(name, region, month, year_start)
            on_file += timed(source.cursor(), name, params, args.runs)
            on_parquet += timed(files.cursor(), name, params, args.runs)
        print(f"{level:<16}{region:<16}{len(names):>8}{on_file:>12.1f}{on_parquet:>12.1f}"
              f"{on_parquet / on_file:>8.2f}")
    files.close()
    source.close()
    if args.out is None:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
