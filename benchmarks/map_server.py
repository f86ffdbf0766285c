"""Where the Peta map's server time goes, step by step, before issue 14 and now, on one warehouse.

Before: the shapes' GeoJSON read row by row (peta_bentuk), parsed, put in the figure, and the whole figure
serialised by plotly for every rerun. Now: one joined text (peta_geometri[_ringkas]) published once as a file,
the figure holding only codes and values. The anchor is the same SQL on bare DuckDB (fetchall), in the same run.

    python benchmarks/map_server.py --db WAREHOUSE [--region 12.10] [--runs 5]

The warehouse needs boundaries loaded (`python -m ucj boundaries load ...`); `map_browser.py` measures the
browser's side.
"""
import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import plotly.io  # noqa: E402

from ucj import access, warehouse  # noqa: E402
from ucj.reports import choropleth  # noqa: E402
from ucj.warehouse import reading  # noqa: E402

MONTH = dt.date(2025, 3, 1)


def timed(runs: int, work):
    """Median milliseconds of work() over runs, and its last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--region", default="12.10")
    parser.add_argument("--level", default="desa_kelurahan")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    con = duckdb.connect(args.db, read_only=True)
    who, area, level, runs = access.OPERATOR, args.region, args.level, args.runs
    overview = "." not in area
    geometry_query = "peta_geometri_ringkas" if overview else "peta_geometri"
    rows = []

    def step(name, ms, size=None):
        rows.append((name, ms, size))

    ms, values = timed(runs, lambda: warehouse.read(con, "peta_nilai", who, wilayah=area, tingkat=level, bulan=MONTH))
    step("values: peta_nilai", ms)
    anchor_values, _ = timed(runs, lambda: con.execute(reading.query("peta_nilai").text, {
        "wilayah": area, "tingkat": level, "bulan": MONTH}).fetchall())

    # before issue 14: every rerun
    ms, shapes = timed(runs, lambda: warehouse.read(con, "peta_bentuk", who, wilayah=area, tingkat=level))
    step("before: peta_bentuk (geometry rows)", ms)
    anchor_shapes, _ = timed(runs, lambda: con.execute(reading.query("peta_bentuk").text, {
        "wilayah": area, "tingkat": level}).fetchall())

    def embedded():
        features = [{"type": "Feature", "id": k, "geometry": json.loads(g)} for k, g in zip(shapes["kode"], shapes["geojson"])]
        bounds = (shapes["lon_min"].min(), shapes["lat_min"].min(), shapes["lon_max"].max(), shapes["lat_max"].max())
        return choropleth.Geometry(tuple(shapes["kode"]), bounds, {"type": "FeatureCollection", "features": features})
    ms, inline = timed(runs, embedded)
    step("before: geometry to GeoJSON objects", ms)
    ms, fig = timed(runs, lambda: choropleth.figure(inline, values, "cakupan_pct"))
    step("before: plotly figure", ms)
    ms, spec = timed(runs, lambda: plotly.io.to_json(fig, validate=False))  # what st.plotly_chart does
    step("before: figure to JSON (each rerun)", ms, len(spec))

    # now: once per area and level (cached), then per request only the figure
    ms, row = timed(runs, lambda: warehouse.read(con, geometry_query, who, wilayah=area, tingkat=level).row(0, named=True))
    step(f"now, once: {geometry_query} (joined text)", ms, len(row["fitur"] or ""))
    anchor_geometry, _ = timed(runs, lambda: con.execute(reading.query(geometry_query).text, {
        "wilayah": area, "tingkat": level}).fetchall())
    folder = Path(tempfile.mkdtemp())
    text = choropleth.collection_text(row["fitur"])

    def publish():
        for old in folder.glob("*.geojson"):
            old.unlink()
        return choropleth.publish(text, folder)
    ms, _ = timed(runs, publish)
    step("now, once: publish the file", ms, len(text))
    published = choropleth.Geometry(tuple(row["kode"]), (row["lon_min"], row["lat_min"], row["lon_max"], row["lat_max"]),
                                    "app/static/peta/x.geojson")
    ms, fig = timed(runs, lambda: choropleth.figure(published, values, "cakupan_pct"))
    step("now: plotly figure (cached per request)", ms)
    ms, spec = timed(runs, lambda: plotly.io.to_json(fig, validate=False))
    step("now: figure to JSON (each rerun)", ms, len(spec))

    print(f"# {dt.datetime.now():%Y-%m-%d %H:%M} · {platform.node()} · {os.cpu_count()} cores · "
          f"load average {os.getloadavg()[0]:.1f} · {area} {level}: {len(row['kode'])} shapes, median of {runs}")
    print(f"{'step':<46} {'ms':>9} {'bytes':>11}")
    for name, ms, size in rows:
        print(f"{name:<46} {ms:>9.1f} {'' if size is None else f'{size:,}':>11}")
    print(f"{'anchor: the same SQL on bare DuckDB':<46} peta_nilai {anchor_values:.1f} ms, peta_bentuk "
          f"{anchor_shapes:.1f} ms, {geometry_query} {anchor_geometry:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
