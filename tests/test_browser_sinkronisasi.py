"""End to end in chromium: an admin logs in to a real warehouse (the demo stores no list, issue 13), uploads a
messy guru list, reads the report, saves it, sees it in the history and in Kesenjangan, and never sees a NIK in
clear on screen."""
import datetime as dt
import re

import duckdb
from browser import browser_page, log_in, require_chromium, screenshot, streamlit_server, wait_until_idle
from conftest import TEST_NIK_KEY, TEST_PASSWORD, make_account
from messy_lists import GURU_EXPECTED, guru_list, real_warehouse, write_xlsx

from ucj import fmt

DATA_DATE = dt.date(2025, 4, 15)


def test_upload_check_save_and_see_the_gap_change(real_template, tmp_path, monkeypatch):
    require_chromium()
    monkeypatch.setenv("UCJ_NIK_KEY", TEST_NIK_KEY)  # the server started below reads real NIKs with it
    path = real_warehouse(real_template, tmp_path, guru_list(), DATA_DATE)
    make_account(path, "admin", "admin")
    write_xlsx(guru_list(), tmp_path / "daftar_guru.xlsx")
    con = duckdb.connect(str(path), read_only=True)
    uncovered_before = con.execute(
        "select coalesce(sum(belum_tercakup), 0) from mart_kelompok_wilayah_bulan where kode_wilayah = '12.10' "
        "and bulan = date '2025-04-01'").fetchall()[0][0]
    con.close()
    niks = {re.sub(r"\D", "", r.nik) for r in guru_list().rows if len(re.sub(r"\D", "", r.nik)) >= 15}

    with streamlit_server(path) as url, browser_page() as page:
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        log_in(page, url, "admin", TEST_PASSWORD)
        page.goto(f"{url}/sinkronisasi?wilayah=12.10&periode=2025-04")
        wait_until_idle(page)
        app = page.locator('[data-testid="stApp"]')
        assert "Sinkronisasi data" in app.inner_text() and "Data demo" not in app.inner_text()

        page.get_by_label("Jenis daftar").click()
        page.get_by_role("option", name="Guru honorer").click()
        wait_until_idle(page)
        # the date field is three spin buttons that move on by themselves once a part is typed
        page.get_by_role("spinbutton", name="hari, Tanggal data daftar").click()
        page.keyboard.type(DATA_DATE.strftime("%d%m%Y"))
        page.keyboard.press("Escape")  # close the calendar; leaving the field sends the date
        page.get_by_role("heading", name="Sinkronisasi data").click()
        wait_until_idle(page)
        # the list's uploader (a real warehouse also shows the extracts' uploader below it)
        page.get_by_role("region", name="Berkas daftar (.xlsx atau .csv)").get_by_test_id(
            "stFileUploaderDropzoneInput").set_input_files(str(tmp_path / "daftar_guru.xlsx"))
        page.get_by_text("Hasil pemeriksaan").wait_for(timeout=60_000)
        wait_until_idle(page)
        screenshot(page, "sinkronisasi_uji_coba")

        metrics = dict(zip(page.locator('[data-testid="stMetricLabel"]').all_inner_texts(),
                           page.locator('[data-testid="stMetricValue"]').all_inner_texts()))
        # the list's own regency (from the sidebar) narrows matching: 'Sidomulyo' is then one desa
        assert metrics == {"Baris dibaca": "35", "Tidak valid": str(GURU_EXPECTED["invalid"] - 1),
                           "Ganda di berkas": "2", "Sudah di daftar": "0", "Sudah peserta": "3",
                           "Baru": str(GURU_EXPECTED["new"] + 1)}
        text = app.inner_text()
        assert "bertanggal 15 April 2025" in text
        assert "Alasan tidak valid" in text and "Lembar" in text  # tables themselves are drawn on a canvas

        page.get_by_label("Nama petugas yang mengimpor").fill("Petugas Dinas Pendidikan")
        page.get_by_label("Nama petugas yang mengimpor").press("Enter")
        wait_until_idle(page)
        page.get_by_role("button", name=re.compile(r"Simpan 15 orang")).click()
        page.get_by_text("Tersimpan sebagai impor #2").wait_for(timeout=60_000)  # #1 loaded the participants
        wait_until_idle(page)
        screenshot(page, "sinkronisasi_disimpan")
        text = app.inner_text()
        assert "Petugas Dinas Pendidikan" in text  # the history
        # issue 15 point 5: the saved state, with what changed, and no dry run of the saved file any more
        assert ("15 orang ditambah ke daftar Guru honorer (Kabupaten Labuhanbatu), bertanggal 15 April 2025" in text
                and "0 diubah, 0 dihapus" in text)
        assert "Hasil pemeriksaan" not in text and "uji coba, belum disimpan" not in text
        for value in niks:
            assert value not in text

        page.goto(f"{url}/kesenjangan?wilayah=12.10&periode=2025-04")
        wait_until_idle(page)
        screenshot(page, "kesenjangan_setelah_impor")
        # the groups not yet covered grow by the list's 12 new people
        assert f"{fmt.number(uncovered_before + 12)} orang" in app.inner_text()
        assert not errors, errors

    con = duckdb.connect(str(path), read_only=True)
    try:
        assert con.execute("select count(*) from anggota_kelompok where impor_id = 2").fetchall()[0][0] == 15
    finally:
        con.close()
