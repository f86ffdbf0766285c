"""The app on a real warehouse (national reference, `python -m ucj init`) holding small extracts for Kabupaten
Banyumas (33.02), March 2025, loaded through `python -m ucj load`: exact figures outside the demo, the sentence
for a region with nothing loaded at every level, what is loaded under every page's header, and an extract
checked and saved on Sinkronisasi data.

The extracts and how the figures follow from them are in tests/banyumas.py (the command-line and browser tests
use the same ones): Banyumas has 4 + 100 + 7 = 111 active of 1.000 (11,10%), 107 of them from counts; Lumbir
33.02.01 has 4 + 7 = 11 active over Cirahab's 50 (22,00%); Canduk has 1 active and no denominator of its own.
"""
import csv
import glob
import io
import re
import shutil

import pytest
from banyumas import EXTRACTS, load_warehouse, write_csv
from conftest import TEST_NIK_KEY, open_app, run_cli

MARCH = {"periode": "2025-03"}
PAGES = ["ringkasan", "klaim", "kesenjangan", "target", "peta", "briefing"]
LOAD_HOW = ("Muat ekstraknya (peserta atau rekap jumlah peserta, pekerja wajib, klaim) di halaman Sinkronisasi data, "
            "atau dengan `python -m ucj load JENIS BERKAS`.")


@pytest.fixture(scope="module")
def banyumas_template(real_template, tmp_path_factory):
    """The empty real warehouse with the Banyumas extracts loaded through the command line, once for this module."""
    return load_warehouse(real_template, tmp_path_factory.mktemp("banyumas"))


@pytest.fixture()
def banyumas(banyumas_template, tmp_path, monkeypatch):
    """A copy of it for this test (the app holds its file open read-write), with the tests' NIK key set."""
    monkeypatch.setenv("UCJ_NIK_KEY", TEST_NIK_KEY)
    path = tmp_path / "ucj.duckdb"
    shutil.copy(banyumas_template, path)
    return path


@pytest.fixture()
def open_page(banyumas, monkeypatch):
    def opener(page: str = "ringkasan", **params):
        return open_app(monkeypatch, banyumas, page, login="admin", **params)  # a real warehouse opens after login
    return opener


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def loaded_line(at) -> str:
    return next(e.label for e in at.expander if e.label.startswith("Data dimuat untuk"))


# ---------------------------------------------------------------------------------------------------------
# A region with data: exact figures


def test_the_default_region_is_the_one_with_data(open_page):
    at = open_page()
    assert at.title[0].value == "Ringkasan Kabupaten Banyumas"
    assert at.session_state["pilih_provinsi"] == "33" and at.session_state["pilih_kabupaten_kota"] == "33.02"
    assert at.selectbox(key="pilih_periode").value == "2025-03"


def test_ringkasan_of_banyumas(open_page):
    at = open_page("ringkasan", wilayah="33.02", **MARCH)
    assert metrics(at) == {"Cakupan UCJ": "11,10%", "Peserta aktif": "111", "Pekerja wajib terlindungi": "1.000",
                           "Kurang ke target (orang)": "244", "Klaim dibayar Jan–Mar 2025": "Rp43,5 juta",
                           "Peserta baru Maret 2025": "13"}
    shown = captions(at)
    assert "Pekerja wajib terlindungi: BPS Sakernas Agustus 2024, per 5 November 2024." in shown
    assert "Dari 111 peserta aktif, 107 berasal dari rekap jumlah peserta (bukan data per orang)." in shown
    assert ("100 peserta aktif direkap untuk kecamatan secara keseluruhan, tidak per desa, sehingga tidak tampak di "
            "angka desa.") in shown
    assert ("Pekerja wajib terlindungi Kabupaten Banyumas hanya ada untuk seluruh kabupaten/kota (1.000 orang) dan tidak "
            "dibagi ke kecamatan dan desa: kecamatan dan desa tanpa angka sendiri tidak punya cakupan UCJ.") in shown
    assert not any("Data demo" in c for c in shown)
    below = next(d.value for d in at.dataframe if "Cakupan UCJ (%)" in d.value.columns)
    lumbir = below[below["Kode"] == "33.02.01"].iloc[0]
    assert (lumbir["Peserta aktif"], lumbir["Pekerja wajib"], lumbir["Cakupan UCJ (%)"]) == (11, 50, 22.0)


