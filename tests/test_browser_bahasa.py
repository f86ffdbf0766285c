"""Everything a user reads in the browser is Indonesian (issue 15, point 9): Streamlit's own uploader, table toolbar
and page-not-found dialog, and plotly's modebar, dates and numbers. Read from the drawn page in chromium: its text
and every tooltip (aria-label, title, data-title), with the toolbars opened by hovering as a user would."""
import re

import pytest
from browser import browser_page, checked, open_page, require_chromium, screenshot, streamlit_server, wait_until_idle

# Streamlit's and plotly's English as their bundles write it; none may be read on a page
ENGLISH = ("Drag and drop", "Browse files", "per file", "Upload", "Download as CSV", "Search", "Fullscreen",
           "Show/hide columns", "Page not found", "no corresponding file", "Running the app", "Download plot",
           "Zoom", "Pan", "Autoscale", "Reset axes", "Box Select", "Lasso Select", "Skip to main content",
           "Connection error", "Streamlit server", "Is Streamlit still running", "yourscript", "Press Enter",
           "No results", "Increment", "Decrement", "Show password")

TOOLTIPS = ("() => Array.from(document.querySelectorAll('[aria-label],[title],[data-title]'))"
            ".flatMap((e) => ['aria-label', 'title', 'data-title'].map((a) => e.getAttribute(a)))"
            ".filter((v) => v)")


def english_on(page) -> list[str]:
    """The English found as whole words ('Pan', not the kecamatan Panai Hulu) in the page's text and tooltips."""
    texts = [page.inner_text("body"), *page.evaluate(TOOLTIPS)]
    return sorted({english for english in ENGLISH for text in texts
                   if re.search(rf"(?<!\w){re.escape(english)}(?!\w)", text)})


@pytest.fixture(scope="module")
def server(copy_demo):
    require_chromium()
    with streamlit_server(copy_demo()) as url:
        yield url


MAIN_PAGES = [("ringkasan", "?wilayah=12.10&periode=2025-03"),
              ("klaim", "klaim?wilayah=12.10&periode=2025-03&dari=2024-01&sampai=2025-03"),
              ("kesenjangan", "kesenjangan?wilayah=12.10&periode=2025-04"),
              ("target", "target?wilayah=12.10&periode=2025-10"),
              ("peta", "peta?wilayah=12.10&periode=2025-03"),
              ("briefing", "briefing?wilayah=12.10&periode=2025-03"),
              ("sinkronisasi", "sinkronisasi?wilayah=12.10&periode=2025-03")]


@pytest.mark.parametrize("name, link", MAIN_PAGES, ids=[p[0] for p in MAIN_PAGES])
def test_no_english_on_a_main_page(server, name, link):
    """The page's text and every tooltip, with the first chart's modebar and the first table's toolbar drawn."""
    with browser_page() as page, checked(page):
        open_page(page, f"{server}/{link}")
        for element in ('[data-testid="stPlotlyChart"]', '[data-testid="stDataFrame"]'):
            shown = page.locator(f"{element} >> visible=true")  # one in a tab not chosen cannot be hovered
            if shown.count():
                shown.first.hover()
                page.wait_for_timeout(300)
        assert english_on(page) == []


def test_the_uploader_is_indonesian(server):
    with browser_page() as page, checked(page):
        open_page(page, f"{server}/sinkronisasi?wilayah=12.10&periode=2025-04")
        uploader = page.locator('[data-testid="stFileUploaderDropzone"]').first
        uploader.wait_for()
        text = uploader.inner_text()
        screenshot(page, "bahasa_sinkronisasi")
        assert "Unggah" in text and "Maksimal 50MB per berkas • XLSX, CSV" in text, text
        assert english_on(page) == []


