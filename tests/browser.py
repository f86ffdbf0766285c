"""A real browser against `streamlit run`: Debian's chromium driven by Playwright."""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-gpu", "--enable-unsafe-swiftshader"]


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium; .ci/run does it)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(db_path: Path, *options: str, port: int | None = None, env: dict | None = None,
                     log: Path | None = None):
    """`streamlit run dashboard.py` on warehouse db_path, on loopback; `options` are more command-line options
    (e.g. '--secrets.files', path), `env` more environment variables. Its output goes to the file `log` (a
    temporary one by default): a pipe nobody reads would stop the server once it had logged 64 KB."""
    port = port or free_port()
    env = {**os.environ, "UCJ_DB": str(db_path), **(env or {})}
    output = open(log, "w") if log is not None else tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         *options],
        cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("streamlit did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        output.close()


@contextmanager
def browser_page(lang: str | None = None):
    """A page in chromium set to Indonesian, or to the language `lang` (e.g. 'en-US': chromium's --lang and the
    page's locale), as a reader whose browser is in another language has it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        language = [f"--lang={lang}"] if lang else []
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + language)
        page = browser.new_page(viewport={"width": 1400, "height": 2600}, locale=lang or "id-ID")
        try:
            yield page
        finally:
            browser.close()


IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


@contextmanager
def checked(page):
    """The page for one test, checked afterwards for exceptions drawn on it and errors in its scripts."""
    errors = []

    def record(exc) -> None:
        errors.append(str(exc))

    page.on("pageerror", record)
    yield page
    page.remove_listener("pageerror", record)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert errors == []


def open_page(page, url: str) -> str:
    """Go to url, wait until the app has run, and return the text of the app."""
    page.goto(url)
    wait_until_idle(page)
    return page.inner_text('[data-testid="stApp"]')


def wait_until_idle(page, timeout_ms: int = 60_000) -> None:
    """The script has run and the page is drawn: no run in progress and no skeleton left, twice in a row.

    Streamlit reports 'notRunning' briefly before a page's first run starts, so one look is not enough.
    """
    deadline = time.time() + timeout_ms / 1000
    settled = 0
    while settled < 2:
        if time.time() > deadline:
            raise TimeoutError("the page did not settle")
        page.wait_for_selector(IDLE, timeout=timeout_ms)
        page.wait_for_timeout(400)
        quiet = page.locator(IDLE).count() == 1 and page.locator('[data-testid="stSkeleton"]').count() == 0
        settled = settled + 1 if quiet else 0
    page.wait_for_timeout(300)  # let plotly finish drawing


def log_in(page, url: str, name: str, password: str) -> None:
    """Open url, fill the login form (Nama pengguna, Kata sandi), press Masuk and wait for the page; the session
    then stays in the browser's cookie for the following page loads."""
    page.goto(url)
    wait_until_idle(page)
    page.get_by_label("Nama pengguna", exact=True).fill(name)
    page.get_by_label("Kata sandi", exact=True).fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("button", name="Keluar").wait_for(timeout=60_000)
    wait_until_idle(page)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))  # the app scrolls inside its own container: the viewport is made tall instead
    return path




def wait_for_map(page, timeout_ms: int = 90_000, shapes: int | None = None) -> None:
    """The MapLibre map inside the plotly figure has loaded and drawn its first trace's shapes (this many, or as
    many as the trace has locations; those without a value get no feature). The source is counted, not the trace: plotly fetches a geometry given by URL
    before it sets the source, so until then the previous shapes are still drawn."""
    page.wait_for_function(
        "(n) => { const g = document.querySelector('.js-plotly-plot');"
        " const m = g && g._fullLayout && g._fullLayout.map && g._fullLayout.map._subplot"
        " && g._fullLayout.map._subplot.map; if (!(m && m.loaded() && m.areTilesLoaded())) return false;"
        " const want = n === null ? (g.data[0].locations || []).length : n;"
        " if ((g.data[0].locations || []).length !== want) return false;"
        " const source = g._fullData && g._fullData[0] && m.getSource('source-' + g._fullData[0].uid);"
        " const data = source && source.serialize().data;"
        " const valued = (g.data[0].z || []).filter((v) => v !== null && v !== undefined).length;"
        " return !!(data && data.features) && data.features.length === valued; }",
        arg=shapes, timeout=timeout_ms, polling=50)


def map_point(page, lon: float, lat: float) -> tuple[float, float]:
    """Where on the screen a longitude/latitude is drawn on the map."""
    return tuple(page.evaluate(
        "([lon, lat]) => { const m = document.querySelector('.js-plotly-plot')._fullLayout.map._subplot.map;"
        " const p = m.project([lon, lat]); const r = m.getCanvas().getBoundingClientRect();"
        " return [r.left + p.x, r.top + p.y]; }", [lon, lat]))
