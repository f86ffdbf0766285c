"""Time for the Peta page to draw its map in Debian's chromium, and the bytes each step sends.

Two warehouses:
  regency   the demo warehouse with the real desa boundaries of ../shared (628 desa); the desa map of
            Labuhanbatu (98 desa) and of all six regencies together
  province  a benchmark warehouse of Sumatera Utara: its 6.109 desa codes from ../shared, with synthetic
            shapes (Voronoi cells of the desa centroids clipped to the real kabupaten/kota boundaries, their
            edges made as crooked as real desa boundaries: roughen()) and the national demo's synthetic
            participants and marts; only the drawing is measured, so the shapes need only be of realistic
            number, size and corners

For each case, in a fresh headless chromium each run (an empty browser cache):
  link     open `peta?...&tingkat_peta=desa_kelurahan` and wait until every desa is drawn (Streamlit's own
           start in the new tab included)
  click    open the map one level up, then click 'Desa/Kelurahan' and wait until every desa is drawn
  click2   then back one level up and 'Desa/Kelurahan' again in the same tab (the geometry already in the tab)
  rerun    on the desa map, click 'Peserta aktif' (only the values change) and wait until it is redrawn
  2nd tab  after `link`, the same link in a second tab of the same browser (its HTTP cache warm)
with the bytes the server sent for each (websocket frames and HTTP bodies as received, compressed or not).
The anchor, in the same run and the same chromium: plotly.js alone drawing the same desa (in the drawing the page
sends: the overview for a whole province), their geometry inline in a local HTML file (no Streamlit, no server):
`anchor` from the page's request, `draw` from Plotly.newPlot (plotly.js already loaded): what drawing itself costs.

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
from ucj.demo import national  # noqa: E402
from ucj.ingest import boundaries  # noqa: E402
from ucj.warehouse import write  # noqa: E402
from ucj.warehouse.reference import with_ancestors  # noqa: E402

WILAYAH = ROOT.parent / "shared" / "data" / "wilayah"
# Sumatera Utara's participants in the province warehouse (the 4-million national demo has 188.410 there)
PROVINCE_PARTICIPANTS = 300_000
SCREENSHOTS = ROOT / "screenshots"  # ignored by git; a failed step leaves its picture there
TIMEOUT_MS = 120_000  # every wait of a step (--timeout): a step that does not finish fails, says why, and the run goes on

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


# What the page shows when a wait gives up: the first plotly map's state and the app's text
STATE = """() => {
  const g = document.querySelector('.js-plotly-plot');
  const sub = g && g._fullLayout && g._fullLayout.map && g._fullLayout.map._subplot;
  const m = sub && sub.map;
  const trace = g && g._fullData && g._fullData[0];
  const source = m && trace && m.getSource('source-' + trace.uid);
  const data = source && source.serialize().data;
  const features = data && (data.features || (data.geojson && data.geojson.features));
  return {plots: document.querySelectorAll('.js-plotly-plot').length, trace: trace ? trace.name : null,
          locations: g && g.data && g.data[0] ? (g.data[0].locations || []).length : null,
          geojson: g && g.data && g.data[0] && typeof g.data[0].geojson === 'string' ? g.data[0].geojson : null,
          loaded: m ? m.loaded() : null, features: features ? features.length : null,
          script: (document.querySelector('[data-testid="stApp"]') || {}).dataset?.testScriptState || null,
          exceptions: document.querySelectorAll('[data-testid="stException"]').length};
}"""


class StepFailed(Exception):
    """A step that did not finish: what the page showed, where its screenshot is."""


def wait_drawn(page, shapes: int, name: str | None = None) -> None:
    page.wait_for_function(DRAWN, arg=[shapes, name], timeout=TIMEOUT_MS, polling=20)


@contextmanager
def step(page, label: str):
    """Run a step's waits; when one fails, save a screenshot and raise StepFailed naming what the page showed."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 (a timeout, a closed page, an app error: each reported)
        SCREENSHOTS.mkdir(exist_ok=True)
        picture = SCREENSHOTS / ("map_browser_" + "".join(c if c.isalnum() else "_" for c in label) + ".png")
        try:
            page.screenshot(path=str(picture))
            state = page.evaluate(STATE)
            text = " ".join(page.inner_text('[data-testid="stApp"]', timeout=5_000).split())[:600]
        except Exception as inner:  # noqa: BLE001
            state, text = {}, f"(page unreadable: {inner})"
        raise StepFailed(f"{label}: {type(exc).__name__}: {str(exc).splitlines()[0]}\n  map: {state}\n"
                         f"  page: {text}\n  screenshot: {picture}") from exc


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


