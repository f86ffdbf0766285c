"""Importing village lists and group rosters: every reason code with exact counts, the dry run equal to the
import, nothing changed by a repeat, the NIK never in clear, and the command line's errors."""
import datetime as dt
import hashlib
import io
import json
import re
import shutil
import zipfile

import duckdb
import openpyxl
import pytest
from conftest import TEST_NIK_KEY, one, run_cli
from messy_lists import (GURU_EXPECTED, MessyList, Row, add_participants, guru_list, make_nik, real_warehouse, write_csv,
                         write_xlsx)

from ucj.access import OPERATOR
from ucj.ingest import rosters
from ucj.ingest.columns import guess_field
from ucj.ingest.checks import DesaIndex, check_nik, normalise_place, parse_birth_date
from ucj.ingest.sheets import Cell, read_workbook

DATA_DATE = dt.date(2025, 4, 15)
COUNTS = ("rows_read", "valid", "invalid", "duplicate_in_file", "already_imported", "already_participant", "new",
          "to_load", "reasons", "notes", "skipped_rows")
TABLES = ("anggota_kelompok", "impor_log", "mart_kelompok_wilayah_bulan", "peserta")
# the real warehouse holds all of Indonesia: a list is matched within its regency ('Sidomulyo' is then one desa)
IN_LABUHANBATU = ("--region", "12.10")
LABUHANBATU_REASONS = {code: n for code, n in GURU_EXPECTED["reasons"].items() if code != "desa_ambigu"}


@pytest.fixture()
def warehouse(demo_copy):
    """A copy of the demo with the guru list's participants enrolled."""
    add_participants(demo_copy, guru_list(), DATA_DATE)
    return demo_copy


@pytest.fixture(scope="module")
def real_guru_template(real_template, tmp_path_factory):
    return real_warehouse(real_template, tmp_path_factory.mktemp("real_guru"), guru_list(), DATA_DATE)


@pytest.fixture()
def real(real_guru_template, tmp_path, monkeypatch):
    """A real warehouse with the guru list's participants loaded (a copy for this test): lists are stored only in
    a real warehouse, the demo refuses them (issue 13)."""
    monkeypatch.setenv("UCJ_NIK_KEY", TEST_NIK_KEY)
    path = tmp_path / "ucj.duckdb"
    shutil.copy(real_guru_template, path)
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lists")
    ml = guru_list()
    write_xlsx(ml, folder / "guru.xlsx")
    write_csv(ml, folder / "guru_semicolon_cp1252.csv")
    write_csv(ml, folder / "guru_comma_utf8.csv", delimiter=",", encoding="utf-8-sig")
    return folder