def test_what_is_loaded_is_under_the_header(open_page):
    at = open_page("ringkasan", wilayah="33.02.01.2002", **MARCH)
    line = loaded_line(at)
    # the area of a desa is its kabupaten/kota; persons' last day is their latest end of cover (today while active)
    assert re.fullmatch(r"Data dimuat untuk Kabupaten Banyumas: peserta per orang s\.d\. .+ · rekap jumlah peserta s\.d\. "
                        r"31 Maret 2025 · klaim s\.d\. 10 Maret 2025 · pekerja wajib per 10 Januari 2025 · target UCJ 2025",
                        line), line
    details = at.dataframe[0].value
    assert list(details["Jenis"]) == ["peserta per orang", "rekap jumlah peserta", "klaim", "pekerja wajib", "target UCJ"]
    assert list(details["Baris"]) == [5, 2, 2, 2, 1]
    assert list(details["Dari"][1:]) == ["1 Maret 2025", "20 Februari 2025", "1 Januari 2025", "1 Januari 2025"]
    assert list(details["Sumber"][1:]) == ["rekap.csv", "–", "BPS Sakernas Agustus 2024; Pendataan desa",
                                           "RPJMD 2025-2029"]


def test_a_kecamatan_with_desa_denominators_only_in_part(open_page):
    at = open_page("ringkasan", wilayah="33.02.01", **MARCH)
    assert at.title[0].value == "Ringkasan Lumbir"
    shown = metrics(at)
    assert (shown["Cakupan UCJ"], shown["Peserta aktif"], shown["Pekerja wajib terlindungi"]) == ("22,00%", "11", "50")
    assert ("Pekerja wajib terlindungi Kabupaten Banyumas hanya ada untuk seluruh kabupaten/kota (1.000 orang) dan tidak "
            "dibagi ke kecamatan dan desa; pekerja wajib Lumbir di sini hanya dari desa yang punya angka sendiri."
            ) in captions(at)


def test_a_desa_without_a_denominator_shows_no_ucj_and_says_why(open_page):
    at = open_page("ringkasan", wilayah="33.02.01.2002", **MARCH)
    shown = metrics(at)
    # K4's cover ended on 30 March; K5 registered on the 31st counts
    assert (shown["Cakupan UCJ"], shown["Peserta aktif"], shown["Pekerja wajib terlindungi"]) == ("–", "1", "–")
    assert ("Pekerja wajib terlindungi Kabupaten Banyumas hanya ada untuk seluruh kabupaten/kota (1.000 orang) dan tidak "
            "dibagi ke kecamatan dan desa, jadi cakupan UCJ Canduk tidak dihitung.") in captions(at)


def test_a_province_says_how_many_of_its_kabupaten_have_no_data(open_page):
    at = open_page("ringkasan", wilayah="33", **MARCH)
    assert metrics(at)["Peserta aktif"] == "111" and metrics(at)["Cakupan UCJ"] == "11,10%"
    assert "34 dari 35 kabupaten/kota belum punya data; angka provinsi hanya mencakup yang sudah ada." in captions(at)