def roughen(cells: list) -> list:
    """Voronoi cells have straight edges (7 corners a desa); real desa boundaries follow rivers and roads. The
    edges are cut every 0,0008 degree and every corner moved by one smooth field of a dozen waves (0,005 to 0,05
    degree long, 0,00006 degree high): a shared corner moves alike in both cells, so neighbours still share their
    edges, and after the load's simplification a desa keeps as many corners per degree of boundary as the real
    desa of ../shared (Labuhanbatu raya: 290 in the detail drawing, 115 in the overview; these: about 280 and 120)."""
    rng = np.random.default_rng(1)
    length = np.exp(rng.uniform(np.log(0.005), np.log(0.05), 12))
    angle = rng.uniform(0, 2 * np.pi, 12)
    kx, ky = np.cos(angle) * 2 * np.pi / length, np.sin(angle) * 2 * np.pi / length
    phase = rng.uniform(0, 2 * np.pi, (2, 12))
    height = 0.00006 * length / length.max()

    def moved(xy):
        wave = xy[:, :1] * kx + xy[:, 1:] * ky
        return xy + np.c_[(height * np.sin(wave + phase[0])).sum(1), (height * np.sin(wave + phase[1])).sum(1)]

    return list(shapely.make_valid(shapely.transform(shapely.segmentize(np.array(cells), 0.0008), moved)))


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
    shapes = gpd.GeoDataFrame({"kode": cell_codes}, geometry=roughen(cells), crs="EPSG:4326")
    shapes_file = folder / "sumut_desa_sintetis.geojson"
    shapes.to_file(shapes_file)

    # the participants, claims, denominators and targets of the national demo's generator over this province's
    # reference, and the marts built as for any warehouse: the page reads what a real office's province has
    path = folder / "provinsi.duckdb"
    reference = with_ancestors(codes.select("kode", "nama", "tingkat", "kode_induk")).with_columns(
        versi=pl.lit("benchmark"))
    con = warehouse.create(path)
    with write.transaction(con, audit=False) as w:  # a synthetic warehouse: the audits describe a real one
        national.generate(w, reference, PROVINCE_PARTICIPANTS, PROVINCE_PARTICIPANTS // 6, 1, dt.date(2025, 6, 1),
                          lambda fraction, text: None)
        w.refresh_marts()
    con.close()  # DuckDB 2.0 refuses more work on a connection whose last result was not fetched to the end
    con = duckdb.connect(str(path))
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
    page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"]').get_by_text(text, exact=True).click()


def time_case(url: str, region: str, shapes: int, upper: tuple[str, int], runs: int,
              click_only: bool = False) -> dict[str, list]:
    """link, click, rerun and second-tab times in seconds and the bytes (websocket KB, HTTP KB) of each; a step
    that fails is reported (StepFailed printed) and left out, and the others go on."""
    out = {k: [] for k in ("link", "click", "click2", "rerun", "tab2")}
    for _ in range(runs):
        if not click_only:
            try:
                time_link(f"{url}/peta?wilayah={region}&periode=2025-03&tingkat_peta=desa_kelurahan", region, shapes,
                          out)
            except StepFailed as failed:
                print(f"# FAILED {failed}", flush=True)
        with browser_page() as page:
            try:
                traffic = Traffic(page)
                with step(page, f"{region} one level up"):
                    page.goto(f"{url}/peta?wilayah={region}&periode=2025-03", timeout=TIMEOUT_MS)
                    wait_until_idle(page, timeout_ms=TIMEOUT_MS)
                    page.wait_for_function("() => document.querySelector('.js-plotly-plot')", timeout=TIMEOUT_MS)
                traffic.reset()
                with step(page, f"{region} click"):
                    start = time.perf_counter()
                    click_text(page, "Desa/Kelurahan")
                    wait_drawn(page, shapes)
                    out["click"].append((time.perf_counter() - start, *traffic.kb()))
                # back one level up and to the desa again in the same tab: the geometry is in the tab already
                with step(page, f"{region} click again"):
                    wait_until_idle(page, timeout_ms=TIMEOUT_MS)
                    click_text(page, upper[0])
                    wait_drawn(page, upper[1])
                    wait_until_idle(page, timeout_ms=TIMEOUT_MS)
                    traffic.reset()
                    start = time.perf_counter()
                    click_text(page, "Desa/Kelurahan")
                    wait_drawn(page, shapes)
                    out["click2"].append((time.perf_counter() - start, *traffic.kb()))
            except StepFailed as failed:
                print(f"# FAILED {failed}", flush=True)
    return out


def one_level_up(db: Path, region: str) -> tuple[str, int]:
    """The map a region opens at (one level below it): its button's label and how many shapes it draws."""
    level, label = ("kabupaten_kota", "Kabupaten/Kota") if "." not in region else ("kecamatan", "Kecamatan")
    con = duckdb.connect(str(db), read_only=True)
    n = con.execute("select count(*) from batas_wilayah where tingkat = ? and starts_with(kode, ? || '.')",
                    [level, region]).fetchone()[0]
    con.close()
    return label, n