def import_json(path, file, *extra):
    result = run_cli("import", str(file), "--kind", "guru", "--date", DATA_DATE.isoformat(), "--db", str(path),
                     "--json", "--by", "penguji", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def fingerprint(path) -> dict:
    """Row count and an order-independent digest of every table the import may touch (summed row hashes,
    computed in DuckDB: reading the demo's half a million participants into Python took seconds)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {table: con.execute(f"select count(*), sum(hash(t)::hugeint) from {table} as t").fetchone()
                for table in TABLES}  # names from TABLES only
    finally:
        con.close()


@pytest.mark.parametrize("name", ["guru.xlsx", "guru_semicolon_cp1252.csv", "guru_comma_utf8.csv"])
def test_every_reason_code_with_exact_counts(warehouse, files, name):
    report = import_json(warehouse, files / name, "--dry-run")
    assert {k: report[k] for k in COUNTS} == GURU_EXPECTED
    assert report["header_row"] == (4 if name.endswith("xlsx") else 3)
    if name.endswith("xlsx"):
        assert report["sheet"] == "Data Guru"  # found behind the instructions sheet


def test_every_row_gets_the_outcome_and_reasons_it_was_written_for(warehouse, files):
    ml = guru_list()
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        table = rosters.read_list((files / "guru.xlsx").read_bytes(), "guru.xlsx")
        plan = rosters.make_plan(con, table, file_name="guru.xlsx", file_sha256="x", group="guru_honorer",
                                       region="", data_date=DATA_DATE, source="uji", key=rosters.nik_key(con),
                                       viewer=OPERATOR)
    finally:
        con.close()
    assert len(plan.rows) == len(ml.rows)
    for expected, got in zip(ml.rows, plan.rows):
        assert (got.nama, got.hasil, tuple(got.alasan)) == (expected.nama.strip(), expected.outcome, expected.reasons)
        assert set(expected.notes) <= set(got.catatan), got
    by_name = {r.nama: r for r in plan.rows}
    # desa variants land on the official code; a close misspelling is suggested, never applied
    assert by_name["Butet Harahap"].kode_desa == "12.10.19.1001"          # SUNGAI BEROMBANG = Sei Berombang
    assert by_name["Citra Lubis"].kode_desa == "12.10.08.2008"            # Ds. Sei Tampang, Kec. Bilah Hilir
    assert by_name["Erna Simatupang"].kode_desa == "12.10.08.2011"        # Sidomulyo in Bilah Hilir, of five
    assert by_name["Ahmad Siregar"].kode_desa == "12.10.01.1004"          # Kel. Rantau Prapat = Rantauprapat
    assert by_name["Cahya Salah Ketik"].kode_desa is None
    assert by_name["Cahya Salah Ketik"].saran_desa.startswith("Sei Berombang, Kec. Panai Hilir (12.10.19.1001)")
    assert by_name["Dodi Antah"].saran_desa == ""
    assert by_name["Ahmad Siregar S.Pd"].sama_dengan_baris == by_name["Ahmad Siregar"].baris


def test_nik_cleaning_and_checks():
    assert check_nik(Cell("NIK: 1210 0112.0585\u00a00101")).nik == "1210011205850101"
    assert check_nik(Cell("'1210011205850101")).nik == "1210011205850101"
    assert check_nik(Cell("1210011205850100", is_number=True)).reasons == ("nik_rusak_excel",)
    assert check_nik(Cell("1,21001E+15")).reasons == ("nik_rusak_excel",)
    woman = check_nik(Cell(make_nik(born=dt.date(1990, 3, 7), female=True)))
    assert woman.is_female and woman.birth == (7, 3, 90)
    assert check_nik(Cell("1210017101900001")).reasons == ()                 # 31 + 40: the last valid day
    assert check_nik(Cell("1210017201900001")).reasons == ("nik_tanggal_lahir_salah",)  # 32 + 40
    assert check_nik(Cell("1210014002900001")).reasons == ("nik_tanggal_lahir_salah",)  # 40: neither
    assert check_nik(Cell("1210012902000001")).reasons == ()                 # 29 February 2000
    assert parse_birth_date("12 Mei 1985") == dt.date(1985, 5, 12)
    assert parse_birth_date("1985-05-12") == dt.date(1985, 5, 12)
    assert parse_birth_date("31/02/1985") is None


def test_headers_and_place_names():
    assert [guess_field(h) for h in ("NIK", "No. KTP", "Nama Lengkap", "Tempat/Tgl Lahir", "Tgl. Lahir", "L/P",
                                     "Desa/Kelurahan", "Nama Desa", "Kec.", "Pekerjaan", "No HP/WA", "No")] == \
        ["nik", "nik", "nama", "tempat_tanggal_lahir", "tanggal_lahir", "jenis_kelamin", "desa", "desa",
         "kecamatan", "pekerjaan", "no_hp", None]
    assert normalise_place("Ds. Sei  Berombang") == normalise_place("SUNGAI BEROMBANG") == "sungaiberombang"
    assert normalise_place("Kel. Rantau Prapat") == normalise_place("Rantauprapat")
    index = DesaIndex([])
    assert index.match("", "").reason == "desa_kosong"


def test_id_columns_never_pass_through_a_float(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["NIK", "Nama", "Desa"])
    book.active.append([1210011205850101, "Angka", "Rantauprapat"])
    book.active.append(["1210011205850101", "Teks", "Rantauprapat"])
    buffer = io.BytesIO()
    book.save(buffer)
    cells = read_workbook(buffer.getvalue(), "x.xlsx")[0].rows
    assert cells[1][0] == Cell("1210011205850101", is_number=True)  # kept as read, flagged as a number
    assert cells[2][0] == Cell("1210011205850101", is_number=False)


def test_dry_run_reports_exactly_what_the_import_then_does(real, files):
    warehouse = real
    before = fingerprint(warehouse)
    dry = import_json(warehouse, files / "guru.xlsx", "--dry-run", *IN_LABUHANBATU)
    assert fingerprint(warehouse) == before, "a dry run writes nothing"
    done = import_json(warehouse, files / "guru.xlsx", *IN_LABUHANBATU)
    differs = {"committed", "impor_id", "dry_run"}
    assert {k: v for k, v in dry.items() if k not in differs} == {k: v for k, v in done.items() if k not in differs}
    assert done["committed"] and done["impor_id"] == 2  # import 1 loaded the participants
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert one(con, "select count(*) from anggota_kelompok where impor_id = 2") == dry["to_load"] == 15
        log = con.execute("select jenis, nama_file, sha256_file, oleh, jumlah_baris, jumlah_baru, ringkasan_json "
                          "from impor_log where impor_id = 2").fetchall()
        assert log[0][:6] == ("guru_honorer", "guru.xlsx", hashlib.sha256((files / "guru.xlsx").read_bytes())
                              .hexdigest(), "penguji", 35, 12)
        assert json.loads(log[0][6])["reasons"] == LABUHANBATU_REASONS
        # the group figures on Kesenjangan now include the list, for April 2025 in Labuhanbatu
        added = con.execute(
            "select count(*), count(*) filter (where not exists (select 1 from peserta p where p.nik_hash = a.nik_hash "
            "and p.tanggal_daftar <= date '2025-04-30' and (p.aktif_sampai is null or p.aktif_sampai >= date "
            "'2025-04-30'))) from anggota_kelompok a where impor_id = 2 and kode_desa like '12.10.%'").fetchone()
        assert added == (15, 12)
        mart = con.execute("select anggota, belum_tercakup from mart_kelompok_wilayah_bulan where kode_wilayah = "
                           "'12.10' and bulan = date '2025-04-01' and kelompok_pekerja = 'guru_honorer'").fetchone()
        assert mart == (15, 12)  # the real warehouse had no roster before this one
    finally:
        con.close()


def test_the_demo_refuses_to_store_a_list_and_changes_nothing(warehouse, files):
    """Issue 13, finding 'real lists are accepted into the demo warehouse, hashed under its public key': the demo
    still checks a list (a dry run stores nothing) but refuses to save it, in one sentence, exit 2."""
    before = fingerprint(warehouse)
    dry = import_json(warehouse, files / "guru.xlsx", "--dry-run")
    assert (dry["is_demo"], dry["to_load"], dry["committed"]) == (True, 14, False)
    result = run_cli("import", str(files / "guru.xlsx"), "--kind", "guru", "--date", DATA_DATE.isoformat(),
                     "--db", str(warehouse), "--by", "penguji")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == rosters.DEMO_REFUSES == (
        "Gudang ini gudang data demo (kunci hash NIK-nya terbuka untuk umum), jadi daftar nyata tidak disimpan di "
        "sini; buat gudang nyata dengan 'python -m ucj init', jalankan dasbor di atasnya, lalu masuk sebagai admin "
        "dan impor di sana.")
    assert fingerprint(warehouse) == before


def test_importing_the_same_file_again_changes_nothing(real, files):
    warehouse = real
    first = import_json(warehouse, files / "guru.xlsx", *IN_LABUHANBATU)
    before = fingerprint(warehouse)
    again = import_json(warehouse, files / "guru.xlsx", *IN_LABUHANBATU)
    assert fingerprint(warehouse) == before
    assert not again["committed"] and again["previous_import"]["impor_id"] == first["impor_id"]
    assert (again["already_imported"], again["new"], again["to_load"]) == (first["to_load"], 0, 0)
    # the same people in another file are recognised as imported before, and only the log line is added
    other = import_json(warehouse, files / "guru_semicolon_cp1252.csv", *IN_LABUHANBATU)
    assert (other["already_imported"], other["new"], other["committed"]) == (15, 0, True)
    after = fingerprint(warehouse)
    assert after["anggota_kelompok"] == before["anggota_kelompok"]
    assert after["impor_log"][0] == before["impor_log"][0] + 1


def test_a_roster_member_already_imported_is_recognised(real, tmp_path):
    """Two lists of the same kind: the second knows who the first brought in."""
    warehouse = real
    first = MessyList([Row(make_nik(serial=n), f"Kader {n}", desa="Sei Kasih") for n in range(501, 511)])
    second = MessyList([Row(make_nik(serial=n), f"Kader {n}", desa="Sei Kasih") for n in range(506, 516)])
    write_xlsx(first, tmp_path / "a.xlsx")
    write_xlsx(second, tmp_path / "b.xlsx")
    a = import_json(warehouse, tmp_path / "a.xlsx")
    b = import_json(warehouse, tmp_path / "b.xlsx")
    assert (a["new"], b["already_imported"], b["new"]) == (10, 5, 5)


def test_the_nik_is_never_stored_shown_or_exported_in_clear(real, files, tmp_path):
    warehouse = real
    ml = guru_list()
    digits = {re.sub(r"\D", "", r.nik) for r in ml.rows} | set(ml.participants)
    digits = {d for d in digits if len(d) >= 15}
    report_file = tmp_path / "laporan.xlsx"
    result = run_cli("import", str(files / "guru.xlsx"), "--kind", "guru", "--date", DATA_DATE.isoformat(),
                     "--db", str(warehouse), "--report", str(report_file), "--json", *IN_LABUHANBATU)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(report_file) as z:
        workbook_text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        stored = "\n".join(map(repr, con.execute("select * from anggota_kelompok where impor_id is not null")
                                .fetchall() + con.execute("select * from impor_log").fetchall()))
    finally:
        con.close()
    for text in (result.stdout, result.stderr, workbook_text, stored):
        for value in digits:
            assert value not in text and value[:15] not in text
    assert "1210********0101" in workbook_text


def test_choosing_sheet_and_columns(warehouse, tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Ringkasan"
    book.active.append(["Nomor KTP", "Nama", "Desa"])
    book.active.append([make_nik(serial=601), "Satu", "Sei Kasih"])
    sheet = book.create_sheet("Lampiran")
    sheet.append(["Nomor KTP", "Nama", "Desa", "Desa domisili"])
    sheet.append([make_nik(serial=602), "Dua", "Entah", "Sei Kasih"])
    sheet.append([make_nik(serial=603), "Tiga", "Entah", "Sei Tampang"])
    book.save(tmp_path / "two.xlsx")
    r = import_json(warehouse, tmp_path / "two.xlsx", "--dry-run", "--sheet", "Lampiran")
    assert (r["sheet"], r["invalid"], r["reasons"]) == ("Lampiran", 2, {"desa_tidak_ditemukan": 2})
    r = import_json(warehouse, tmp_path / "two.xlsx", "--dry-run", "--sheet", "Lampiran",
                    "--column", "desa=Desa domisili")
    assert (r["invalid"], r["new"], r["columns"]["desa"]) == (0, 2, "Desa domisili")


@pytest.mark.parametrize("name, content, words", [
    ("kosong.xlsx", b"", "kosong"),
    ("rusak.xlsx", b"PK\x03\x04 bukan zip sungguhan", "tidak dapat dibaca sebagai XLSX"),
    ("lama.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
    ("gambar.png", b"\x89PNG\r\n\x1a\n", "bukan .xlsx atau .csv"),
    ("angka.csv", b"a,b,c\n1,2,3\n", "tidak berisi daftar yang dikenali"),
    ("judul_saja.csv", b"NIK;Nama;Desa\n\n;;\n", "tidak berisi baris data"),
    ("tanpa_nik.csv", b"Nama;Desa\nA;Sei Kasih\n", "Kolom NIK tidak ditemukan"),
])
def test_a_file_that_is_not_a_list_is_refused_in_one_sentence(warehouse, tmp_path, name, content, words):
    file = tmp_path / name
    file.write_bytes(content)
    before = fingerprint(warehouse)
    result = run_cli("import", str(file), "--kind", "guru", "--db", str(warehouse))
    assert result.returncode == 2
    assert words in result.stderr and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert fingerprint(warehouse) == before


@pytest.mark.parametrize("args, words", [
    (["--kind", "astronot"], "Jenis daftar 'astronot' tidak dikenal"),
    (["--kind", "guru", "--sheet", "Tidak Ada"], "Lembar 'Tidak Ada' tidak ada"),
    (["--kind", "guru", "--column", "nik"], "--column 'nik' tidak dapat dibaca"),
    (["--kind", "guru", "--column", "nik=KTP Ayah"], "Kolom 'KTP Ayah' tidak ada"),
    (["--kind", "guru", "--region", "12.1"], "bukan kode wilayah"),
    (["--kind", "guru", "--date", "15-04-2025"], "bukan tanggal yang sah"),
])
def test_bad_options_are_refused_in_one_sentence(warehouse, files, args, words):
    before = fingerprint(warehouse)
    result = run_cli("import", str(files / "guru.xlsx"), "--db", str(warehouse), *args)
    assert result.returncode == 2 and words in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
    assert fingerprint(warehouse) == before


def test_a_region_narrows_desa_matching(warehouse, files):
    """Within Labuhanbatu, 'Sidomulyo' has one desa; across the six regencies it has five."""
    r = import_json(warehouse, files / "guru.xlsx", "--dry-run", "--region", "12.10")
    assert "desa_ambigu" not in r["reasons"]
    assert (r["invalid"], r["new"]) == (GURU_EXPECTED["invalid"] - 1, GURU_EXPECTED["new"] + 1)


def test_a_column_damaged_by_excel_is_refused_even_as_text(warehouse, tmp_path):
    """Typed as numbers, then saved as text: every NIK ends in 0. None of them may be matched."""
    damaged = [make_nik(serial=n)[:15] + "0" for n in (701, 712, 723, 734, 745, 756)]
    (tmp_path / "nol.csv").write_text("NIK;Nama;Desa\n" + "".join(f"{v};Orang;Sei Kasih\n" for v in damaged))
    r = import_json(warehouse, tmp_path / "nol.csv", "--dry-run")
    assert (r["invalid"], r["reasons"]) == (6, {"nik_rusak_excel": 6})
    # the same six among enough sound NIKs are ordinary NIKs that happen to end in 0
    sound = [make_nik(serial=n) for n in range(801, 831)]
    (tmp_path / "campur.csv").write_text("NIK;Nama;Desa\n" + "".join(f"{v};Orang;Sei Kasih\n" for v in damaged + sound))
    assert import_json(warehouse, tmp_path / "campur.csv", "--dry-run")["invalid"] == 0


def test_a_list_without_header_is_refused_without_showing_a_nik(warehouse, tmp_path):
    nik = make_nik(serial=11)
    (tmp_path / "tanpa_judul.csv").write_text(f"{nik};Anik;Desa Sei Kasih\n{make_nik(serial=12)};Niken;Desa Sei Kasih\n")
    result = run_cli("import", str(tmp_path / "tanpa_judul.csv"), "--kind", "guru", "--db", str(warehouse),
                     "--column", "nik=X")
    assert result.returncode == 2 and "tidak berisi daftar yang dikenali" in result.stderr
    assert nik not in result.stderr


def test_odd_but_readable_files(warehouse, tmp_path):
    nik = make_nik(serial=21)
    # Excel's "Unicode Text": UTF-16 with tabs
    (tmp_path / "unicode.txt").write_bytes(f"NIK\tNama\tDesa\n{nik}\tSatu\tSei Kasih\n".encode("utf-16"))
    assert import_json(warehouse, tmp_path / "unicode.txt", "--dry-run")["new"] == 1
    # ="..." keeps digits as text in some exports
    (tmp_path / "formula.csv").write_text(f'NIK,Nama,Desa\n"=""{nik}""",Satu,Sei Kasih\n')
    assert import_json(warehouse, tmp_path / "formula.csv", "--dry-run")["new"] == 1
    # a desa typed once in a cell merged down over the people of that desa
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["NIK", "Nama", "Desa"])
    for n in range(3):
        sheet.append([make_nik(serial=31 + n), f"Orang {n}", "Sei Kasih" if n == 0 else None])
    for row in sheet.iter_rows(min_row=2, max_row=4, min_col=1, max_col=1):
        row[0].number_format = "@"
    sheet.merge_cells("C2:C4")
    book.save(tmp_path / "gabung.xlsx")
    r = import_json(warehouse, tmp_path / "gabung.xlsx", "--dry-run")
    assert (r["invalid"], r["new"]) == (0, 3)