def test_klaim_kesenjangan_peta_target_and_briefing_of_banyumas(open_page):
    at = open_page("klaim", wilayah="33.02", dari="2025-01", sampai="2025-03", **MARCH)
    assert metrics(at) == {"Klaim dibayar": "2", "Jumlah dibayar": "Rp43,5 juta", "Rata-rata per klaim": "Rp21,8 juta"}
    at.switch_page("app_pages/kesenjangan.py").run()
    assert not at.exception
    assert metrics(at)["Cakupan UCJ sekarang"] == "11,10%" and metrics(at)["Sisa ke target"] == "244 orang"
    at.switch_page("app_pages/peta.py").run()
    assert not at.exception
    figures = next(d.value for d in at.dataframe if "Cakupan UCJ (%)" in d.value.columns)
    wangon = figures[figures["Kode"] == "33.02.02"].iloc[0]
    assert wangon["Peserta aktif"] == 100 and wangon["Pekerja wajib"] != wangon["Pekerja wajib"]  # NaN: none of its own
    at.switch_page("app_pages/target.py").run()
    assert not at.exception
    at.switch_page("app_pages/briefing.py").run()
    assert not at.exception
    shown = metrics(at)
    assert (shown["Cakupan UCJ"], shown["Peserta aktif"], shown["Pekerja wajib terlindungi"]) == ("11,10%", "111", "1.000")


# ---------------------------------------------------------------------------------------------------------
# A region with nothing loaded: one sentence, no zeros


@pytest.mark.parametrize("page", PAGES)
def test_a_kabupaten_without_data_says_so_on_every_page(open_page, page):
    at = open_page(page, wilayah="33.03", **MARCH)
    assert [i.value for i in at.info] == [
        "Belum ada data yang dimuat untuk Kabupaten Purbalingga, jadi cakupannya belum diketahui (bukan 0%). " + LOAD_HOW]
    assert not at.metric and not at.get("plotly_chart")
    assert loaded_line(at) == "Data dimuat untuk Kabupaten Purbalingga: belum ada"


@pytest.mark.parametrize("region, sentence", [
    ("33.03.01", ("Belum ada data yang dimuat untuk Kabupaten Purbalingga, tempat Kemangkon berada, jadi cakupan "
                  "Kemangkon belum diketahui (bukan 0%). ")),
    ("33.03.01.2001", ("Belum ada data yang dimuat untuk Kabupaten Purbalingga, tempat Kedungbenda berada, jadi "
                       "cakupan Kedungbenda belum diketahui (bukan 0%). ")),
    ("11", "Belum ada data yang dimuat untuk Aceh, jadi cakupannya belum diketahui (bukan 0%). "),
])
def test_a_kecamatan_desa_or_province_without_data_says_so(open_page, region, sentence):
    for page in ("ringkasan", "peta"):
        at = open_page(page, wilayah=region, **MARCH)
        assert [i.value for i in at.info] == [sentence + LOAD_HOW]
        assert not at.metric


def test_sinkronisasi_opens_on_a_region_without_data(open_page):
    at = open_page("sinkronisasi", wilayah="33.03", **MARCH)
    assert at.title[0].value == "Sinkronisasi data"
    assert at.selectbox(key="ekstrak_jenis").value == "peserta"


# ---------------------------------------------------------------------------------------------------------
# Loading an extract on Sinkronisasi data


def leftover_files() -> list[str]:
    """Temporary files an upload makes: the uploaded CSV or Parquet for DuckDB, the UTF-8 copy of a Windows-1252 CSV
    (both in the private folder since issue 13)."""
    from ucj.ingest.extracts import private_folder

    return glob.glob(f"{private_folder()}/ucj-salinan-*")


