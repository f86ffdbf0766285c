"""Issue 13 on the import side: the import check is no lookup oracle (per-person outcomes for admins only, every
dry run and import logged and counted against the hourly limit before any row is matched, rows outside the account's
regions not matched), the demo stores no list, uploads are limited on the server before any parser (size, an
XLSX's zip, rows), file names kept without digit runs, boundary coordinates range-checked, and the UTF-8 copy of a
Windows-1252 CSV kept in a private folder and cleaned up after a kill. Each test names the finding it covers."""
import datetime as dt
import hashlib
import io
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT, TEST_NIK_KEY, run_cli
from messy_lists import add_participants, guru_list, real_warehouse, write_xlsx

from ucj import warehouse as wh
from ucj.access import OPERATOR, Viewer
from ucj.accounts import ROWS_CHECKED_PER_HOUR, Store, accounts_path
from ucj.errors import UserError
from ucj.ingest import extracts, limits, rosters
from ucj.ingest.sheets import read_workbook
from ucj.reports.screens import sinkronisasi

DATA_DATE = dt.date(2025, 4, 15)
ADMIN = Viewer.for_role("admin1", "admin")
SIXTY_MB = 60 * 1024 * 1024


@pytest.fixture(scope="module")
def real_guru_template(real_template, tmp_path_factory):
    return real_warehouse(real_template, tmp_path_factory.mktemp("real_guru"), guru_list(), DATA_DATE)


@pytest.fixture()
def real(real_guru_template, tmp_path, monkeypatch):
    monkeypatch.setenv("UCJ_NIK_KEY", TEST_NIK_KEY)
    path = tmp_path / "ucj.duckdb"
    shutil.copy(real_guru_template, path)
    return path