def test_the_table_toolbar_and_the_chart_modebar_are_indonesian(server):
    with browser_page() as page, checked(page):
        open_page(page, f"{server}/?wilayah=12.10&periode=2025-03")
        chart = page.locator('[data-testid="stPlotlyChart"]').first
        chart.hover()
        page.locator(".modebar-btn").first.wait_for()
        titles = page.evaluate("() => Array.from(document.querySelectorAll('.modebar-btn'))"
                               ".map((b) => b.getAttribute('data-title'))")
        assert "Unduh grafik sebagai PNG" in titles and "Layar penuh" in titles, titles
        page.get_by_role("tab", name="Tabel").first.click()
        wait_until_idle(page)
        table = page.locator('[data-testid="stDataFrame"]').first
        table.hover()
        toolbar = page.locator('[data-testid="stElementToolbar"]').first
        toolbar.wait_for()
        labels = [b.get_attribute("aria-label") for b in toolbar.get_by_role("button").all()]
        toolbar.get_by_role("button", name="Unduh sebagai CSV").hover()
        page.get_by_text("Unduh sebagai CSV", exact=True).wait_for(timeout=10_000)  # the tooltip a hover opens
        screenshot(page, "bahasa_toolbar_tabel")
        assert "Unduh sebagai CSV" in labels and "Cari" in labels and "Layar penuh" in labels, labels
        assert english_on(page) == []


def test_plotly_dates_and_numbers_are_indonesian(server):
    with browser_page() as page, checked(page):
        open_page(page, f"{server}/?wilayah=12.10&periode=2025-03")
        page.locator(".js-plotly-plot").first.wait_for()
        # what plotly itself makes of a date and a number on these charts: its locale and separators
        made = page.evaluate(
            "() => { const l = document.querySelector('.js-plotly-plot')._fullLayout;"
            " return [l._d3locale.timeFormat('%B %b %A')(new Date(2025, 4, 1)),"
            "         l._d3locale.numberFormat(',.1f')(12345.67), l.separators]; }")
        assert made == ["Mei Mei Kamis", "12.345,7", ",."]


def test_an_unknown_page_says_so_in_indonesian(server):
    with browser_page() as page, checked(page):
        page.goto(f"{server}/halaman_tidak_ada")
        wait_until_idle(page)
        page.get_by_text("Halaman tidak ditemukan").first.wait_for(timeout=10_000)
        screenshot(page, "bahasa_halaman_tidak_ada")
        text = page.inner_text("body")
        assert "Halaman yang diminta tidak ada; halaman utama dibuka." in text, text
        assert english_on(page) == []


def test_a_lost_server_is_said_in_indonesian(copy_demo):
    """The dialog Streamlit opens when the server stops answering: its title and sentence in Indonesian."""
    require_chromium()
    with browser_page() as page:
        with streamlit_server(copy_demo()) as url:
            open_page(page, f"{url}/?wilayah=12.10&periode=2025-03")
        page.get_by_text("Koneksi terputus").first.wait_for(timeout=120_000)
        screenshot(page, "bahasa_koneksi_terputus")
        assert "Server dasbor tidak menjawab" in page.inner_text("body")
        assert english_on(page) == []


def test_the_map_is_indonesian(demo_copy):
    """The map's modebar (app_pages/peta.py draws it with a config of its own) and the page around it."""
    require_chromium()
    from conftest import SHARED, run_cli

    boundaries = SHARED / "data" / "wilayah" / "labuhanbatu_raya_desa.geojson"
    if not boundaries.exists():
        pytest.skip(f"shared boundaries not present at {boundaries}")
    assert run_cli("boundaries", "load", str(boundaries), "--db", str(demo_copy)).returncode == 0
    with streamlit_server(demo_copy) as url, browser_page() as page, checked(page):
        open_page(page, f"{url}/peta?wilayah=12.10&periode=2025-03")
        page.locator('[data-testid="stPlotlyChart"]').first.hover()
        page.locator(".modebar-btn").first.wait_for()
        titles = page.evaluate("() => Array.from(document.querySelectorAll('.modebar-btn'))"
                               ".map((b) => b.getAttribute('data-title'))")
        assert "Perbesar" in titles and "Layar penuh" in titles, titles
        assert english_on(page) == []


ENGLISH_MONTHS = ("January", "February", "March", "May", "June", "July", "August", "October", "December")


def calendar_text(page, shot: str) -> str:
    """Open the page's first date input's calendar, save a screenshot named `shot`, and return the calendar's text."""
    page.locator('[data-testid="stDateInput"] button').first.click()
    calendar = page.locator('[role="dialog"]').last
    calendar.wait_for()
    page.wait_for_timeout(500)
    text = calendar.inner_text()
    screenshot(page, shot)
    return text