def test_a_claims_extract_checked_then_saved_and_seen_on_klaim(open_page):
    before = set(leftover_files())
    at = open_page("sinkronisasi", wilayah="33.02", **MARCH)
    at.selectbox(key="ekstrak_jenis").set_value("klaim").run()
    rows = [EXTRACTS["klaim"][0],
            ["C2", "K2", "JKM", "2025-03-01", "2025-03-10", "42000000"],  # stored already, the same
            ["C3", "K5", "JHT", "2025-03-31", "2025-03-31", "2500000"],  # new
            ["C3", "K5", "JHT", "2025-03-31", "2025-03-31", "2500000"],  # the same row again
            ["C4", "K9", "JHT", "2025-03-01", "2025-03-05", "100"]]  # a participant never loaded
    content = io.StringIO()
    csv.writer(content).writerows(rows)
    at.file_uploader(key="ekstrak_berkas_0").upload("klaim_maret.csv", content.getvalue().encode()).run()
    assert not at.exception and not at.error
    assert metrics(at) == {"Baris dibaca": "4", "Baru": "1", "Diperbarui": "0", "Tidak berubah": "1",
                           "Ganda identik": "1", "Ditolak": "1"}
    reasons = next(d.value for d in at.dataframe if "Alasan ditolak" in d.value.columns)
    assert reasons.to_dict("list") == {
        "Alasan ditolak": ["KPJ belum ada di peserta yang dimuat; muat ekstrak peserta lebih dulu"], "Baris": [1]}
    assert "Baris ditolak (baris 1 = judul kolom): 5." in captions(at)
    assert set(leftover_files()) == before  # the upload's temporary file is gone after the dry run
    assert at.button(key="ekstrak_simpan").disabled  # a name first

    at.text_input(key="ekstrak_oleh").input("Petugas Cabang").run()
    at.button(key="ekstrak_simpan").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        ("Tersimpan sebagai impor #6 (ekstrak klaim): 1 baris baru, 0 diperbarui, 1 tidak berubah, 1 ditolak. Semua "
         "halaman kini memakai angka yang baru.")]
    assert at.file_uploader(key="ekstrak_berkas_1").value is None  # the uploader is empty again
    at.run()  # issue 15 point 5: what was saved stays on the page after another click, until another file comes
    assert [s.value for s in at.success] == [
        ("Tersimpan sebagai impor #6 (ekstrak klaim): 1 baris baru, 0 diperbarui, 1 tidak berubah, 1 ditolak. Semua "
         "halaman kini memakai angka yang baru.")]
    history = at.dataframe[-1].value
    assert list(history["Impor"][:2]) == [6, 5]
    assert (history["Oleh"][0], history["Jenis daftar"][0], history["Berkas"][0]) == (
        "Petugas Cabang", "Klaim dibayar", "klaim_maret.csv")
    assert (history["Baris"][0], history["Tidak valid"][0], history["Baru"][0]) == (4, 1, 1)
    assert set(leftover_files()) == before

    at.switch_page("app_pages/klaim.py").run()
    assert metrics(at)["Klaim dibayar"] == "3" and metrics(at)["Jumlah dibayar"] == "Rp46 juta"


def test_a_windows_1252_csv_is_read_and_leaves_no_file_behind(open_page):
    before = set(leftover_files())
    at = open_page("sinkronisasi", wilayah="33.02", **MARCH)
    at.selectbox(key="ekstrak_jenis").set_value("pekerja").run()
    content = ("kode_wilayah;berlaku_mulai;jumlah_pekerja;sumber;tanggal_sumber\r\n"
               "33.02;2025-01-01;1.000;BPS Sakernas Agustus 2024 – revisi;2024-11-05\r\n")
    at.file_uploader(key="ekstrak_berkas_0").upload("pekerja.csv", content.encode("cp1252")).run()
    assert not at.exception and not at.error
    assert metrics(at) == {"Baris dibaca": "1", "Baru": "0", "Diperbarui": "1", "Tidak berubah": "0",
                           "Ganda identik": "0", "Ditolak": "0"}
    assert set(leftover_files()) == before


