"""End to end in Debian's chromium: every page opens from a link, without an exception, with its key figures."""
import datetime as dt

import pytest
from browser import browser_page, require_chromium, screenshot, streamlit_server, wait_until_idle

from ucj import fmt

PAGES = [
    ("ringkasan", "?wilayah=12.10&periode=2025-03",
     ["36,48%", "66.234", "181.567", "Ringkasan Kabupaten Labuhanbatu", "Cakupan UCJ per wilayah terhadap target"]),
    ("klaim", "klaim?wilayah=12.10&periode=2025-03&dari=2024-01&sampai=2025-03",
     ["Rp105,2 miliar", "9.243", "5.002 klaim", "3.520 klaim", "303 klaim", "255 klaim", "149 klaim"]),
    ("kesenjangan", "kesenjangan?wilayah=12.10&periode=2025-04",
     ["Guru honorer", "3.000", "1.200", "215", "Simulasi pendanaan"]),
    # issue 15: March 2025 shows the groups from their April roster, saying so; a filter a figure ignores is named
    ("kesenjangan_maret", "kesenjangan?wilayah=12.10&periode=2025-03",
     ["Guru honorer", "3.000", "1.200", "215", "Daftar guru honorer, 15 April 2025",
      "(belum ada daftar sampai Maret 2025)"]),
    ("ringkasan_kelompok", "?wilayah=12.10&periode=2025-03&kelompok=guru_honorer",
     ["Kurang ke target mengabaikan filter kelompok pekerja",
      "Cakupan UCJ per wilayah terhadap target mengabaikan filter kelompok pekerja"]),
    ("target", "target?wilayah=12.10&periode=2025-10",
     ["Peserta baru terhadap target", "Proyeksi Desember", "Wilayah dengan kesenjangan terbesar",
      # participants of 12.10 whose last covered day is 31 October 2025 to 29 January 2026, from the warehouse
      lambda con: fmt.number(con.execute(
          "select count(*) from peserta where kode_desa like '12.10.%' and aktif_sampai between ? and ?",
          [dt.date(2025, 10, 31), dt.date(2026, 1, 29)]).fetchone()[0]) + " peserta"]),
]


@pytest.fixture(scope="module")
def server(copy_demo):
    require_chromium()
    with streamlit_server(copy_demo()) as url:
        yield url


@pytest.mark.parametrize("name, link, figures", PAGES, ids=[p[0] for p in PAGES])
def test_page_opens_from_a_link_with_its_key_figures(server, con, name, link, figures):
    figures = [f(con) if callable(f) else f for f in figures]
    with browser_page() as page:
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{server}/{link}")
        wait_until_idle(page)
        text = page.inner_text('[data-testid="stApp"]')
        screenshot(page, f"{name}_12.10")
        assert page.locator('[data-testid="stException"]').count() == 0
        assert "Data demo" in text
        for figure in figures:
            assert figure in text, figure
        assert "wilayah=12.10" in page.url
        assert errors == []


# What a 1280 px wide screen (a common office laptop) cuts off: a card's figure ending in '…' ('Rp2,8 m…' read as
# million on Kesenjangan's simulator), or a table wider than its box (Kesenjangan's roster column)
CUT = """() => {
  const cut = (el) => el.scrollWidth > el.clientWidth + 1;
  const cards = [...document.querySelectorAll('[data-testid="stMetricValue"]')].filter((card) =>
    [card, ...card.querySelectorAll('*')].some(cut)).map((card) => card.textContent);
  const grids = [...document.querySelectorAll('[data-testid="stDataFrame"]')].filter((grid) => {
    const scroller = grid.querySelector('.dvn-scroller');
    return scroller && scroller.clientWidth > 0 && cut(scroller);
  }).map((grid) => [...grid.querySelectorAll('[role="columnheader"]')].map((h) => h.textContent).join(' | '));
  return {cards, grids};
}"""


@pytest.mark.parametrize("link", [
    "?wilayah=12.10&periode=2025-03", "klaim?wilayah=12.10&periode=2025-03&dari=2024-01&sampai=2025-03",
    "kesenjangan?wilayah=12.10&periode=2025-04", "target?wilayah=12.10&periode=2025-10"])
def test_at_1280_px_no_figure_or_table_is_cut_off(server, link):
    with browser_page() as page:
        page.set_viewport_size({"width": 1280, "height": 2600})
        page.goto(f"{server}/{link}")
        wait_until_idle(page)
        seen = [page.evaluate(CUT)]
        tabs = page.get_by_role("tab", name="Tabel")
        for i in range(tabs.count()):  # every chart's table, each in its tab
            tabs.nth(i).click()
            page.wait_for_timeout(500)  # the grid measures its columns once it is shown
            seen.append(page.evaluate(CUT))
        name = (link.split("?")[0] or "ringkasan")
        screenshot(page, f"{name}_12.10_1280_terpotong")
        assert page.locator('[data-testid="stMetricValue"]').count() > 0
        assert [s["cards"] for s in seen if s["cards"]] == [], seen
        # one table may scroll sideways: Klaim's month by benefit (nine columns), its totals first, in view
        wide = [grid for s in seen for grid in s["grids"]]
        assert all(grid.startswith("Bulan | Jumlah klaim | Jumlah (Rp) | ") for grid in wide), wide
