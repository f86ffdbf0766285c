"""End to end in chromium: the Bahan Musrenbang page previews the figures and its PDF button downloads a
document with them."""

from browser import browser_page, require_chromium, screenshot, streamlit_server, wait_until_idle
from pypdf import PdfReader


def test_download_the_briefing_pdf_from_the_page(demo_copy, tmp_path):
    """Issue 15 point 7: a date typed into the claim range and, straight after, a click gives a document of that
    range or none, never one of the dates before. The date field sends its value when left (or on Escape) and the page
    runs again for it; a download button clicked meanwhile is the one drawn for the old dates (before the fix: the old
    range's document). The documents are now made from a click on 'Siapkan dokumen', whose run holds every field's
    value, and a button of old dates clicked in that moment makes nothing. The file's name says the claim range."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    require_chromium()
    path = demo_copy
    with streamlit_server(path) as url, browser_page() as page:
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{url}/briefing?wilayah=12.10&periode=2025-03")
        wait_until_idle(page)
        assert page.get_by_role("button", name="Bahan Musrenbang (PDF)").count() == 0  # nothing made yet
        # claims from 1 January 2024, typed into the date field's three parts, then straight to the button
        page.get_by_role("spinbutton", name="hari, Klaim dibayar dari").click()
        page.keyboard.type("01012024")
        page.keyboard.press("Escape")  # closes the calendar and sends the date
        page.get_by_role("button", name="Siapkan dokumen").click()
        page.get_by_role("button", name="Bahan Musrenbang (PDF)").wait_for(timeout=60_000)
        wait_until_idle(page)
        text = page.locator('[data-testid="stApp"]').inner_text()
        for figure in ("36,48%", "66.234", "181.567", "Rp105,2 miliar", "Data demo", "1 Januari 2024 – 31 Maret 2025"):
            assert figure in text, figure
        assert "Dokumen siap: klaim dibayar 1 Januari 2024 – 31 Maret 2025" in text
        screenshot(page, "bahan_musrenbang_12.10")
        # at 1280 px every column of the preview's tables is in view: a grid wider than its box scrolls sideways,
        # and its last column ('Daftar', the roster's whole line) was cut off. The cell now holds the roster's date,
        # its whole line stands under the table
        page.set_viewport_size({"width": 1280, "height": 2600})
        wait_until_idle(page)
        page.wait_for_timeout(500)  # the grid measures its columns again for the narrower page
        grids = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stDataFrame"]')].map(grid => {
            const scroller = grid.querySelector('.dvn-scroller');
            return {columns: [...grid.querySelectorAll('[role="columnheader"]')].map(h => h.textContent),
                    content: scroller.scrollWidth, shown: scroller.clientWidth};
        })""")
        assert grids and all(g["content"] <= g["shown"] for g in grids), grids
        assert any("Tanggal daftar" in g["columns"] for g in grids), grids
        screenshot(page, "bahan_musrenbang_12.10_1280")
        page.set_viewport_size({"width": 1400, "height": 2600})
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name="Bahan Musrenbang (PDF)").click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.name == "bahan_musrenbang_12.10_2025-03_klaim_2024-01_2025-03.pdf"
        pdf_text = PdfReader(saved).pages[0].extract_text()
        # Rp105,2 miliar and its 5.002 JHT claims are January 2024 to March 2025's: this year's alone are fewer
        for figure in ("36,48%", "66.234", "181.567", "Rp105,2 miliar", "JHT 5.002", "Data demo",
                       "Klaim: dibayar 1 Januari 2024 sampai 31 Maret 2025"):
            assert figure in pdf_text, figure

        # another date, typed, and straight to the PDF button drawn for the dates before (its run is still going):
        # no document of the old range comes, and the page asks for the documents to be prepared again
        downloads = []
        page.on("download", lambda download: downloads.append(download))
        page.get_by_role("spinbutton", name="hari, Klaim dibayar dari").click()
        page.keyboard.type("01022025")
        page.keyboard.press("Escape")  # sends the date: the page's run for it starts
        try:
            page.get_by_role("button", name="Bahan Musrenbang (PDF)").click(timeout=3_000)
        except PlaywrightTimeout:
            pass  # the run had already taken the button away: no old document either
        page.get_by_text("Tanggal klaim atau skenario berubah sejak dokumen disiapkan").wait_for(timeout=60_000)
        wait_until_idle(page)
        page.wait_for_timeout(3_000)  # room for a download that should not come
        assert [d.suggested_filename for d in downloads] == []
        screenshot(page, "bahan_musrenbang_12.10_berubah")

        # the same date, prepared again: the document follows
        page.get_by_role("button", name="Siapkan dokumen").click()
        page.get_by_text("Dokumen siap: klaim dibayar 1 Februari 2025 – 31 Maret 2025").wait_for(timeout=60_000)
        wait_until_idle(page)
        screenshot(page, "bahan_musrenbang_12.10_februari")
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name="Bahan Musrenbang (PowerPoint)").click()
        assert download.value.suggested_filename == "bahan_musrenbang_12.10_2025-03_klaim_2025-02_2025-03.pptx"
        assert not errors, errors


def test_ringkasan_makes_the_pdf_on_click_and_logs_it(demo_copy, tmp_path):
    """Ringkasan's PDF button makes the briefing only when clicked (issue 14): the file comes with the published
    figures, and the click is in the audit log as the demo's 'dokumen'."""
    import time

    from ucj.accounts import Store, accounts_path

    require_chromium()
    with streamlit_server(demo_copy) as url, browser_page() as page:
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{url}/?wilayah=12.10&periode=2025-03")
        wait_until_idle(page)
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name="Bahan Musrenbang (PDF)").click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.name == "bahan_musrenbang_12.10_2025-03_klaim_2025-01_2025-03.pdf"  # Ringkasan: this year's claims
        pdf_text = PdfReader(saved).pages[0].extract_text()
        for figure in ("36,48%", "66.234", "181.567", "Data demo"):
            assert figure in pdf_text, figure
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # the callback runs in the rerun the click starts
            entries = [(e.name, e.action, e.detail) for e in Store(accounts_path(demo_copy)).log(limit=5)]
            if ("demo", "dokumen", saved.name) in entries:
                break
            time.sleep(0.5)
        assert ("demo", "dokumen", saved.name) in entries
        assert not errors, errors
