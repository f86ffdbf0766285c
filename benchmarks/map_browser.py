"""Time for the Peta page to draw its map in Debian's chromium, and the bytes each step sends.

Two warehouses:
  regency   the demo warehouse with the real desa boundaries of ../shared (628 desa); the desa map of
            Labuhanbatu (98 desa) and of all six regencies together
  province  a benchmark warehouse of Sumatera Utara: its 6.109 desa codes from ../shared, with synthetic
            shapes (Voronoi cells of the desa centroids clipped to the real kabupaten/kota boundaries) and
            synthetic figures; only the drawing is measured, so the shapes need only be of realistic number
            and size

For each case, in a fresh headless chromium each run (an empty browser cache):
  link     open `peta?...&tingkat_peta=desa_kelurahan` and wait until every desa is drawn (Streamlit's own
           start in the new tab included)
  click    open the map one level up, then click 'Desa/Kelurahan' and wait until every desa is drawn
  rerun    on the desa map, click 'Peserta aktif' (only the values change) and wait until it is redrawn
  2nd tab  after `link`, the same link in a second tab of the same browser (its HTTP cache warm)
with the bytes the server sent for each (websocket frames and HTTP bodies as received, compressed or not).
The anchor, in the same run and the same chromium: plotly.js alone drawing the same desa, their geometry
inline in a local HTML file (no Streamlit, no server): what drawing itself costs.

    python benchmarks/map_browser.py [--runs 3] [--only regency|province]

Targets (issue 14): one regency's desa interactive within 1 s of the click, a province of 6.000 desa within 3 s.
"""
import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import duckdb  # noqa: E402
import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import plotly  # noqa: E402
import polars as pl  # noqa: E402
import shapely  # noqa: E402
from browser import CHROMIUM, CHROMIUM_ARGS, browser_page, require_chromium, streamlit_server, wait_until_idle  # noqa: E402

from ucj import demo, warehouse  # noqa: E402
from ucj.ingest import boundaries  # noqa: E402

WILAYAH = ROOT.parent / "shared" / "data" / "wilayah"
TIMEOUT_MS = 600_000

# Drawn: the MapLibre map of the first plotly map on the page has loaded, is idle, and its first trace's
# source holds a feature for each of its `n` locations that has a value (plotly fetches a geometry given by
# URL before it sets the source, so the trace's locations alone could be counted while the previous shapes
# are still on the screen).
DRAWN = """([n, name]) => {
  const g = document.querySelector('.js-plotly-plot');
  const sub = g && g._fullLayout && g._fullLayout.map && g._fullLayout.map._subplot;
  const m = sub && sub.map;
  if (!(m && m.loaded() && m.areTilesLoaded() && !m.isMoving())) return false;
  const trace = g._fullData && g._fullData[0];
  if (!trace || (name !== null && trace.name !== name)) return false;
  if ((g.data[0].locations || []).length !== n) return false;
  const source = m.getSource('source-' + trace.uid);
  if (!source) return false;
  const data = source.serialize().data;
  const features = data && (data.features || (data.geojson && data.geojson.features));
  // a shape without a value (z null, as on a continuous scale) gets no feature
  const valued = (g.data[0].z || []).filter((v) => v !== null && v !== undefined).length;
  return !!features && features.length === valued;
}"""


def wait_drawn(page, shapes: int, name: str | None = None) -> None:
    page.wait_for_function(DRAWN, arg=[shapes, name], timeout=TIMEOUT_MS, polling=20)


