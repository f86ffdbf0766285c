"""Which roster a month's worker-group figures come from (issue 15, point 1): in each kabupaten/kota the group's
rosters dated up to the month's last day, else its earliest later roster; every figure says which (group, date,
source). The demo's rosters are dated 15 April 2025, so March 2025, the month of the published figures, shows them
with that date instead of nothing."""
import datetime as dt

import duckdb
import pytest
from conftest import open_app, run_cli
from pypdf import PdfReader

from ucj.access import OPERATOR
from ucj.reports import rosters
from ucj.warehouse import marts, read

MARCH, FEBRUARY, JANUARY, DECEMBER = (dt.date(2025, 3, 1), dt.date(2025, 2, 1), dt.date(2025, 1, 1),
                                      dt.date(2024, 12, 1))
GURU_1210 = "Daftar guru honorer, 15 April 2025, Data demo: daftar guru honorer Dinas Pendidikan Labuhanbatu"
KEPLING_1210 = ("Daftar kepala lingkungan, 15 April 2025, Data demo: daftar kepala lingkungan Bagian Tata "
                "Pemerintahan Labuhanbatu")
KADER_1210 = "Daftar kader desa, 15 April 2025, Data demo: daftar kader desa Dinas PMD Labuhanbatu"


def add_rosters(path, rows):
    """Roster members (nik_hash, kode_desa, group, source, date) added to a warehouse, its group mart rebuilt."""
    con = duckdb.connect(str(path))
    try:
        first = con.execute("select max(anggota_id) + 1 from anggota_kelompok").fetchone()[0]
        con.executemany("insert into anggota_kelompok values (?, ?, ?, ?, ?, ?, null)",
                        [[first + i, *row] for i, row in enumerate(rows)])
        marts.build_marts(con, only=("00_macros.sql", "05_mart_kelompok_wilayah_bulan.sql"))
    finally:
        con.close()


def groups(con, region, month, group=""):
    frame = read(con, "kelompok_belum_tercakup", OPERATOR, wilayah=region, bulan=month, kelompok=group)
    return {r["kelompok_pekerja"]: (r["anggota"], r["belum_tercakup"]) for r in frame.iter_rows(named=True)}


def labels(con, region, month, group=""):
    return rosters.labels(read(con, "kelompok_daftar", OPERATOR, wilayah=region, bulan=month, kelompok=group), month)


@pytest.fixture()
def tiny_with_rosters(tiny_db):
    """The tiny warehouse (guru roster of 28 February 2025, three people; kader desa of 31 January 2025) with a
    second guru roster dated on March's last day and a third dated after the data's end."""
    add_rosters(tiny_db, [
        ("c" * 64, "12.10.01.1001", "guru_honorer", "Dinas Pendidikan, pemutakhiran", dt.date(2025, 3, 31)),
        ("d" * 64, "12.10.07.2001", "guru_honorer", "Dinas Pendidikan, April", dt.date(2025, 4, 15)),
        ("e" * 64, "12.10.07.2001", "guru_honorer", "Dinas Pendidikan, April", dt.date(2025, 4, 15)),
    ])
    con = duckdb.connect(str(tiny_db), read_only=True)
    yield con
    con.close()


def test_a_roster_dated_on_the_months_last_day_counts_for_that_month_only_from_then(tiny_with_rosters):
    con = tiny_with_rosters
    # March: the rosters of 28 February and 31 March (the month's last day), not the one of April
    assert groups(con, "12.10", MARCH)["guru_honorer"][0] == 4
    assert labels(con, "12.10", MARCH)["guru_honorer"] == (
        "Daftar guru honorer, 31 Maret 2025, Dinas Pendidikan, pemutakhiran; "
        "Daftar guru honorer, 28 Februari 2025, Dinas Pendidikan")
    # February: the roster of its last day only
    assert groups(con, "12.10", FEBRUARY)["guru_honorer"][0] == 3
    assert labels(con, "12.10", FEBRUARY)["guru_honorer"] == "Daftar guru honorer, 28 Februari 2025, Dinas Pendidikan"


def test_a_month_before_every_roster_uses_the_earliest_later_one_and_says_so(tiny_with_rosters):
    con = tiny_with_rosters
    assert groups(con, "12.10", JANUARY) == {"guru_honorer": (3, 3), "kader_desa": (1, 0)}
    assert labels(con, "12.10", JANUARY) == {
        "guru_honorer": "Daftar guru honorer, 28 Februari 2025, Dinas Pendidikan (belum ada daftar sampai "
                        "Januari 2025)",
        "kader_desa": "Daftar kader desa, 31 Januari 2025, Pemerintah desa"}
    assert groups(con, "12.10", DECEMBER)["kader_desa"] == (1, 0)
    assert "belum ada daftar sampai Desember 2024" in labels(con, "12.10", DECEMBER)["kader_desa"]


def test_a_desa_falls_back_on_its_kabupatens_first_roster(tiny_with_rosters):
    """12.10.07.2001 is on the rosters of February (one person) and April (two): in January the kabupaten's first
    roster is February's, so the desa shows its one person of February, not the April list."""
    con = tiny_with_rosters
    assert groups(con, "12.10.07.2001", JANUARY)["guru_honorer"][0] == 1
    assert labels(con, "12.10.07.2001", JANUARY)["guru_honorer"].startswith("Daftar guru honorer, 28 Februari 2025")
    assert groups(con, "12.10.07", JANUARY)["guru_honorer"][0] == 1


