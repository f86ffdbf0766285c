"""Time for the Peta page to draw its map in Debian's chromium, from opening the link to the map idle.

Two cases:
  regency   the demo warehouse with the real desa boundaries of ../shared (628 desa); the desa map of
            Labuhanbatu (98 desa) and of all six regencies together
  province  a benchmark warehouse of Sumatera Utara: its 6.109 desa codes from ../shared, with synthetic
            shapes (Voronoi cells of the desa centroids clipped to the real kabupaten/kota boundaries) and
            synthetic figures; only the drawing is measured, so the shapes need only be of realistic number
            and size

    python benchmarks/map_browser.py [--runs 3]

Budgets: one regency's desa under 2 s, 6.000 desa of a province under 5 s.
"""
import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import duckdb  # noqa: E402
import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import polars as pl  # noqa: E402
import shapely  # noqa: E402
from browser import browser_page, require_chromium, streamlit_server, wait_for_map, wait_until_idle  # noqa: E402

from ucj import warehouse, demo
from ucj.ingest import boundaries  # noqa: E402

WILAYAH = ROOT.parent / "shared" / "data" / "wilayah"


def province_warehouse(folder: Path) -> Path:
    """Sumatera Utara at desa level with synthetic shapes and figures, for drawing speed only."""
    codes = pl.read_csv(WILAYAH / "wilayah_indonesia.csv", infer_schema=False).filter(
        pl.col("kode").str.starts_with("12"))
    kab_shapes = gpd.read_file(WILAYAH / "sumut_kabupaten_kota.geojson").set_index("kode")
    desa = codes.filter(pl.col("tingkat") == "desa_kelurahan").with_columns(
        pl.col("lat").cast(pl.Float64), pl.col("lng").cast(pl.Float64), kab=pl.col("kode").str.slice(0, 5))
    cells, cell_codes = [], []
    for kab, part in desa.group_by("kab"):
        outline = shapely.make_valid(kab_shapes.geometry.get(kab[0])) if kab[0] in kab_shapes.index else None
        points = shapely.points(part["lng"].to_numpy(), part["lat"].to_numpy())
        regions = shapely.voronoi_polygons(shapely.multipoints(points), extend_to=outline)
        for point, code in zip(points, part["kode"]):
            cell = next((r for r in regions.geoms if r.contains(point)), None)
            if cell is not None:
                cell = cell.intersection(outline) if outline is not None else cell
                if not cell.is_empty:
                    cells.append(cell)
                    cell_codes.append(code)
    shapes = gpd.GeoDataFrame({"kode": cell_codes}, geometry=cells, crs="EPSG:4326")
    shapes_file = folder / "sumut_desa_sintetis.geojson"
    shapes.to_file(shapes_file)

    path = folder / "provinsi.duckdb"
    con = warehouse.create(path)
    from ucj.warehouse import write
    from ucj.warehouse.reference import WORKER_GROUPS, with_ancestors
    with write.transaction(con, audit=False) as w:  # a synthetic warehouse: the audits describe a real one
        w.create_schema()
        w.add_reference(with_ancestors(codes.select("kode", "nama", "tingkat", "kode_induk"))
                        .with_columns(versi=pl.lit("benchmark")), "benchmark", "wilayah_indonesia.csv", WORKER_GROUPS)
    rng = np.random.default_rng(1)
    month = dt.date(2025, 3, 1)
    rows = codes.with_columns(
        tingkat=pl.col("tingkat"), kode_induk=pl.col("kode_induk").replace("", None),
        peserta_aktif=pl.Series(rng.integers(50, 3000, codes.height)),
    ).with_columns(pekerja_wajib=(pl.col("peserta_aktif") * pl.Series(rng.uniform(1.5, 5, codes.height))).cast(pl.Int64))
    con.register("rows", rows.select("kode", "tingkat", "kode_induk", "peserta_aktif", "pekerja_wajib"))
    con.execute("""
        create table mart_cakupan_wilayah_bulan as
        select kode as kode_wilayah, tingkat, kode_induk, ?::date as bulan, peserta_aktif, 0 as aktif_pu,
               0 as aktif_bpu, 0 as aktif_jakon, 0 as aktif_pmi, 0 as peserta_baru, 0 as peserta_berhenti,
               pekerja_wajib, 100.0 * peserta_aktif / pekerja_wajib as cakupan_pct,
               'benchmark' as sumber_pekerja_wajib, ?::date as tanggal_sumber_pekerja_wajib, 0 as desa_tanpa_pekerja_wajib
        from rows""", [month, month])
    con.execute("create table mart_klaim_wilayah_bulan (kode_wilayah varchar, tingkat varchar, bulan date, "
                "manfaat varchar, segmen varchar, kelompok_pekerja varchar, jumlah_klaim integer, jumlah_idr bigint)")
    con.execute("create table mart_peserta_wilayah_bulan (kode_wilayah varchar, tingkat varchar, bulan date, "
                "segmen varchar, kelompok_pekerja varchar, sumber_dana varchar, peserta_aktif integer, "
                "peserta_baru integer, peserta_berhenti integer)")
    con.executemany("insert into meta values (?, ?)", [("is_demo", "true"), ("data_mulai", "2025-03-01"),
                                                         ("data_sampai", "2025-03-31")])
    boundaries.load(con, shapes_file)
    con.close()
    return path


