"""Target in Debian's chromium at 1280 pixels, the width of an office's laptop (issue 15): every column of every
table is in view without scrolling sideways, the office chosen from the picker lands in the address."""
import pytest
from browser import browser_page, checked, open_page, require_chromium, screenshot, streamlit_server, wait_until_idle

# per table in view: the grid's scrollable width and its visible width (glide-data-grid draws on a canvas; its
# scroller is there, wider than the box, when a column lies off-screen)
WIDTHS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
    .filter(frame => frame.offsetParent !== null)
    .map(frame => { const s = frame.querySelector('.dvn-scroller');
                    return s ? [s.scrollWidth, s.clientWidth] : [0, 0]; })"""


@pytest.fixture(scope="module")
def server(copy_demo):
    require_chromium()
    with streamlit_server(copy_demo()) as url:
        yield url


def cut_tables(page) -> list[list[int]]:
    """The tables in view whose columns do not all fit, after showing the table of every chart."""
    tabs = page.get_by_role("tab", name="Tabel")
    for i in range(tabs.count()):
        tabs.nth(i).click()
        page.wait_for_timeout(500)
    widths = page.evaluate(WIDTHS)
    assert widths, "no table in view"
    return [w for w in widths if w[0] > w[1] + 1]


@pytest.mark.parametrize("link, name", [("target?wilayah=12&periode=2025-10", "target_12_semua_1280"),
                                        ("target?wilayah=12.10&periode=2025-03", "target_12.10_1280")])
def test_every_column_of_target_fits_at_1280_pixels(server, link, name):
    with browser_page() as page, checked(page):
        page.set_viewport_size({"width": 1280, "height": 3600})
        open_page(page, f"{server}/{link}")
        screenshot(page, name)
        cut = cut_tables(page)
        screenshot(page, name + "_tabel")
        assert cut == []


def test_an_office_chosen_on_target_is_in_the_address(server):
    with browser_page() as page, checked(page):
        page.set_viewport_size({"width": 1280, "height": 3600})
        open_page(page, f"{server}/target?wilayah=12&periode=2025-10")
        picker = page.get_by_role("combobox", name="Kantor cabang")
        assert picker.input_value() == "Semua kantor"
        picker.click()
        page.get_by_role("option", name="Kantor Cabang Rantau Prapat").click()
        wait_until_idle(page)
        assert "kantor=KC-RANTAUPRAPAT" in page.url
        text = page.inner_text('[data-testid="stApp"]')
        screenshot(page, "target_12_rantau_prapat_1280")
        assert "Kabupaten Labuhanbatu" in text and "Proyeksi Desember" in text
