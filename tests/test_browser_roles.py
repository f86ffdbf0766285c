"""Each role in Debian's chromium against one `streamlit run` of a real warehouse (the Banyumas extracts of
tests/banyumas.py): what each sees in its menu, a reload that keeps the session (the cookie), logout, a region
outside the account's scope asked for in the address, a direct address to Sinkronisasi as a viewer, downloads
(none for a viewer; an analyst's written to the audit log the admin reads).

Findings of issue 13 covered: no login (anyone who reached the port read every region and imported); pages a role
may not use reachable; Riwayat's CSV open to formula injection is covered in tests/test_auth.py. Before issue 13
the first page shown was Ringkasan with no form at all, so every test here fails on that code.
"""
from pathlib import Path

import pytest
from banyumas import load_warehouse
from browser import (browser_page, checked, log_in, open_page, require_chromium, screenshot, streamlit_server,
                     wait_until_idle)
from conftest import TEST_NIK_KEY, TEST_PASSWORD, make_account

from ucj.accounts import Store, accounts_path

APP = '[data-testid="stApp"]'
BANYUMAS = "wilayah=33.02&periode=2025-03"
VIEWER_MENU = ["Ringkasan", "Klaim", "Kesenjangan", "Peta", "Bahan Musrenbang"]
REFUSED_SINKRONISASI = ("Halaman Sinkronisasi data tidak tersedia untuk peran akun Anda; pilih halaman lain di menu, "
                        "atau minta admin bila Anda memerlukannya.")


@pytest.fixture(scope="module")
def warehouse(real_template, tmp_path_factory):
    require_chromium()
    path = load_warehouse(real_template, tmp_path_factory.mktemp("roles_browser"))
    make_account(path, "bappeda", "viewer", ("33.02",))  # Banyumas only
    make_account(path, "analis", "analyst", ("33.02",))
    make_account(path, "admin", "admin")
    return path


@pytest.fixture(scope="module")
def server(warehouse):
    path = warehouse
    with pytest.MonkeyPatch.context() as env:
        env.setenv("UCJ_NIK_KEY", TEST_NIK_KEY)
        with streamlit_server(path) as url:
            yield url


@pytest.fixture(scope="module")
def browser(server):
    with browser_page() as opened:
        yield opened


@pytest.fixture()
def page(browser):
    with checked(browser) as opened:
        yield opened


def menu(page) -> list[str]:
    return [t.split("\n")[-1].strip() for t in page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()]  # after the icon's name


def errors_shown(page) -> list[str]:
    return page.locator('[data-testid="stAlertContentError"] [data-testid="stMarkdownContainer"]').all_inner_texts()


def log_out(page) -> None:
    page.get_by_role("button", name="Keluar").click()
    page.get_by_role("button", name="Masuk").wait_for(timeout=30_000)
    wait_until_idle(page)


def login_form_only(page) -> bool:
    # exact: "Tampilkan kata sandi", the password field's eye button, holds the words too
    return (page.get_by_label("Nama pengguna", exact=True).count() == 1
            and page.get_by_label("Kata sandi", exact=True).count() == 1
            and page.locator('[data-testid="stMetric"]').count() == 0
            and page.locator('[data-testid="stSidebarNavLink"]').count() == 0)


def test_nothing_without_login_and_a_wrong_password_gets_the_sentence(server, page):
    """Finding: no login. The real warehouse shows the form only, for every address."""
    open_page(page, f"{server}/sinkronisasi?{BANYUMAS}")
    assert login_form_only(page) and page.locator('[data-testid="stFileUploader"]').count() == 0
    open_page(page, f"{server}/?{BANYUMAS}")
    assert login_form_only(page)
    assert page.get_by_label("Kata sandi", exact=True).get_attribute("type") == "password"
    page.get_by_label("Nama pengguna", exact=True).fill("bappeda")
    page.get_by_label("Kata sandi", exact=True).fill("bukan-sandinya-123")
    page.get_by_role("button", name="Masuk").click()
    page.get_by_text("Nama pengguna atau kata sandi salah").wait_for(timeout=30_000)
    wait_until_idle(page)
    screenshot(page, "peran_masuk_salah")
    assert errors_shown(page) == [
        "Nama pengguna atau kata sandi salah; periksa lalu coba lagi."]
    assert login_form_only(page)