def time_map(url: str, shapes: int, runs: int) -> list[float]:
    """Open the map one level up, then time a click on 'Desa/Kelurahan' until every desa is drawn:
    the server's rerun, the transfer of the figure and the drawing, as a person waits for them."""
    times = []
    for _ in range(runs):
        with browser_page() as page:
            page.goto(url)
            wait_until_idle(page, timeout_ms=120_000)
            wait_for_map(page, timeout_ms=120_000)
            start = time.perf_counter()
            page.locator('[data-testid="stMain"]').get_by_text("Desa/Kelurahan", exact=True).click()
            wait_for_map(page, timeout_ms=120_000, shapes=shapes)
            times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    require_chromium_or_exit()
    folder = Path(tempfile.mkdtemp())
    regency = folder / "ucj.duckdb"
    demo.build(regency)
    con = duckdb.connect(str(regency))
    boundaries.load(con, WILAYAH / "labuhanbatu_raya_desa.geojson")
    con.close()
    province = province_warehouse(folder)

    print(f"# {dt.date.today()} · {platform.node()} · {os.cpu_count()} cores · chromium headless, swiftshader WebGL")
    print(f"{'case':<34} {'shapes':>6} {'median s':>9} {'runs':>22}  budget")
    cases = [
        ("Labuhanbatu, desa", regency, "?wilayah=12.10&periode=2025-03", 98, 2.0),
        ("six regencies, desa", regency, "?wilayah=12&periode=2025-03", 628, 5.0),
        ("Sumatera Utara, desa (synthetic)", province, "?wilayah=12&periode=2025-03", None, 5.0),
    ]
    failed = False
    for name, path, query, shapes, budget in cases:
        if shapes is None:
            c = duckdb.connect(str(path), read_only=True)
            shapes = c.execute("select count(*) from batas_wilayah where tingkat = 'desa_kelurahan'").fetchone()[0]
            c.close()
        with streamlit_server(path) as url:
            time_map(f"{url}/peta{query}", shapes, 1)  # warm the server's caches once
            times = time_map(f"{url}/peta{query}", shapes, args.runs)
        median = statistics.median(times)
        failed |= median >= budget
        print(f"{name:<34} {shapes:>6} {median:>9.2f} {' '.join(f'{t:.2f}' for t in times):>22}  "
              f"{'ok' if median < budget else 'OVER'} (<{budget:.0f} s)")
    shutil.rmtree(folder, ignore_errors=True)
    return 1 if failed else 0


def require_chromium_or_exit() -> None:
    try:
        require_chromium()
    except BaseException:  # pytest.skip outside pytest
        sys.exit("Debian's chromium is needed: apt-get install -y chromium")


if __name__ == "__main__":
    sys.exit(main())
