"""The map in Debian's chromium: real boundaries, a click drills down, a desa opens its panel, and the
browser asks nothing of any host but the app's own."""
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
    with streamlit_server(path) as url, browser_page() as page:
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        # a deep link is the first visit of a fresh server
        page.goto(f"{url}/peta?wilayah=12.10&periode=2025-03")
        wait_until_idle(page)
        wait_for_map(page)
        screenshot(page, "peta_12.10_kecamatan")
        assert page.locator('[data-testid="stException"]').count() == 0
        assert "Peta Kabupaten Labuhanbatu" in page.inner_text('[data-testid="stApp"]')

        page.mouse.click(*map_point(page, *kecamatan_centre))
        page.wait_for_url("**wilayah=12.10.02**", timeout=20_000)
        wait_until_idle(page)
        wait_for_map(page)
        screenshot(page, "peta_12.10.02_desa")
        assert "Peta Rantau Selatan" in page.inner_text('[data-testid="stApp"]')

        page.mouse.click(*map_point(page, *desa_centre))
        page.wait_for_url(f"**wilayah={desa}**", timeout=20_000)
        wait_until_idle(page)
        wait_for_map(page)
        screenshot(page, "peta_desa_panel")
        text = page.inner_text('[data-testid="stApp"]')
        for expected in (f"Peta {name}", "Per segmen", "Per kelompok pekerja", "Pendaftaran per bulan",
                         "Sponsor yang berlaku", fmt.number(active), fmt.number(eligible),
                         fmt.pct(100 * active / eligible)):
            assert expected in text, expected
        assert page.locator('[data-testid="stException"]').count() == 0

    foreign = {urlparse(u).hostname for u in requests if urlparse(u).scheme in ("http", "https", "ws", "wss")}
    assert foreign == {"127.0.0.1"}, f"the browser reached beyond the app: {foreign - {'127.0.0.1'}}"