@pytest.fixture(scope="module")
def guru_bytes(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("guru") / "guru.xlsx"
    write_xlsx(guru_list(), path)
    return path.read_bytes()


def plan(con, data: bytes, viewer: Viewer, charge=None, file_name="guru.xlsx") -> rosters.Plan:
    return rosters.make_plan(con, rosters.read_list(data, file_name), file_name=file_name,
                             file_sha256=hashlib.sha256(data).hexdigest(), group="guru", region="12.10",
                             data_date=DATA_DATE, source=file_name, key=rosters.nik_key(con), viewer=viewer,
                             charge=charge)


def counts(p: rosters.Plan) -> dict:
    r = p.report()
    return {k: r[k] for k in ("valid", "invalid", "duplicate_in_file", "already_participant", "new", "to_load")}


# --- finding: the import check is a lookup oracle ----------------------------------------------------------------


def test_only_admins_get_each_rows_outcome(real, guru_bytes):
    """Finding 'the import check is a lookup oracle': the function that builds per-person outcomes refuses them to
    anyone but an admin, who gets the counts; the report workbook then has no sheet of rows."""
    con = wh.open_warehouse(real, read_only=True)
    try:
        admin = plan(con, guru_bytes, ADMIN)
        analyst = plan(con, guru_bytes, Viewer.for_role("analis1", "analyst"))
    finally:
        con.close()
    assert counts(analyst) == counts(admin) == {"valid": 17, "invalid": 18, "duplicate_in_file": 2,
                                                "already_participant": 3, "new": 12, "to_load": 15}
    assert admin.rows_frame().height == 35
    with pytest.raises(UserError) as refused:
        analyst.rows_frame()
    assert str(refused.value) == ("Hasil per orang hanya dapat dilihat admin gudang data; akun ini hanya melihat "
                                  "jumlahnya.")
    with zipfile.ZipFile(io.BytesIO(rosters.report_xlsx(analyst))) as book:
        assert "Baris" not in book.read("xl/workbook.xml").decode()
    with zipfile.ZipFile(io.BytesIO(rosters.report_xlsx(admin))) as book:
        assert 'name="Baris"' in book.read("xl/workbook.xml").decode()


def test_rows_outside_the_accounts_regions_are_not_matched(real, guru_bytes, monkeypatch):
    """Finding 'the import check is a lookup oracle': an admin of kecamatan Rantau Utara (12.10.01) checking a
    Labuhanbatu list: the 8 rows of desa elsewhere get 'di_luar_wilayah_akun', no participant status, and their NIK
    never reaches the warehouse's lookup."""
    looked_up = []
    original = rosters._warehouse_status

    def spy(con, hashes, *args):
        looked_up.extend(hashes)
        return original(con, hashes, *args)

    monkeypatch.setattr(rosters, "_warehouse_status", spy)
    con = wh.open_warehouse(real, read_only=True)
    try:
        scoped = plan(con, guru_bytes, Viewer.for_role("admin2", "admin", ("12.10.01",)))
    finally:
        con.close()
    assert counts(scoped) == {"valid": 9, "invalid": 26, "duplicate_in_file": 1, "already_participant": 3, "new": 5,
                              "to_load": 8}
    outside = [r for r in scoped.rows if "di_luar_wilayah_akun" in r.alasan]
    assert [r.baris for r in outside] == [6, 7, 8, 9, 11, 15, 21, 41]
    assert {(r.hasil, r.nik_hash) for r in outside} == {("tidak_valid", None)}
    assert all(r.kode_desa.startswith("12.10.") and not r.kode_desa.startswith("12.10.01.") for r in outside)
    assert len(looked_up) == 8 and all(r.kode_desa.startswith("12.10.01.") for r in scoped.rows if r.nik_hash)
    assert rosters.REASONS["di_luar_wilayah_akun"] == ("Desa/kelurahan di luar wilayah akun; baris ini tidak "
                                                       "dicocokkan dengan peserta")


def test_every_check_and_import_is_logged_and_the_hourly_limit_comes_before_matching(real, guru_bytes, monkeypatch):
    """Finding 'the import check is a lookup oracle (about 4.600 NIKs a second, nothing logged, no limit)': the dry
    run and the import are logged (who, the file's hash, kind, rows; no file name, no NIK); past the hourly limit the
    check is refused in one sentence before any row is matched or hashed."""
    store = Store(accounts_path(real))
    sha = hashlib.sha256(guru_bytes).hexdigest()
    con = wh.open_warehouse(real, read_only=False)
    try:
        dry = plan(con, guru_bytes, ADMIN, limits.charge(store, "admin1", "periksa", sha, "guru_honorer"))
        table = rosters.read_list(guru_bytes, "daftar_1210010101900001_budi.xlsx")
        rosters.commit(con, table, file_name="daftar_1210010101900001_budi.xlsx", file_sha256=sha, group="guru",
                       region="12.10", data_date=DATA_DATE, source="daftar_1210010101900001_budi.xlsx",
                       key=rosters.nik_key(con), by="Petugas", viewer=ADMIN, confirmed=dry,
                       charge=limits.charge(store, "admin1", "impor", sha, "guru_honorer", counted=False))
        log = [(e.name, e.action, e.detail, e.rows) for e in store.log(name="admin1")]
        assert log == [("admin1", "impor", f"{sha} guru_honorer 35 baris", 0),
                       ("admin1", "periksa", f"{sha} guru_honorer 35 baris", 35)]

        # another account has used all but 34 rows of its hour: a list of 35 rows is refused before matching
        store.take_rows("admin3", ROWS_CHECKED_PER_HOUR - 34, "periksa", "lain")

        def never(*args, **kwargs):
            raise AssertionError("matched or hashed after the limit was reached")

        monkeypatch.setattr(rosters, "desa_in_region", never)
        monkeypatch.setattr(rosters, "_check_row", never)
        monkeypatch.setattr(rosters, "_warehouse_status", never)
        with pytest.raises(UserError) as refused:
            plan(con, guru_bytes, Viewer.for_role("admin3", "admin"),
                 limits.charge(store, "admin3", "periksa", sha, "guru_honorer"))
    finally:
        con.close()
    assert str(refused.value) == ("Batas pemeriksaan 20.000 baris per jam untuk akun ini terlampaui (sudah 19.966 "
                                  "baris dalam satu jam terakhir); coba lagi nanti atau minta admin.")
    assert store.log(name="admin3")[0].detail == f"ditolak: batas 20000 baris per jam ({sha} guru_honorer 35 baris)"
    text = "\n".join(f"{e.detail}" for e in store.log())
    assert "guru.xlsx" not in text and "1210010101900001" not in text and "budi" not in text


def test_a_non_admin_cannot_save_a_list(real, guru_bytes):
    """Finding 'the import check is a lookup oracle': saving is for admins, whatever calls the function."""
    con = wh.open_warehouse(real, read_only=False)
    try:
        with pytest.raises(UserError) as refused:
            rosters.commit(con, rosters.read_list(guru_bytes, "guru.xlsx"), file_name="guru.xlsx", file_sha256="x",
                           group="guru", region="12.10", data_date=DATA_DATE, source="guru.xlsx",
                           key=rosters.nik_key(con), by="Petugas", viewer=Viewer.for_role("analis1", "analyst"))
        assert con.execute("select count(*) from anggota_kelompok").fetchone()[0] == 0
    finally:
        con.close()
    assert str(refused.value) == "Menyimpan daftar hanya untuk admin gudang data; minta admin mengimpor berkas ini."


# --- finding: the demo's NIK key is public and real lists are stored under it -------------------------------------


def test_the_demo_refuses_to_store_a_list_whoever_asks(demo_copy, guru_bytes):
    """Finding 'real lists are accepted into the demo warehouse, hashed under its public key': the commit refuses in
    one sentence before anything is written; a dry run still works (nothing stored)."""
    add_participants(demo_copy, guru_list(), DATA_DATE)
    con = wh.open_warehouse(demo_copy, read_only=False)
    try:
        before = con.execute("select count(*), (select count(*) from impor_log) from anggota_kelompok").fetchone()
        dry = plan(con, guru_bytes, ADMIN)
        assert dry.is_demo and dry.report()["to_load"] == 15
        for viewer in (ADMIN, OPERATOR):
            with pytest.raises(UserError) as refused:
                rosters.commit(con, dry.table, file_name="guru.xlsx", file_sha256="x", group="guru", region="12.10",
                               data_date=DATA_DATE, source="guru.xlsx", key=rosters.nik_key(con), by="Petugas",
                               viewer=viewer, confirmed=dry)
            assert str(refused.value) == rosters.DEMO_REFUSES
        assert con.execute("select count(*), (select count(*) from impor_log) from anggota_kelompok").fetchone() == before
    finally:
        con.close()


# --- finding: upload limits are only in the browser --------------------------------------------------------------

_CT = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       b'<Default Extension="xml" ContentType="application/xml"/>'
       b'<Override PartName="/xl/workbook.xml" '
       b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
       b'<Override PartName="/xl/worksheets/sheet1.xml" '
       b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         b'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
             b'<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (b'<?xml version="1.0"?><Relationships '
                  b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
                  b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                  b'Target="worksheets/sheet1.xml"/></Relationships>')
