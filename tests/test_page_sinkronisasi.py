"""AppTest of the Sinkronisasi Data page: upload, report, column correction, commit, history, and the
Kesenjangan figures that come from the imported list."""
import datetime as dt
import io
from pathlib import Path

import duckdb
import pytest
from conftest import open_app
from messy_lists import GURU_EXPECTED, add_participants, guru_list, write_xlsx

from ucj import fmt

DATA_DATE = dt.date(2025, 4, 15)


def open_sinkronisasi(demo_copy, monkeypatch, **params) -> tuple[object, Path]:
    """The page (an AppTest) on the test's copy of the demo warehouse, opened with these address parameters."""
    return open_app(monkeypatch, demo_copy, "sinkronisasi", **params), demo_copy


@pytest.fixture()
def page(demo_copy, monkeypatch):
    """The page with the messy guru list uploaded, its participants enrolled in the warehouse."""
    at, path = open_sinkronisasi(demo_copy, monkeypatch, wilayah="12.10", periode="2025-04")
    add_participants(path, guru_list(), DATA_DATE)
    buffer = io.BytesIO()
    write_xlsx(guru_list(), buffer)
    at.selectbox(key="impor_jenis").set_value("guru_honorer")
    at.selectbox(key="impor_wilayah").set_value("")
    at.date_input(key="impor_tanggal").set_value(DATA_DATE)
    at.file_uploader(key="impor_berkas").upload("guru.xlsx", buffer.getvalue()).run()
    assert not at.exception, at.exception
    return at, path


def cards(at):
    return {m.label: m.value for m in at.metric}


def test_opens_labelled_demo_and_explains_itself(demo_copy, monkeypatch):
    at, _ = open_sinkronisasi(demo_copy, monkeypatch, wilayah="12.10.02")
    assert at.title[0].value == "Sinkronisasi data"
    assert any("Data demo" in c.value for c in at.caption)
    assert any("unggah berkas" in i.value for i in at.info)
    assert at.selectbox(key="impor_wilayah").value == "12.10"  # the regency of the sidebar's kecamatan
    assert any("Belum ada impor" in i.value for i in at.info)


def test_report_matches_the_expected_counts(page):
    at, _ = page
    assert cards(at) == {
        "Baris dibaca": "35", "Tidak valid": fmt.number(GURU_EXPECTED["invalid"]),
        "Ganda di berkas": "2", "Sudah di daftar": "0", "Sudah peserta": "3", "Baru": fmt.number(GURU_EXPECTED["new"])}
    sheet = [s for s in at.selectbox if s.label == "Lembar"][0]
    assert sheet.value == "Data Guru"
    reasons = at.dataframe[0].value
    assert dict(zip(reasons["Kode"], reasons["Baris"])) == GURU_EXPECTED["reasons"]
    rows = at.dataframe[2].value
    assert len(rows) == 35 and not rows["NIK"].str.fullmatch(r"\d{15,17}").any()
    assert "1210********0101" in set(rows["NIK"])
    # saving needs a name for the log
    assert at.button(key="impor_simpan").disabled


def test_correcting_a_column_changes_the_report(page):
    at, _ = page
    desa = [s for s in at.selectbox if s.label == "Desa/Kelurahan"][0]
    assert desa.value == "Desa/Kelurahan"
    desa.set_value("(tidak ada)").run()
    reasons = at.dataframe[0].value
    assert dict(zip(reasons["Kode"], reasons["Baris"]))["desa_kosong"] == 35  # the desa is checked on every row, whatever the NIK
    assert cards(at)["Baru"] == "0"


def test_commit_then_history_and_kesenjangan(page):
    at, path = page
    at.text_input(key="impor_oleh").input("Petugas Dinas").run()
    assert at.button(key="impor_simpan").label == f"Simpan {GURU_EXPECTED['to_load']} orang ke gudang data"
    at.button(key="impor_simpan").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Disimpan sebagai impor #1: 14 orang masuk daftar Guru honorer")
    history = at.dataframe[-1].value
    assert list(history["Oleh"]) == ["Petugas Dinas"] and list(history["Baru"]) == [11]
    # the page now says the same file would change nothing
    assert any("sudah diimpor sebagai impor #1" in i.value for i in at.info)
    con = duckdb.connect(str(path), read_only=False)  # same process and settings as the app's connection
    try:
        stored = con.execute("select count(*) from anggota_kelompok where impor_id = 1").fetchall()[0][0]
    finally:
        con.close()
    assert stored == 14
    at.switch_page("app_pages/kesenjangan.py").run()
    groups = at.dataframe[0].value
    guru = groups[groups["Kelompok"] == "Guru honorer"].iloc[0]
    assert (guru["Dalam daftar"], guru["Belum terlindungi"]) == (4_412 + 14, 3_000 + 11)


def test_an_unrecognised_nik_header_can_be_pointed_at(demo_copy, monkeypatch):
    at, _ = open_sinkronisasi(demo_copy, monkeypatch, wilayah="12.10")
    content = "Nomor Identitas;Nama;Desa\n1210011205850901;Satu;Sei Kasih\n1210011205850902;Dua;Sei Kasih\n"
    at.file_uploader(key="impor_berkas").upload("daftar.csv", content.encode()).run()
    assert not at.exception and not at.error
    assert any("Kolom NIK belum dikenali" in w.value for w in at.warning)
    nik = [s for s in at.selectbox if s.label == "NIK"][0]
    nik.set_value("Nomor Identitas").run()
    assert cards(at)["Baru"] == "2"
