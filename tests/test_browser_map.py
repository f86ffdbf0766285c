"""The map in Debian's chromium: real boundaries, a click drills down, a desa opens its panel, and the
browser asks nothing of any host but the app's own. The geometry comes once by URL, not inside the figure:
a rerun that changes only the values sends none, and another visit takes it from the browser's cache."""
import json
from urllib.parse import urlparse

import duckdb
import pytest
from browser import browser_page, map_point, require_chromium, screenshot, streamlit_server, wait_for_map, \
    wait_until_idle
from conftest import SHARED, run_cli

from ucj import fmt

DESA_FILE = SHARED / "data" / "wilayah" / "labuhanbatu_raya_desa.geojson"


@pytest.fixture()
def warehouse_with_boundaries(demo_copy):
    require_chromium()
    if not DESA_FILE.exists():
        pytest.skip(f"shared boundaries not present at {DESA_FILE}")
    path = demo_copy
    result = run_cli("boundaries", "load", str(DESA_FILE), "--db", str(path))
    assert result.returncode == 0, result.stderr
    return path


def _bytes(payload) -> bytes:
    return payload if isinstance(payload, bytes) else payload.encode()


def centre(path, code):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select lon_tengah, lat_tengah from batas_wilayah where kode = ?", [code]).fetchone()
    finally:
        con.close()