def time_link(link: str, region: str, shapes: int, out: dict[str, list]) -> None:
    """The link in a fresh browser, then a values-only rerun, then the link in a second tab."""
    with browser_context() as context:
        page = context.new_page()
        traffic = Traffic(page)
        with step(page, f"{region} link"):
            start = time.perf_counter()
            page.goto(link, timeout=TIMEOUT_MS)
            wait_drawn(page, shapes)
            out["link"].append((time.perf_counter() - start, *traffic.kb()))
            wait_until_idle(page, timeout_ms=TIMEOUT_MS)

        traffic.reset()
        with step(page, f"{region} rerun"):
            start = time.perf_counter()
            click_text(page, "Peserta aktif")
            wait_drawn(page, shapes, name="Peserta aktif")
            out["rerun"].append((time.perf_counter() - start, *traffic.kb()))

        second = context.new_page()
        traffic2 = Traffic(second)
        with step(second, f"{region} second tab"):
            start = time.perf_counter()
            second.goto(link, timeout=TIMEOUT_MS)
            wait_drawn(second, shapes)
            out["tab2"].append((time.perf_counter() - start, *traffic2.kb()))


def anchor_html(db: Path, region: str, folder: Path) -> tuple[Path, int]:
    """A local page drawing the same desa with plotly.js alone: geometry inline, one choropleth_map trace."""
    import plotly.graph_objects as go

    con = duckdb.connect(str(db), read_only=True)
    # the drawing the page sends: the overview for a whole province (ui/map_geometry.is_overview), else the detail
    drawing = "coalesce(geojson_ringkas, geojson)" if "." not in region else "geojson"
    rows = con.execute(f"select kode, {drawing} from batas_wilayah where tingkat = 'desa_kelurahan' "
                       "and (kode = ? or starts_with(kode, ? || '.')) order by kode", [region, region]).fetchall()
    con.close()
    features = [{"type": "Feature", "id": k, "properties": {"kode": k}, "geometry": json.loads(g)} for k, g in rows]
    codes = [k for k, _ in rows]
    fig = go.Figure(go.Choroplethmap(geojson={"type": "FeatureCollection", "features": features},
                                     featureidkey="properties.kode", locations=codes, z=list(range(len(codes))),
                                     marker_line_width=0.6, marker_line_color="#ffffff"))
    shapes = shapely.total_bounds([shapely.geometry.shape(f["geometry"]) for f in features])  # rounded: no union
    fig.update_layout(map=dict(style="white-bg", bounds=dict(west=shapes[0], south=shapes[1], east=shapes[2],
                                                             north=shapes[3])),
                      height=620, width=1000, margin=dict(l=0, r=0, t=0, b=0))
    path = folder / f"anchor_{region}.html"
    bundle = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    path.write_text("<html><head><meta charset='utf-8'><script>" + bundle.read_text() + "</script></head><body>"
                    "<div id='g' class='js-plotly-plot'></div><script>"
                    f"window.__t0 = performance.now(); Plotly.newPlot('g', {fig.to_json()});</script></body></html>")
    return path, len(codes)


def time_anchor(path: Path, shapes: int, runs: int) -> tuple[list[float], list[float]]:
    """Served over loopback HTTP (from file:// MapLibre never finishes loading its style): from the page's
    request until drawn (`anchor`), and from Plotly.newPlot until drawn (`draw`: the drawing alone, once
    plotly.js is loaded, what a click's map costs the browser at the least)."""
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(path.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    times, draws = [], []
    try:
        for _ in range(runs):
            with browser_page() as page:
                try:
                    with step(page, f"anchor {path.stem}"):
                        start = time.perf_counter()
                        page.goto(f"http://127.0.0.1:{server.server_port}/{path.name}", timeout=TIMEOUT_MS)
                        wait_drawn(page, shapes)
                        times.append(time.perf_counter() - start)
                        draws.append(page.evaluate("() => (performance.now() - window.__t0) / 1000"))
                except StepFailed as failed:
                    print(f"# FAILED {failed}", flush=True)
    finally:
        server.shutdown()
    return times, draws


def main() -> int:
    global TIMEOUT_MS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=("regency", "province"))
    parser.add_argument("--click-only", action="store_true", help="time only the click (a loaded machine)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_MS / 1000,
                        help="seconds any one wait may take before its step fails (default %(default)s)")
    args = parser.parse_args()
    TIMEOUT_MS = int(args.timeout * 1000)
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
        upper = one_level_up(path, region)
        SCREENSHOTS.mkdir(exist_ok=True)
        log = SCREENSHOTS / f"map_browser_streamlit_{region}.log"  # the server's output, for a failed step
        with streamlit_server(path, log=log) as url:
            print(f"# {name}: warming the server's caches (one run, not counted)", flush=True)
            time_case(url, region, shapes, upper, 1, args.click_only)
            result = time_case(url, region, shapes, upper, args.runs, args.click_only)
        times, draws = time_anchor(anchor, shapes, args.runs)
        result["anchor"] = [(t, 0.0, 0.0) for t in times]
        result["draw"] = [(t, 0.0, 0.0) for t in draws]
        for kind in ("link", "click", "click2", "rerun", "tab2", "anchor", "draw"):
            runs = result[kind]
            if not runs:
                if not (args.click_only and kind in ("link", "rerun", "tab2")):
                    print(f"{name:<34} {shapes:>6} {kind:<7} {'failed':>9}  (see FAILED above; server log {log})")
                continue
            print(f"{name:<34} {shapes:>6} {kind:<7} {statistics.median(r[0] for r in runs):>9.2f} "
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