class Traffic:
    """Bytes the page received: websocket frames and HTTP response bodies (as sent: compressed if gzipped)."""

    def __init__(self, page):
        self.ws = 0
        self.http = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))
        page.on("requestfinished", self._finished)

    def _frame(self, payload) -> None:
        self.ws += len(payload)

    def _finished(self, request) -> None:
        try:
            self.http += max(request.sizes()["responseBodySize"], 0)
        except Exception:  # noqa: BLE001 (a request of a closed page)
            pass

    def reset(self) -> None:
        self.ws = self.http = 0

    def kb(self) -> tuple[float, float]:
        return self.ws / 1024, self.http / 1024


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
    con.close()  # DuckDB 2.0 refuses more work on a connection whose last result was not fetched to the end
    con = duckdb.connect(str(path))
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
    # the macros the page's queries use (their marts are the synthetic tables above)
    from ucj.paths import SQL_DIR
    for name in ("00_macros.sql", "07_cakupan_target.sql"):
        con.execute((SQL_DIR / "marts" / name).read_text(encoding="utf-8"))
    con.executemany("insert into meta values (?, ?)", [("is_demo", "true"), ("data_mulai", "2025-03-01"),
                                                         ("data_sampai", "2025-03-31")])
    boundaries.load(con, shapes_file)
    con.close()
    return path


