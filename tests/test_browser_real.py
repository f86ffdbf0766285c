"""The app on a real warehouse in Debian's chromium: the Banyumas extracts of tests/banyumas.py (loaded by the
command line), one `streamlit run` for the module.

Expected figures (derived in tests/banyumas.py): Banyumas at the end of March 2025 has 4 persons + 100 counted
for kecamatan Wangon + 7 counted for desa Parungkamal = 111 active of its own 1.000 workers, 11,10%; its 2025
target 35,5% of 1.000 = 355 people, so 355 - 111 = 244 short; claims C1 Rp1.500.000 + C2 Rp42.000.000 = Rp43,5
juta in January to March. Purbalingga (33.03) has nothing loaded. The upload at the end adds claim C3 of K5 (JHT,
Rp2.500.000 paid 31 March) next to C2 sent again unchanged, so Klaim then shows 3 claims, Rp46 juta, Rp15,3 juta
each on average (46.000.000 / 3 = 15.333.333); it writes to the warehouse, so it runs last.
"""
import re

import pytest
from banyumas import EXTRACTS, load_warehouse, write_csv
from browser import (browser_page, checked, log_in, open_page, require_chromium, screenshot, streamlit_server,
                     wait_until_idle)
from conftest import TEST_NIK_KEY, TEST_PASSWORD, make_account

APP = '[data-testid="stApp"]'
BANYUMAS = "wilayah=33.02&periode=2025-03"


@pytest.fixture(scope="module")
def server(real_template, tmp_path_factory):
    require_chromium()
    path = load_warehouse(real_template, tmp_path_factory.mktemp("banyumas_browser"))
    make_account(path, "admin", "admin")  # a real warehouse opens after login
    with pytest.MonkeyPatch.context() as env:
        env.setenv("UCJ_NIK_KEY", TEST_NIK_KEY)  # the server's loads need the warehouse's key
        with streamlit_server(path) as url:
            yield url


@pytest.fixture(scope="module")
def browser(server):
    with browser_page() as opened:
        log_in(opened, server, "admin", TEST_PASSWORD)  # the cookie keeps the session for the module's pages
        yield opened


@pytest.fixture()
def page(browser):
    with checked(browser) as opened:
        yield opened


def metrics(page) -> dict[str, str]:
    return dict(zip(page.locator('[data-testid="stMetricLabel"]').all_inner_texts(),
                    page.locator('[data-testid="stMetricValue"]').all_inner_texts()))


def test_ringkasan_of_banyumas_shows_its_figures_and_what_is_loaded(server, page):
    text = open_page(page, f"{server}/?{BANYUMAS}")
    screenshot(page, "banyumas_ringkasan")
    assert "Ringkasan Kabupaten Banyumas" in text and "Data demo" not in text
    assert metrics(page) == {"Cakupan UCJ": "11,10%", "Peserta aktif": "111", "Pekerja wajib terlindungi": "1.000",
                             "Kurang ke target (orang)": "244", "Klaim dibayar Jan–Mar 2025": "Rp43,5 juta",
                             "Peserta baru Maret 2025": "13"}
    assert "Dari 111 peserta aktif, 107 berasal dari rekap jumlah peserta (bukan data per orang)." in text
    assert "Pekerja wajib terlindungi: BPS Sakernas Agustus 2024, per 5 November 2024." in text
    assert ("Data dimuat untuk Kabupaten Banyumas: peserta per orang s.d. 31 Maret 2025 · rekap jumlah peserta s.d. "
            "31 Maret 2025 · klaim s.d. 10 Maret 2025 · pekerja wajib per 10 Januari 2025 · target UCJ 2025") in text