def test_a_broken_sheet_is_refused_in_one_sentence(warehouse, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["NIK", "Nama", "Desa"])
    book.save(tmp_path / "utuh.xlsx")
    with zipfile.ZipFile(tmp_path / "utuh.xlsx") as src, zipfile.ZipFile(tmp_path / "rusak.xlsx", "w") as dst:
        for item in src.namelist():
            content = src.read(item)
            dst.writestr(item, content[: len(content) // 2] if item.endswith("sheet1.xml") else content)
    result = run_cli("import", str(tmp_path / "rusak.xlsx"), "--kind", "guru", "--db", str(warehouse))
    assert result.returncode == 2 and "tidak dapat dibaca" in result.stderr and "Traceback" not in result.stderr


def test_report_and_warehouse_paths_are_checked_before_anything_is_written(warehouse, files, tmp_path):
    before = fingerprint(warehouse)
    for report, words in ((str(warehouse), "harus berakhiran .xlsx"),
                          (str(tmp_path / "tidak_ada" / "laporan.xlsx"), "Folder untuk --report"),
                          (str(files / "guru.xlsx"), "akan menimpa")):
        result = run_cli("import", str(files / "guru.xlsx"), "--kind", "guru", "--db", str(warehouse),
                         "--report", report)
        assert result.returncode == 2 and words in result.stderr, result.stderr
    assert fingerprint(warehouse) == before
    missing = tmp_path / "tidak_ada" / "ucj.duckdb"
    result = run_cli("import", str(files / "guru.xlsx"), "--kind", "guru", "--db", str(missing))
    assert result.returncode == 2 and "Gudang data tidak ditemukan" in result.stderr
    result = run_cli("import", str(files / "guru.xlsx"), "--kind", "guru", "--db", str(tmp_path / "baru.duckdb"))
    assert result.returncode == 2 and not list(tmp_path.glob("baru.duckdb*"))
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    result = run_cli("import", str(files / "guru.xlsx"), "--kind", "guru", "--db", str(warehouse), "--date", tomorrow)
    assert result.returncode == 2 and "masa depan" in result.stderr


def test_the_xlsx_report_holds_text_from_the_file_as_text(warehouse, files, tmp_path):
    hostile = tmp_path / "=HYPERLINK(1).csv"
    hostile.write_bytes((files / "guru_comma_utf8.csv").read_bytes())
    result = run_cli("import", str(hostile), "--kind", "guru", "--db", str(warehouse), "--dry-run",
                     "--report", str(tmp_path / "laporan.xlsx"))
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(tmp_path / "laporan.xlsx")
    cells = [c for row in book["Ringkasan"].iter_rows() for c in row if c.value]
    assert any(c.value == "=HYPERLINK(1).csv" and c.data_type == "s" for c in cells)
    rows = list(book["Baris"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Baris", "Hasil", "Alasan", "NIK") and len(rows) == 1 + GURU_EXPECTED["rows_read"]