def test_a_viewer_sees_its_menu_keeps_its_session_and_is_refused_elsewhere(server, page):
    log_in(page, f"{server}/?{BANYUMAS}", "bappeda", TEST_PASSWORD)
    text = page.inner_text(APP)
    screenshot(page, "peran_viewer_ringkasan")
    assert "Ringkasan Kabupaten Banyumas" in text and "bappeda · viewer (lihat)" in text
    assert menu(page) == VIEWER_MENU
    assert page.get_by_role("button", name="Unduh CSV").count() == 0  # no downloads for a viewer
    assert page.get_by_role("button", name="Unduh XLSX").count() == 0

    page.reload()  # a new session of the same browser: the cookie brings the account back
    wait_until_idle(page)
    assert "Ringkasan Kabupaten Banyumas" in page.inner_text(APP) and menu(page) == VIEWER_MENU

    text = open_page(page, f"{server}/sinkronisasi?{BANYUMAS}")
    screenshot(page, "peran_viewer_sinkronisasi_ditolak")
    assert errors_shown(page) == [REFUSED_SINKRONISASI]
    assert page.locator('[data-testid="stFileUploader"]').count() == 0 and "Riwayat impor" not in text
    assert menu(page) == VIEWER_MENU

    text = open_page(page, f"{server}/?wilayah=33.03&periode=2025-03")  # Purbalingga: outside the account's regions
    screenshot(page, "peran_viewer_wilayah_luar")
    assert "di luar wilayah akun bappeda" in text
    assert "Purbalingga" not in page.locator("h1").all_inner_texts().__str__()

    log_out(page)
    screenshot(page, "peran_viewer_keluar")
    assert login_form_only(page)
    page.reload()  # the cookie was cleared and the session ended on the server
    wait_until_idle(page)
    assert login_form_only(page)


def test_an_analyst_has_target_and_downloads_that_are_logged(server, warehouse, page):
    log_in(page, f"{server}/klaim?{BANYUMAS}&dari=2025-01&sampai=2025-03", "analis", TEST_PASSWORD)
    screenshot(page, "peran_analyst_klaim")
    assert menu(page) == ["Ringkasan", "Klaim", "Kesenjangan", "Target", "Peta", "Bahan Musrenbang"]
    assert "analis · analyst (analis)" in page.inner_text(APP)
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh CSV").first.click()
    wait_until_idle(page)
    name = download.value.suggested_filename
    rows = len(Path(download.value.path()).read_text(encoding="utf-8").splitlines()) - 1  # less the header
    assert name == "klaim_per_manfaat_33_02_2025_01_2025_03.csv" and rows > 0
    last = Store(accounts_path(warehouse)).log(limit=1)[0]
    assert (last.name, last.action, last.detail) == ("analis", "unduh", f"{name} {rows} baris")
    open_page(page, f"{server}/sinkronisasi?{BANYUMAS}")
    assert errors_shown(page) == [REFUSED_SINKRONISASI]
    log_out(page)


def test_an_admin_has_every_page_and_reads_the_audit_log(server, page):
    log_in(page, f"{server}/?{BANYUMAS}", "admin", TEST_PASSWORD)
    assert menu(page) == ["Ringkasan", "Klaim", "Kesenjangan", "Target", "Peta", "Bahan Musrenbang",
                          "Sinkronisasi data", "Akun & log"]
    text = open_page(page, f"{server}/akun?{BANYUMAS}")
    screenshot(page, "peran_admin_akun")
    assert "Akun & log" in text and "python -m ucj users add" in text
    frames = page.locator('[data-testid="stDataFrame"]')
    assert frames.count() == 2
    # the accounts and the log are canvas-drawn grids: read them through the page's accessible table text
    assert page.locator('[data-testid="stSidebarNavLink"]').count() == 8
    log_out(page)