def test_a_kabupaten_with_nothing_loaded_says_so(server, page):
    text = open_page(page, f"{server}/?wilayah=33.03")
    screenshot(page, "purbalingga_ringkasan_kosong")
    assert "Ringkasan Kabupaten Purbalingga" in text
    assert page.locator('[data-testid="stAlertContentInfo"] [data-testid="stMarkdownContainer"]').inner_text() == (
        "Belum ada data yang dimuat untuk Kabupaten Purbalingga, jadi cakupannya belum diketahui (bukan 0%). Muat "
        "ekstraknya (peserta atau rekap jumlah peserta, pekerja wajib, klaim) di halaman Sinkronisasi data, atau "
        "dengan python -m ucj load JENIS BERKAS.")
    assert "Data dimuat untuk Kabupaten Purbalingga: belum ada" in text
    assert metrics(page) == {} and page.locator(".js-plotly-plot").count() == 0


def test_the_address_without_a_region_opens_banyumas(server, page):
    text = open_page(page, f"{server}/")
    # the only kabupaten/kota with data, rather than the first province of the list (Aceh)
    assert page.url == f"{server}/?{BANYUMAS}"
    assert "Ringkasan Kabupaten Banyumas" in text and metrics(page)["Peserta aktif"] == "111"


def test_a_claims_extract_chosen_checked_saved_and_seen_on_klaim(server, page, tmp_path):
    claims = write_csv(tmp_path / "klaim_maret.csv", [
        EXTRACTS["klaim"][0],
        EXTRACTS["klaim"][2],  # C2, stored already: unchanged
        ["C3", "K5", "JHT", "2025-03-31", "2025-03-31", "2500000"]])  # new
    open_page(page, f"{server}/sinkronisasi?{BANYUMAS}")
    page.get_by_label("Jenis ekstrak").click()
    page.get_by_role("option", name="Klaim dibayar").click()
    wait_until_idle(page)
    uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="Berkas ekstrak")
    with page.expect_file_chooser() as chooser:
        uploader.get_by_test_id("stBaseButton-secondary").click()  # its Upload button
    chooser.value.set_files(claims)
    page.get_by_text("Hasil uji coba klaim_maret.csv").wait_for(timeout=60_000)
    wait_until_idle(page)
    screenshot(page, "banyumas_sinkronisasi_uji_coba")
    assert metrics(page) == {"Baris dibaca": "2", "Baru": "1", "Diperbarui": "0", "Tidak berubah": "1",
                             "Ganda identik": "0", "Ditolak": "0"}
    assert ("Menyimpan akan menambah 1 baris dan memperbarui 0 baris; baris yang ditolak tidak disimpan (perbaiki di "
            "berkas lalu muat lagi).") in page.inner_text(APP)
    save = page.get_by_role("button", name="Simpan klaim ke gudang data")
    assert save.is_disabled()  # a name first

    page.get_by_label("Nama petugas yang memuat").fill("Petugas Cabang Purwokerto")
    page.get_by_label("Nama petugas yang memuat").press("Enter")
    wait_until_idle(page)
    save.click()
    saved = page.get_by_text(re.compile("^Tersimpan sebagai impor"))
    saved.wait_for(timeout=60_000)
    wait_until_idle(page)
    screenshot(page, "banyumas_sinkronisasi_tersimpan")
    assert saved.inner_text() == ("Tersimpan sebagai impor #6 (ekstrak klaim): 1 baris baru, 0 diperbarui, 1 tidak "
                                  "berubah, 0 ditolak. Semua halaman kini memakai angka yang baru.")
    assert page.get_by_text("Hasil uji coba").count() == 0  # the uploader is empty again

    text = open_page(page, f"{server}/klaim?{BANYUMAS}&dari=2025-01&sampai=2025-03")
    screenshot(page, "banyumas_klaim_setelah_unggah")
    assert metrics(page) == {"Klaim dibayar": "3", "Jumlah dibayar": "Rp46 juta", "Rata-rata per klaim": "Rp15,3 juta"}
    assert "klaim s.d. 31 Maret 2025" in text  # what is loaded follows the new claim (was 10 March)
