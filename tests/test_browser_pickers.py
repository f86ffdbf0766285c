"""The region finder in Debian's chromium against `streamlit run` on the demo warehouse: a person types part of a
desa's name in "Cari wilayah", clicks the result and lands on the desa's page, the selectors following; and
Indonesia chosen above the provinces (issue 14)."""
import pytest
from browser import browser_page, checked, open_page, require_chromium, screenshot, streamlit_server, wait_until_idle

SEI_BEROMBANG = "12.10.19.1001"


@pytest.fixture(scope="module")
def server(copy_demo):
    require_chromium()
    with streamlit_server(copy_demo()) as url:
        yield url


@pytest.fixture()
def page(server):
    with browser_page() as opened, checked(opened) as checked_page:
        yield checked_page


def selected(page, label: str) -> str | None:
    """The option a sidebar selectbox shows (its combobox's text), None when there is no such selectbox."""
    box = page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name=label, exact=True)
    return box.input_value() if box.count() else None


REGION_LABELS = ("Provinsi", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan")


def test_typing_part_of_a_desas_name_finds_it_and_opens_its_page(server, page):
    open_page(page, f"{server}/?wilayah=12.09&periode=2025-03")
    assert page.get_by_role("heading", name="Ringkasan Kabupaten Asahan").count() == 1
    page.get_by_role("searchbox", name="Cari wilayah").fill("berombang")
    result = page.get_by_role("button", name="Sei Berombang — Kec. Panai Hilir, Kab. Labuhanbatu")
    result.wait_for(timeout=30_000)  # typing commits after a pause and reruns the finder only
    assert page.locator('[data-testid="stSidebar"] button[data-testid^="stBaseButton-tertiary"]').count() == 1
    screenshot(page, "cari_wilayah_hasil")
    result.click()
    page.wait_for_url(f"**/?wilayah={SEI_BEROMBANG}&periode=2025-03", timeout=30_000)
    wait_until_idle(page)
    screenshot(page, "cari_wilayah_sei_berombang")
    assert page.get_by_role("heading", name="Ringkasan Sei Berombang").count() == 1
    assert [selected(page, label) for label in REGION_LABELS] == [
        "Sumatera Utara (12)", "Kabupaten Labuhanbatu (12.10)", "Panai Hilir (12.10.19)",
        f"Sei Berombang ({SEI_BEROMBANG})"]
    assert page.get_by_role("searchbox", name="Cari wilayah").input_value() == ""


def test_indonesia_above_the_provinces_opens_the_national_view(server, page):
    open_page(page, f"{server}/?wilayah=12.10&periode=2025-03")
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="Provinsi").click()
    options = page.get_by_role("option").all_inner_texts()
    assert options == ["Indonesia", "Sumatera Utara (12)"]
    page.get_by_role("option", name="Indonesia").click()
    page.wait_for_url("**/?wilayah=ID&periode=2025-03", timeout=30_000)
    wait_until_idle(page)
    screenshot(page, "indonesia_ringkasan")
    assert page.get_by_role("heading", name="Ringkasan Indonesia").count() == 1
    assert [selected(page, label) for label in REGION_LABELS] == ["Indonesia", None, None, None]