def test_typing_and_picking_a_date_are_indonesian(server):
    """The hint under a text being typed, a search with no match, and the calendar of a date input."""
    with browser_page() as page, checked(page):
        open_page(page, f"{server}/briefing?wilayah=12.10&periode=2025-03")
        labels = page.evaluate("() => Array.from(document.querySelectorAll('[data-testid=stDateInput] [aria-label]'))"
                               ".map((e) => e.getAttribute('aria-label'))")
        assert "bulan, Klaim dibayar dari" in labels and not [a for a in labels if a.startswith("month")], labels
        text = calendar_text(page, "bahasa_kalender")
        # the calendar's month and day names follow the browser's language (id-ID here); its own words are ours
        assert "Pilih tanggal, Januari 2025" in text and "Choose date" not in text, text
        assert not [month for month in ENGLISH_MONTHS if month in text], text
        page.keyboard.press("Escape")
        search = page.locator('section[data-testid="stSidebar"] input[type="text"]').first
        search.click()
        search.type("zzzz")
        page.wait_for_timeout(800)
        assert english_on(page) == []


# What the table shows in its cells, read from Glide's own getCellContent (the cells are drawn on a canvas; the
# accessible copy Glide keeps in the DOM holds the raw values, not the text drawn): [value, text] of every number
# cell of the first rows
TABLE_NUMBERS = """(table) => {
  const canvas = table.querySelector('[data-testid="data-grid-canvas"]');
  let fiber = canvas[Object.keys(canvas).find((k) => k.startsWith('__reactFiber$'))];
  while (fiber && typeof (fiber.memoizedProps || {}).getCellContent !== 'function') fiber = fiber.return;
  const {getCellContent, columns, rows} = fiber.memoizedProps;
  const cells = [];
  for (let row = 0; row < Math.min(rows, 5); row++)
    columns.forEach((_, col) => { const cell = getCellContent([col, row]);
                                  if (typeof cell.data === 'number') cells.push([cell.data, cell.displayData]); });
  return cells;
}"""


def test_tables_and_the_calendar_are_id_id_in_an_english_browser(server):
    """A browser in English (en-US) still shows a table's numbers as 8.870 and 35,74 (not 8,870 and 35.74) and the
    calendar's months in Indonesian: ui.bahasa's locale script. A call naming its own locale is left alone."""
    from ucj import fmt

    with browser_page(lang="en-US") as page, checked(page):
        page.goto("about:blank")
        assert page.evaluate("() => [navigator.language, (66234).toLocaleString()]") == ["en-US", "66,234"]
        open_page(page, f"{server}/peta?wilayah=12.10&periode=2025-03")  # the tab's first page: a table drawn at once
        table = page.locator('[data-testid="stDataFrame"] >> visible=true').first
        cells = table.evaluate(TABLE_NUMBERS)
        screenshot(page, "bahasa_tabel_en_us")
        whole = [(value, text) for value, text in cells if float(value).is_integer() and value >= 1000]
        fractions = [(value, text) for value, text in cells if not float(value).is_integer()]
        assert whole and all(text == fmt.number(int(value)) for value, text in whole), whole
        # Peta's fractions are its percentages: two decimals, as fmt.pct writes them (39,30, not 39,3)
        assert fractions and all(text == fmt.pct(value).rstrip("%") for value, text in fractions), fractions
        assert page.evaluate("() => [new Intl.NumberFormat('en-US').format(66234.5), (66234.5).toLocaleString('en'),"
                             " new Date(2025, 4, 1).toLocaleDateString('en-US', {month: 'long'})]") == [
            "66,234.5", "66,234.5", "May"]
        # the page loaded a second time, its figures cached by the server: the app has drawn it all, the last time
        # it renders by itself, before the locale script runs (the script makes it render again)
        open_page(page, f"{server}/briefing?wilayah=12.10&periode=2025-03")
        page.reload()
        wait_until_idle(page)
        text = calendar_text(page, "bahasa_kalender_en_us")
        assert "Januari 2025" in text and "Februari" in text, text
        assert not [month for month in ENGLISH_MONTHS if month in text], text
