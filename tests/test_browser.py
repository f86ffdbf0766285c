"""End to end in Debian's chromium: the app opens from a link and shows the published figures."""
import shutil

from browser import browser_page, require_chromium, screenshot, streamlit_server, wait_until_idle


def test_a_link_opens_labuhanbatu_march_2025_with_its_published_figures(demo_db, tmp_path):
    require_chromium()
    db = tmp_path / "ucj.duckdb"
    shutil.copy(demo_db, db)
    with streamlit_server(db) as url, browser_page() as page:
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{url}/?wilayah=12.10&periode=2025-03")
        wait_until_idle(page)
        text = page.inner_text('[data-testid="stApp"]')
        screenshot(page, "ringkasan_12.10_2025-03")
        assert page.locator('[data-testid="stException"]').count() == 0
        for figure in ("36,48%", "66.234", "181.567", "Data demo", "Ringkasan Kabupaten Labuhanbatu"):
            assert figure in text, figure
        assert "wilayah=12.10" in page.url and "periode=2025-03" in page.url
        assert errors == []