_ROW = (b'<row><c t="inlineStr"><is><t>1210010101900001</t></is></c>'
        b'<c t="inlineStr"><is><t>Budi</t></is></c></row>')


def write_sheet_xlsx(path: Path, rows: int = 0, body: bytes = b"") -> Path:
    """An .xlsx written member by member with zipfile: `rows` identical rows (which compress about 300 times), or
    the sheet XML `body` as given."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", _CT)
        book.writestr("_rels/.rels", _RELS)
        book.writestr("xl/workbook.xml", _WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                        b'2006/main"><sheetData>')
            block = _ROW * 10_000
            for _ in range(rows // 10_000):
                sheet.write(block)
            sheet.write(_ROW * (rows % 10_000) + body + b"</sheetData></worksheet>")
    return path


PROBE = """
import resource, sys
# the old reader took gigabytes: capped so that a regression fails here instead of starving the machine
resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 ** 2, 1536 * 1024 ** 2))
from ucj.errors import UserError
from ucj.ingest.sheets import read_workbook
data = open(sys.argv[1], "rb").read()
try:
    read_workbook(data, "daftar.xlsx")
    print("dibaca")
except UserError as exc:
    print(exc)
# the peak resident memory of this program: VmHWM starts afresh at exec, whereas ru_maxrss keeps the forking
# pytest's own size across it
print(next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")) // 1024)
"""


def read_in_subprocess(path: Path) -> tuple[str, int]:
    """read_workbook of the file in a fresh process: its sentence and its peak memory in MB."""
    result = subprocess.run([sys.executable, "-c", PROBE, str(path)], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    sentence, peak = result.stdout.strip().splitlines()
    return sentence, int(peak)


def test_a_zip_bomb_xlsx_is_refused_from_its_directory_with_little_memory(tmp_path):
    """Finding 'an XLSX zip bomb takes 3 to 4 GB of memory': about 1 MB on disk, 231 MB unpacked; refused from the
    zip's directory before any parser reads it, the process staying under 200 MB."""
    bomb = write_sheet_xlsx(tmp_path / "bom.xlsx", rows=2_200_000)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    sentence, peak = read_in_subprocess(bomb)
    assert sentence == ("Isi berkas daftar.xlsx lebih dari 200 MB setelah dibuka; bagi daftarnya menjadi beberapa "
                        "berkas lalu ulangi.")
    assert peak < 200


def test_a_sheet_reaching_far_right_and_down_is_refused_before_calamine_allocates_it(tmp_path):
    """Finding 'upload limits are only in the browser': two cells, A1 and XFD50000, make calamine allocate a
    rectangle of 819 million cells; refused from the streamed XML, in little memory."""
    wide = write_sheet_xlsx(tmp_path / "lebar.xlsx", body=(
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>NIK</t></is></c></row>'
        b'<row r="50000"><c r="XFD50000" t="inlineStr"><is><t>x</t></is></c></row>'))
    sentence, peak = read_in_subprocess(wide)
    assert sentence == ("Sebuah lembar di daftar.xlsx terlalu lebar atau terlalu panjang untuk dibaca (ada isi jauh di "
                        "kanan atau di bawah daftar); hapus kolom dan baris kosong di luar daftar lalu simpan ulang.")
    assert peak < 200


def test_an_absurd_compression_ratio_is_refused(tmp_path):
    """Finding 'an XLSX zip bomb': a member under the total limit but compressed about 300 times is no spreadsheet."""
    packed = write_sheet_xlsx(tmp_path / "padat.xlsx", rows=30_000)
    member = zipfile.ZipFile(packed).getinfo("xl/worksheets/sheet1.xml")
    assert member.file_size > limits.MAX_COMPRESSION_RATIO * member.compress_size
    with pytest.raises(UserError) as refused:
        read_workbook(packed.read_bytes(), "padat.xlsx")
    assert str(refused.value) == ("Berkas padat.xlsx dimampatkan secara tidak wajar (bukan berkas Excel biasa) dan "
                                  "tidak dibaca; simpan ulang daftarnya dari Excel sebagai .xlsx lalu ulangi.")


def test_rows_are_counted_while_the_sheet_is_streamed(tmp_path):
    """Finding 'sheets.py reads a whole sheet before checking row limits': the limit's own row passes, the next is
    refused, counted from the XML before calamine reads the sheet."""
    def book(rows: int) -> bytes:
        wb = openpyxl.Workbook()
        for n in range(rows):
            wb.active.append([f"Orang {n}"])
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    limits.check_xlsx(book(100), "daftar.xlsx", max_rows=100)
    with pytest.raises(UserError) as refused:
        limits.check_xlsx(book(101), "daftar.xlsx", max_rows=100)
    assert str(refused.value) == ("Sebuah lembar di daftar.xlsx lebih dari 100 baris; bagi daftarnya menjadi "
                                  "beberapa berkas.")


def test_a_60_mb_file_is_refused_on_the_server_in_one_sentence(tmp_path, real):
    """Finding 'a 60 MB file is accepted by the server': refused before it is parsed, by the list reader, the
    extract reader (uploaded bytes) and the command line (exit 2, nothing stored)."""
    big = tmp_path / "besar.csv"
    line = b"1210010101900001;Budi;Sei Kasih\n"
    big.write_bytes(b"NIK;Nama;Desa\n" + line * (SIXTY_MB // len(line) + 1))
    data = big.read_bytes()
    assert len(data) > SIXTY_MB
    sentence = ("Berkas besar.csv lebih besar dari 50 MB; bagi isinya menjadi beberapa berkas lalu unggah satu per "
                "satu.")
    with pytest.raises(UserError) as by_lists:
        read_workbook(data, "besar.csv")
    assert str(by_lists.value) == sentence
    con = wh.open_warehouse(real, read_only=True)
    try:
        with pytest.raises(UserError) as by_extracts:
            extracts.open_file(con, Path("besar.xlsx"), extracts.KINDS["peserta"], data=data, name="besar.xlsx")
    finally:
        con.close()
    assert str(by_extracts.value) == sentence.replace("besar.csv", "besar.xlsx")
    result = run_cli("import", str(big), "--kind", "rentan", "--db", str(real), "--by", "penguji")
    assert (result.returncode, result.stderr.strip()) == (2, sentence)


# --- finding: file names with a NIK are stored and shown; Riwayat's CSV open to formulas --------------------------


def test_file_names_are_kept_without_digit_runs(real, guru_bytes):
    """Finding 'uploaded file names (which often contain a NIK or a name) are stored and shown in Riwayat': the log
    and the roster keep 'daftar_#_budi.xlsx'; Riwayat shows an older name stored in clear the same way."""
    name = "daftar_1210010101900001_budi.xlsx"
    assert limits.safe_file_name(name) == "daftar_#_budi.xlsx"
    assert limits.safe_file_name("rekap_2025-03.csv") == "rekap_2025-03.csv"  # short numbers stay
    long = limits.safe_file_name("x" * 200 + ".xlsx")
    assert len(long) == 80 and long.endswith("….xlsx")
    con = wh.open_warehouse(real, read_only=False)
    try:
        rosters.commit(con, rosters.read_list(guru_bytes, name), file_name=name, file_sha256="x", group="guru",
                       region="12.10", data_date=DATA_DATE, source=name, key=rosters.nik_key(con), by="Petugas",
                       viewer=ADMIN)
        assert con.execute("select nama_file from impor_log where jenis = 'guru_honorer'").fetchall() == \
            [("daftar_#_budi.xlsx",)]
        assert con.execute("select distinct sumber from anggota_kelompok").fetchall() == [("daftar_#_budi.xlsx",)]
        con.execute("update impor_log set nama_file = 'lama_3302014101900001.csv' where impor_id = 1")
        history = wh.read(con, "impor_riwayat", OPERATOR)
    finally:
        con.close()
    assert sinkronisasi.history_table(history)["Berkas"].to_list() == ["daftar_#_budi.xlsx", "lama_#.csv"]


# --- finding: boundary files with out-of-range coordinates crash Peta ---------------------------------------------


@pytest.mark.parametrize("vertex", [[99.85, 95.0], [200.0, 2.15], ["NaN", 2.15]], ids=["lintang95", "bujur200", "nan"])
def test_boundary_coordinates_off_the_earth_are_refused_and_nothing_is_stored(real, tmp_path, vertex):
    """Finding 'boundary files with out-of-range coordinates crash Peta': one vertex at latitude 95, longitude 200
    or NaN (which the audit batas_di_luar_bumi cannot see) is refused in one sentence; nothing is stored."""
    from ucj.ingest import boundaries

    ring = [[99.8, 2.1], [99.9, 2.1], [99.9, 2.2], vertex, [99.8, 2.2], [99.8, 2.1]]
    text = ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"kode": "12.10.01.2001"}, '
            '"geometry": {"type": "Polygon", "coordinates": [[' + ", ".join(f"[{x}, {y}]" for x, y in ring)
            + ']]}}]}')
    path = tmp_path / "batas.geojson"
    path.write_text(text, encoding="utf-8")
    con = wh.open_warehouse(real, read_only=False)
    try:
        with pytest.raises(UserError) as refused:
            boundaries.load(con, path)
        stored = con.execute("select count(*) from batas_wilayah").fetchone()[0] if wh.has_table(con, "batas_wilayah") \
            else 0
    finally:
        con.close()
    assert str(refused.value) == ("Bentuk wilayah 12.10.01.2001 di batas.geojson punya titik di luar bujur -180 sampai "
                                  "180 dan lintang -90 sampai 90 (atau tanpa angka); perbaiki koordinatnya atau pakai "
                                  "berkas berderajat (EPSG:4326) lalu muat lagi.")
    assert stored == 0


# --- leftover of issue 12: the UTF-8 copy of a Windows-1252 CSV ---------------------------------------------------

KILLED_LOAD = """
import os, sys
from pathlib import Path
from ucj import warehouse
from ucj.ingest import extracts
con = warehouse.open_warehouse(Path(sys.argv[1]), read_only=True)
opened = extracts.open_file(con, Path(sys.argv[2]), extracts.KINDS["peserta"])
print(opened.source.path, flush=True)
os._exit(9)  # killed mid-load: nothing cleans up
"""


def test_the_utf8_copy_of_a_cp1252_csv_is_private_and_a_killed_loads_copy_is_removed(real, tmp_path, monkeypatch):
    """Leftover of issue 12: the copy (clear NIKs) is written in a folder only this user may open (0700), and a copy
    a killed process left is removed at the next open; a copy in use by another load is not."""
    temporary = tmp_path / "tmp"  # this test's own temporary folder: other tests' copies are not counted here
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    extract = tmp_path / "peserta.csv"
    extract.write_bytes("kpj;nik;kode_desa;segmen;tanggal_daftar\nK1;1210014101900001;12.10.01.1004;BPU;"
                        "2025-01-15\nK2;1210014101900002;12.10.01.1004;BPU;2025-01-15 \u2013 Gr\u00fcn\n"
                        .encode("cp1252"))
    result = subprocess.run([sys.executable, "-c", KILLED_LOAD, str(real), str(extract)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, env={**os.environ})
    left = Path(result.stdout.strip())
    assert result.returncode == 9 and left.exists()
    folder = extracts.private_folder()
    assert left.parent == folder == temporary / f"ucj-salinan-{os.getuid()}"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and stat.S_IMODE(left.stat().st_mode) == 0o600
    assert "1210014101900001" in left.read_text(encoding="utf-8")  # what a kill leaves: why it must go

    con = wh.open_warehouse(real, read_only=True)
    try:
        in_use = extracts.open_file(con, extract, extracts.KINDS["peserta"])
        assert not left.exists()  # the killed load's copy, removed by this open
        assert in_use.source.path.exists() and in_use.source.path.parent == folder
        assert extracts.remove_stale_copies() == 0 and in_use.source.path.exists()  # a copy in use stays
        in_use.close()
        assert not in_use.source.path.exists()
    finally:
        con.close()


def test_an_extracts_check_and_load_are_logged_limited_and_keep_no_nik_of_the_file_name(real, tmp_path):
    """Findings 'nothing logged, no limit' and 'file names are stored' for extracts: the dry run counts its rows
    against the hourly limit and logs them before comparing any; the load logs them; the import log keeps the file
    name without its digit run; past the limit the dry run is refused in one sentence."""
    from ucj.ingest import nik
    from ucj.warehouse import loading

    store = Store(accounts_path(real))
    extract = tmp_path / "peserta_1210014101900001.csv"
    extract.write_text("kpj,nik,kode_desa,segmen,tanggal_daftar\n"
                       "P1,1210014101900001,12.10.01.1004,BPU,2025-01-15\n"
                       "P2,1210014101900002,12.10.01.1004,BPU,2025-01-15\n"
                       "P3,1210014101900003,12.10.01.1004,PU,2025-01-15\n", encoding="utf-8")
    kind = extracts.KINDS["peserta"]
    con = wh.open_warehouse(real, read_only=False)
    try:
        opened = extracts.open_file(con, extract, kind)
        sha = opened.sha256
        dry = loading.dry_run(con, opened.source, kind, opened.mapping, opened.headers, key=nik.configured_key(),
                              charge=limits.charge(store, "admin1", "periksa", sha, "peserta"))
        done = loading.load(con, opened.source, kind, opened.mapping, opened.headers, key=nik.configured_key(),
                            file_sha256=sha, by="Petugas", label=extract.name,
                            charge=limits.charge(store, "admin1", "muat", sha, "peserta", counted=False))
        stored = con.execute("select nama_file from impor_log where impor_id = ?", [done.impor_id]).fetchall()
        store.take_rows("admin3", ROWS_CHECKED_PER_HOUR - 2, "periksa", "lain")
        with pytest.raises(UserError) as refused:
            loading.dry_run(con, opened.source, kind, opened.mapping, opened.headers, key=nik.configured_key(),
                            charge=limits.charge(store, "admin3", "periksa", sha, "peserta"))
        opened.close()
    finally:
        con.close()
    assert (dry.loaded, done.loaded, done.committed) == (3, 3, True)
    assert [(e.action, e.detail, e.rows) for e in store.log(name="admin1")] == [
        ("muat", f"{sha} peserta 3 baris", 0), ("periksa", f"{sha} peserta 3 baris", 3)]
    assert stored == [("peserta_#.csv",)]
    assert str(refused.value) == ("Batas pemeriksaan 20.000 baris per jam untuk akun ini terlampaui (sudah 19.998 "
                                  "baris dalam satu jam terakhir); coba lagi nanti atau minta admin.")


def test_the_same_file_is_counted_once_an_hour_another_file_again(tmp_path):
    """Finding 'no limit': a file checked again (another column, after its save) is logged without being counted
    again, so saving a list does not cost its rows twice; any other file counts its rows."""
    store = Store(tmp_path / "akun.sqlite")
    limits.charge(store, "admin1", "periksa", "a" * 64, "guru_honorer")(1_000)
    limits.charge(store, "admin1", "periksa", "a" * 64, "guru_honorer")(1_000)
    limits.charge(store, "admin2", "periksa", "a" * 64, "guru_honorer")(1_000)
    limits.charge(store, "admin1", "periksa", "b" * 64, "guru_honorer")(1_000)
    assert [(e.name, e.detail[:1], e.rows) for e in reversed(store.log())] == [
        ("admin1", "a", 1_000), ("admin1", "a", 0), ("admin2", "a", 1_000), ("admin1", "b", 1_000)]