@contextmanager
def browser_context():
    """A fresh chromium (empty cache) whose context can open a second tab sharing the first's HTTP cache."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser.new_context(viewport={"width": 1400, "height": 2600}, locale="id-ID")
        finally:
            browser.close()


def click_text(page, text: str) -> None:
    page.locator('[data-testid="stMain"]').get_by_text(text, exact=True).click()


def time_case(url: str, region: str, shapes: int, runs: int, click_only: bool = False) -> dict[str, list]:
    """link, click, rerun and second-tab times in seconds and the bytes (websocket KB, HTTP KB) of each."""
    out = {k: [] for k in ("link", "click", "rerun", "tab2")}
    for _ in range(runs):
        if not click_only:
            time_link(f"{url}/peta?wilayah={region}&periode=2025-03&tingkat_peta=desa_kelurahan", shapes, out)
        with browser_page() as page:
            traffic = Traffic(page)
            page.goto(f"{url}/peta?wilayah={region}&periode=2025-03")
            wait_until_idle(page, timeout_ms=TIMEOUT_MS)
            page.wait_for_function("() => document.querySelector('.js-plotly-plot')", timeout=TIMEOUT_MS)
            traffic.reset()
            start = time.perf_counter()
            click_text(page, "Desa/Kelurahan")
            wait_drawn(page, shapes)
            out["click"].append((time.perf_counter() - start, *traffic.kb()))
    return out


def time_link(link: str, shapes: int, out: dict[str, list]) -> None:
    """The link in a fresh browser, then a values-only rerun, then the link in a second tab."""
    with browser_context() as context:
        page = context.new_page()
        traffic = Traffic(page)
        start = time.perf_counter()
        page.goto(link)
        wait_drawn(page, shapes)
        out["link"].append((time.perf_counter() - start, *traffic.kb()))
        wait_until_idle(page, timeout_ms=TIMEOUT_MS)

        traffic.reset()
        start = time.perf_counter()
        click_text(page, "Peserta aktif")
        wait_drawn(page, shapes, name="Peserta aktif")
        out["rerun"].append((time.perf_counter() - start, *traffic.kb()))

        second = context.new_page()
        traffic2 = Traffic(second)
        start = time.perf_counter()
        second.goto(link)
        wait_drawn(second, shapes)
        out["tab2"].append((time.perf_counter() - start, *traffic2.kb()))


def anchor_html(db: Path, region: str, folder: Path) -> tuple[Path, int]:
    """A local page drawing the same desa with plotly.js alone: geometry inline, one choropleth_map trace."""
    import plotly.graph_objects as go

    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("select kode, geojson from batas_wilayah where tingkat = 'desa_kelurahan' "
                       "and (kode = ? or starts_with(kode, ? || '.')) order by kode", [region, region]).fetchall()
    con.close()
    features = [{"type": "Feature", "id": k, "properties": {"kode": k}, "geometry": json.loads(g)} for k, g in rows]
    codes = [k for k, _ in rows]
    fig = go.Figure(go.Choroplethmap(geojson={"type": "FeatureCollection", "features": features},
                                     featureidkey="properties.kode", locations=codes, z=list(range(len(codes))),
                                     marker_line_width=0.6, marker_line_color="#ffffff"))
    shapes = shapely.union_all([shapely.geometry.shape(f["geometry"]) for f in features]).bounds
    fig.update_layout(map=dict(style="white-bg", bounds=dict(west=shapes[0], south=shapes[1], east=shapes[2],
                                                             north=shapes[3])),
                      height=620, width=1000, margin=dict(l=0, r=0, t=0, b=0))
    path = folder / f"anchor_{region}.html"
    bundle = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    path.write_text("<html><head><meta charset='utf-8'><script>" + bundle.read_text() + "</script></head><body>"
                    "<div id='g' class='js-plotly-plot'></div><script>"
                    f"Plotly.newPlot('g', {fig.to_json()});</script></body></html>")
    return path, len(codes)


def time_anchor(path: Path, shapes: int, runs: int) -> list[float]:
    """Served over loopback HTTP: from file:// MapLibre never finishes loading its style."""
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(path.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    times = []
    try:
        for _ in range(runs):
            with browser_page() as page:
                start = time.perf_counter()
                page.goto(f"http://127.0.0.1:{server.server_port}/{path.name}")
                wait_drawn(page, shapes)
                times.append(time.perf_counter() - start)
    finally:
        server.shutdown()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=("regency", "province"))
    parser.add_argument("--click-only", action="store_true", help="time only the click (a loaded machine)")
    args = parser.parse_args()
    require_chromium_or_exit()
    folder = Path(tempfile.mkdtemp())
    cases = []
    if args.only != "province":
        regency = folder / "ucj.duckdb"
        demo.build(regency)
        con = duckdb.connect(str(regency))
        boundaries.load(con, WILAYAH / "labuhanbatu_raya_desa.geojson")
        con.close()
        cases += [("Labuhanbatu, desa", regency, "12.10", 98), ("six regencies, desa", regency, "12", 628)]
    if args.only != "regency":
        province = province_warehouse(folder)
        c = duckdb.connect(str(province), read_only=True)
        n = c.execute("select count(*) from batas_wilayah where tingkat = 'desa_kelurahan'").fetchone()[0]
        c.close()
        cases.append(("Sumatera Utara, desa (synthetic)", province, "12", n))

    print(f"# {dt.datetime.now():%Y-%m-%d %H:%M} · {platform.node()} · {os.cpu_count()} cores · "
          f"chromium headless, swiftshader WebGL · load average {os.getloadavg()[0]:.1f}")
    print("# seconds: median (runs); KB: websocket + HTTP received, median")
    print(f"{'case':<34} {'shapes':>6} {'step':<7} {'median s':>9} {'runs':>20} {'ws KB':>9} {'http KB':>9}")
    for name, path, region, shapes in cases:
        anchor, _ = anchor_html(path, region, folder)  # read before the server holds the file
        with streamlit_server(path) as url:
            time_case(url, region, shapes, 1, args.click_only)  # warm the server's caches once
            result = time_case(url, region, shapes, args.runs, args.click_only)
        result["anchor"] = [(t, 0.0, 0.0) for t in time_anchor(anchor, shapes, args.runs)]
        for step in ("link", "click", "rerun", "tab2", "anchor"):
            runs = result[step]
            if not runs:
                continue
            print(f"{name:<34} {shapes:>6} {step:<7} {statistics.median(r[0] for r in runs):>9.2f} "
                  f"{' '.join(f'{r[0]:.2f}' for r in runs):>20} {statistics.median(r[1] for r in runs):>9.0f} "
                  f"{statistics.median(r[2] for r in runs):>9.0f}")
    print(f"# load average at the end {os.getloadavg()[0]:.1f}")
    shutil.rmtree(folder, ignore_errors=True)
    return 0


def require_chromium_or_exit() -> None:
    try:
        require_chromium()
    except BaseException:  # pytest.skip outside pytest
        sys.exit("Debian's chromium is needed: apt-get install -y chromium")


if __name__ == "__main__":
    sys.exit(main())