def test_a_target_workbook_updates_a_row_and_the_gap_follows(open_page):
    from openpyxl import Workbook

    at = open_page("sinkronisasi", wilayah="33.02", **MARCH)
    at.selectbox(key="ekstrak_jenis").set_value("target").run()
    book = Workbook()
    book.active.append(["Kode Wilayah", "Tahun", "Target", "Sumber"])
    book.active.append(["33.02", 2025, 40, "RPJMD 2025-2029 (perubahan)"])
    data = io.BytesIO()
    book.save(data)
    at.file_uploader(key="ekstrak_berkas_0").upload("target.xlsx", data.getvalue()).run()
    assert not at.exception and not at.error
    assert metrics(at) == {"Baris dibaca": "1", "Baru": "0", "Diperbarui": "1", "Tidak berubah": "0",
                           "Ganda identik": "0", "Ditolak": "0"}
    at.text_input(key="ekstrak_oleh").input("Bappeda").run()
    at.button(key="ekstrak_simpan").click().run()
    assert at.success[0].value.startswith("Tersimpan sebagai impor #6 (ekstrak target): 0 baris baru, 1 diperbarui")
    at.switch_page("app_pages/ringkasan.py").run()
    assert metrics(at)["Kurang ke target (orang)"] == "289"  # 40% of 1.000 = 400, less 111 active


def test_an_extract_of_another_kind_is_refused_in_one_sentence(open_page):
    at = open_page("sinkronisasi", wilayah="33.02", **MARCH)
    at.selectbox(key="ekstrak_jenis").set_value("pekerja").run()
    at.file_uploader(key="ekstrak_berkas_0").upload("klaim.csv", b"no_klaim,kpj\nC9,K1\n").run()
    assert not at.exception and not at.metric
    assert len(at.error) == 1 and "bukan ekstrak pekerja" in at.error[0].value.replace("\\", "")


def test_each_kind_has_its_template(open_page):
    at = open_page("sinkronisasi", wilayah="33.02", **MARCH)
    kinds = ("peserta", "rekap", "klaim", "pekerja", "target", "target-kantor", "kantor", "sponsor")
    labels = []
    for kind in kinds:
        at.selectbox(key="ekstrak_jenis").set_value(kind).run()
        labels += [b.proto.label for b in at.get("download_button") if b.proto.label.startswith("Unduh templat")]
    assert labels == [f"Unduh templat {kind} (XLSX)" for kind in kinds]



def test_a_kind_not_loaded_is_unknown_not_zero(banyumas, monkeypatch, tmp_path):
    """Purbalingga with only its denominator loaded: no participants or claims are known, so none are shown as 0."""
    rows = [EXTRACTS["pekerja"][0], ["33.03", "2025-01-01", "2000", "BPS Sakernas Agustus 2024", "2024-11-05"]]
    result = run_cli("load", "pekerja", write_csv(tmp_path / "pekerja_3303.csv", rows), "--db", str(banyumas),
                     env={"UCJ_NIK_KEY": TEST_NIK_KEY})
    assert result.returncode == 0, result.stderr
    at = open_app(monkeypatch, banyumas, "ringkasan", login="admin", wilayah="33.03", **MARCH)
    shown = metrics(at)
    assert (shown["Cakupan UCJ"], shown["Peserta aktif"], shown["Pekerja wajib terlindungi"],
            shown["Klaim dibayar Jan–Mar 2025"]) == ("–", "–", "2.000", "–")
    assert loaded_line(at) == ("Data dimuat untuk Kabupaten Purbalingga: pekerja wajib per 5 November 2024 · belum ada: "
                               "peserta per orang, klaim")
    at.switch_page("app_pages/klaim.py").run()
    assert [i.value for i in at.info] == [
        ("Belum ada ekstrak klaim yang dimuat untuk Kabupaten Purbalingga, jadi klaim yang dibayar belum diketahui "
         "(bukan nol). Muat ekstrak klaim di halaman Sinkronisasi data atau dengan `python -m ucj load klaim BERKAS`.")]
    at.switch_page("app_pages/peta.py").run()
    assert ("Ekstrak peserta atau rekap jumlah peserta belum dimuat untuk Kabupaten Purbalingga, jadi peserta aktif dan "
            "cakupan UCJ di sini belum diketahui (bukan 0).") in captions(at)
    at.switch_page("app_pages/kesenjangan.py").run()
    assert not at.exception and not at.metric
    assert ("Simulasi memerlukan peserta aktif wilayah ini; ekstrak peserta atau rekap jumlah peserta belum dimuat."
            in [i.value for i in at.info])