def test_no_roster_of_a_group_gives_no_row(tiny_with_rosters):
    assert groups(tiny_with_rosters, "12.10", MARCH, "kader_posyandu") == {}
    assert labels(tiny_with_rosters, "12.10", MARCH, "kader_posyandu") == {}


def test_labuhanbatu_march_2025_has_the_published_groups_with_their_april_roster(con):
    shown = groups(con, "12.10", MARCH)
    assert (shown["guru_honorer"][1], shown["kepala_lingkungan"][1], shown["kader_desa"][1]) == (3_000, 215, 1_200)
    said = labels(con, "12.10", MARCH)
    assert said["guru_honorer"].startswith(GURU_1210 + " (belum ada daftar sampai Maret 2025")
    assert said["kepala_lingkungan"].startswith(KEPLING_1210)
    assert said["kader_desa"].startswith(KADER_1210)


@pytest.fixture()
def open_page(demo_copy, monkeypatch):
    def opener(page: str, **params):
        return open_app(monkeypatch, demo_copy, page, **params)

    return opener


def test_kesenjangan_march_2025_shows_the_three_groups_and_their_roster(open_page):
    at = open_page("kesenjangan", wilayah="12.10", periode="2025-03")
    assert not any("Belum ada" in i.value and "daftar kelompok" in i.value for i in at.info)
    table = next(d.value for d in at.dataframe if "Kelompok" in d.value.columns)
    rows = {r["Kelompok"]: r for _, r in table.iterrows()}
    assert rows["Guru honorer"]["Belum terlindungi"] == 3_000
    assert rows["Kepala lingkungan"]["Belum terlindungi"] == 215
    assert rows["Kader desa"]["Belum terlindungi"] == 1_200
    assert rows["Guru honorer"]["Daftar (kelompok, tanggal, sumber)"].startswith(GURU_1210)
    # shown as plain text: every punctuation character of the line is escaped for Markdown
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert any(c.startswith(GURU_1210) for c in captions)
    assert any(c.startswith("Daftar kepala lingkungan, 15 April 2025") for c in captions)
    assert any(c.startswith("Daftar kader desa, 15 April 2025") for c in captions)


def test_kesenjangan_says_so_where_no_roster_exists(open_page):
    at = open_page("kesenjangan", wilayah="12.09", periode="2025-03")
    assert any("Belum ada satu pun daftar kelompok pekerja untuk Kabupaten Asahan." in i.value for i in at.info)
    at = open_page("kesenjangan", wilayah="12.10", periode="2025-03", kelompok="nelayan")
    assert any("Belum ada satu pun daftar kelompok Nelayan untuk Kabupaten Labuhanbatu." in i.value for i in at.info)


def test_briefing_preview_march_2025_shows_the_three_groups_and_their_roster(open_page):
    at = open_page("briefing", wilayah="12.10", periode="2025-03")
    table = next(d.value for d in at.dataframe if "Kelompok" in d.value.columns and "Biaya per tahun" in d.value.columns)
    rows = {r["Kelompok"]: r for _, r in table.iterrows()}
    assert (rows["Guru honorer"]["Belum terlindungi"], rows["Kepala lingkungan"]["Belum terlindungi"],
            rows["Kader desa"]["Belum terlindungi"]) == (3_000, 215, 1_200)
    assert rows["Guru honorer"]["Daftar (kelompok, tanggal, sumber)"].startswith(GURU_1210)
    assert rows["Kader desa"]["Daftar (kelompok, tanggal, sumber)"].startswith(KADER_1210)
    assert not any("Belum ada" in i.value and "daftar kelompok" in i.value for i in at.info)
    captions = [c.value.replace("\\", "") for c in at.caption]
    for label in (GURU_1210, KEPLING_1210, KADER_1210):
        assert any(c.startswith(label) for c in captions), label


def test_briefing_pdf_and_deck_of_march_2025_show_the_groups_and_their_roster(demo_db, tmp_path):
    pptx = pytest.importorskip("pptx")
    args = ("briefing", "--region", "12.10", "--as-of", "2025-03-31", "--claims-from", "2024-01-01", "--claims-to",
            "2025-03-31", "--db", str(demo_db))
    pdf, deck = tmp_path / "maret.pdf", tmp_path / "maret.pptx"
    for out in (pdf, deck):
        result = run_cli(*args, "--format", out.suffix[1:], "-o", str(out))
        assert result.returncode == 0, result.stderr
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages]
    assert len(pages) == 1
    slides = []
    for slide in pptx.Presentation(deck).slides:
        parts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        parts += [cell.text for shape in slide.shapes if shape.has_table for row in shape.table.rows
                  for cell in row.cells]
        slides.append(" ".join(" ".join(parts).split()))
    for text in (pages[0], slides[3]):
        for figure in ("Guru honorer", "3.000", "215", "1.200", "Rp604,8 juta", GURU_1210, KEPLING_1210,
                       KADER_1210):
            assert figure in text, figure