def test_click_a_kecamatan_then_a_desa_offline(warehouse_with_boundaries):
    path = warehouse_with_boundaries
    con = duckdb.connect(str(path), read_only=True)
    desa, name, active, eligible = con.execute(
        "select c.kode_wilayah, w.nama, c.peserta_aktif, c.pekerja_wajib from mart_cakupan_wilayah_bulan c "
        "join wilayah w on w.kode = c.kode_wilayah where c.kode_induk = '12.10.02' and c.bulan = date '2025-03-01' "
        "order by c.kode_wilayah limit 1").fetchone()
    con.close()
    # read before the server starts: the app holds the warehouse read-write while it runs
    kecamatan_centre, desa_centre = centre(path, "12.10.02"), centre(path, desa)
    con = duckdb.connect(str(path), read_only=True)
    kecamatan = [k for (k,) in con.execute("select kode from batas_wilayah where kode_induk = '12.10' order by 1").fetchall()]
    con.close()
    assert len(kecamatan) == 9
    with streamlit_server(path) as url, browser_page() as page:
        requests, frames = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(payload)))
        geometry_requests = []
        page.on("request", lambda r: geometry_requests.append(r.url) if "/app/static/peta/" in r.url else None)
        # a deep link is the first visit of a fresh server
        page.goto(f"{url}/peta?wilayah=12.10&periode=2025-03")
        wait_until_idle(page)
        wait_for_map(page)
        screenshot(page, "peta_12.10_kecamatan")
        assert page.locator('[data-testid="stException"]').count() == 0
        text = page.inner_text('[data-testid="stMain"]')
        assert "Peta Kabupaten Labuhanbatu" in text
        # names beside the map (issue 15): the ranked table, and the way back up
        assert "Peringkat kecamatan menurut Cakupan UCJ (%)" in text  # the table itself is a canvas: see the screenshot
        assert page.get_by_role("button", name="Sumatera Utara", exact=True).count() == 1
        # the desa level's geometry is fetched while the kecamatan map is read, before anyone asks for it
        for _ in range(100):
            if len(set(geometry_requests)) >= 2:
                break
            page.wait_for_timeout(100)
        assert len(set(geometry_requests)) == 2, geometry_requests
        # the figure names its geometry by URL; the file holds shapes keyed by code and nothing else
        source = page.evaluate("() => document.querySelector('.js-plotly-plot').data[0].geojson")
        assert isinstance(source, str) and source.startswith("app/static/peta/"), source
        served = page.request.get(f"{url}/{source}")
        assert served.ok and served.headers["content-type"] == "application/geo+json"
        collection = json.loads(served.body())
        assert sorted(f["id"] for f in collection["features"]) == kecamatan
        assert {key for f in collection["features"] for key in f} == {"type", "id", "geometry"}
        geometry_bytes = len(served.body())

        # no message of the app's websocket carried a coordinate: the geometry came only by its URL
        assert frames and not any(b"coordinates" in _bytes(f) for f in frames)

        # only the values change: no geometry is fetched or sent again, and the rerun's messages are a small
        # part of what the geometry weighs (the figure carried all of it before issue 14)
        frames.clear()
        fetched = len(geometry_requests)
        page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"]').get_by_text("Peserta aktif", exact=True).click()
        page.wait_for_function("() => document.querySelector('.js-plotly-plot')._fullData[0].name === 'Peserta aktif'")
        wait_until_idle(page)
        wait_for_map(page, shapes=len(kecamatan))
        screenshot(page, "peta_12.10_peserta_aktif")
        assert len(geometry_requests) == fetched
        assert page.evaluate("() => document.querySelector('.js-plotly-plot').data[0].geojson") == source
        assert 0 < sum(map(len, frames)) < geometry_bytes / 2, (sum(map(len, frames)), geometry_bytes)

        # a later visit to the same map takes the geometry from the browser's cache
        cached = []
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.responseReceived", lambda e: cached.append(e["response"].get("fromDiskCache")
                                                                    or e["response"].get("fromMemoryCache"))
               if "/app/static/peta/" in e["response"]["url"] else None)
        page.goto(f"{url}/peta?wilayah=12.10&periode=2025-03&tingkat_peta=kecamatan")
        wait_until_idle(page)
        wait_for_map(page, shapes=len(kecamatan))
        assert cached and all(cached), cached

        # the hover names the shape and its figures: its words come once in the trace's template, the values
        # with each shape
        page.mouse.move(*map_point(page, *kecamatan_centre))
        page.wait_for_selector(".hoverlayer .hovertext", timeout=30_000)
        hover = page.locator(".hoverlayer .hovertext").first.text_content()
        assert "Rantau Selatan (12.10.02)" in hover and "Cakupan UCJ" in hover and "Klaim tahun ini Rp" in hover, hover
        assert "customdata" not in hover

        page.mouse.click(*map_point(page, *kecamatan_centre))
        page.wait_for_url("**wilayah=12.10.02**", timeout=60_000)
        wait_until_idle(page)
        wait_for_map(page)
        screenshot(page, "peta_12.10.02_desa")
        assert "Peta Rantau Selatan" in page.inner_text('[data-testid="stApp"]')

        page.mouse.click(*map_point(page, *desa_centre))
        page.wait_for_url(f"**wilayah={desa}**", timeout=60_000)
        wait_until_idle(page)
        wait_for_map(page)
        screenshot(page, "peta_desa_panel")
        text = page.inner_text('[data-testid="stApp"]')
        for expected in (f"Peta {name}", "Per segmen", "Per kelompok pekerja", "Pendaftaran per bulan",
                         "Sponsor yang berlaku", fmt.number(active), fmt.number(eligible),
                         fmt.pct(100 * active / eligible)):
            assert expected in text, expected
        assert page.locator('[data-testid="stException"]').count() == 0

        # and back up one level without the sidebar
        page.get_by_role("button", name="Naik satu tingkat", exact=True).click()
        page.wait_for_url("**wilayah=12.10.02&**", timeout=60_000)
        wait_until_idle(page)
        wait_for_map(page)
        assert "Peta Rantau Selatan" in page.inner_text('[data-testid="stMain"]')

    foreign = {urlparse(u).hostname for u in requests if urlparse(u).scheme in ("http", "https", "ws", "wss")}
    assert foreign == {"127.0.0.1"}, f"the browser reached beyond the app: {foreign - {'127.0.0.1'}}"


# Each button of the map's segmented controls (level, colour): how far its right edge passes its control's
CLIPPED = """() => [...document.querySelectorAll('[data-testid="stButtonGroup"]')].flatMap((group) => {
  const edge = group.getBoundingClientRect().right;
  return [...group.querySelectorAll('button')].map((b) => [b.innerText, Math.round(b.getBoundingClientRect().right - edge)]);
})"""


def test_map_controls_show_every_choice_at_province_level(demo_copy):
    """A province's map offers three levels and four colours: no button may be cut off (the level control
    shared a third of the page's width with the colours and 'Desa/Kelurahan' was cut to 'Desa/Kelu')."""
    require_chromium()
    with streamlit_server(demo_copy) as url, browser_page() as page:
        page.goto(f"{url}/peta?wilayah=12&periode=2025-03")
        wait_until_idle(page)
        buttons = page.evaluate(CLIPPED)
        assert [label for label, _ in buttons] == ["Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan",
                                                   "Cakupan UCJ (%)", "Peserta aktif", "Kurang ke target (orang)",
                                                   "Klaim tahun ini (Rp)"]
        assert [(label, past) for label, past in buttons if past > 1] == []
