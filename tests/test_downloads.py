"""The CSV and XLSX downloads of every table (ui.components.downloads) open as numbers in Indonesian Excel (issue 15
point 8): CSV with ';' between cells, UTF-8 with a BOM, a decimal comma and no thousands separators; XLSX with real
numeric cells and number formats, rupiah as whole numbers, percentages and other fractions to two decimals."""
import csv
import datetime as dt
import io

import polars as pl
from openpyxl import load_workbook

from ucj.suppression import COMPLEMENT, HIDDEN


def claims_frame() -> pl.DataFrame:
    """A table as the pages download it: text, counts, rupiah (a sum and an average), a percentage, a date, a count
    column holding cells hidden by small-cell protection, and a text cell a spreadsheet would run as a formula."""
    return pl.DataFrame({
        "Wilayah": ["Kabupaten Labuhanbatu", "=HYPERLINK(\"http://x.invalid\")"],
        "Peserta aktif": [66234, 181567],
        "Jumlah dibayar (Rp)": [105_200_000_000, 12_345_678],
        "Rata-rata per klaim (Rp)": [21_031_587.365, 4_115_226.6],
        "Cakupan UCJ (%)": [36.4785, 5.0],
        "Jumlah klaim": [5002.0, HIDDEN],
        "Klaim JKM": [COMPLEMENT, 255.0],
        "Tanggal data": [dt.date(2025, 3, 31), None],
        "Impor": [2, 1013],
    })


def test_csv_opens_in_indonesian_excel():
    from ui.components import csv_bytes  # what the download buttons call (ui imports streamlit: not at collection)

    data = csv_bytes(claims_frame())
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM tells Excel it is UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["Wilayah", "Peserta aktif", "Jumlah dibayar (Rp)", "Rata-rata per klaim (Rp)", "Cakupan UCJ (%)",
         "Jumlah klaim", "Klaim JKM", "Tanggal data", "Impor"],
        ["Kabupaten Labuhanbatu", "66234", "105200000000", "21031587", "36,48", "5002", "≥5", "2025-03-31", "2"],
        ["'=HYPERLINK(\"http://x.invalid\")", "181567", "12345678", "4115227", "5,00", "<5", "255", "", "1013"],
    ]
    # a line of semicolons, the one quoted cell the only one with a quote in it
    assert data.decode("utf-8-sig").splitlines()[1] == (
        "Kabupaten Labuhanbatu;66234;105200000000;21031587;36,48;5002;≥5;2025-03-31;2")


def test_xlsx_has_numbers_with_formats():
    from ui.components import xlsx_bytes

    sheet = load_workbook(io.BytesIO(xlsx_bytes(claims_frame(), "klaim"))).active
    assert sheet.title == "klaim"
    header = [c.value for c in sheet[1]]
    assert header == list(claims_frame().columns)
    assert all(c.font.bold for c in sheet[1])
    first, second = sheet[2], sheet[3]
    cells = {name: (cell.value, cell.number_format) for name, cell in zip(header, first)}
    assert cells == {
        "Wilayah": ("Kabupaten Labuhanbatu", "General"),
        "Peserta aktif": (66234, "#,##0"),
        "Jumlah dibayar (Rp)": (105_200_000_000, "#,##0"),
        "Rata-rata per klaim (Rp)": (21_031_587, "#,##0"),  # rupiah as whole numbers
        "Cakupan UCJ (%)": (36.4785, "0.00"),  # the percentage as it is, shown to two decimals
        "Jumlah klaim": (5002, "#,##0"),
        "Klaim JKM": ("≥5", "General"),
        "Tanggal data": (dt.datetime(2025, 3, 31), "yyyy-mm-dd"),
        "Impor": (2, "0"),  # a number that names something gets no thousands separator
    }
    assert [c.value for c in second] == ["'=HYPERLINK(\"http://x.invalid\")", 181567, 12_345_678, 4_115_227, 5.0,
                                         "<5", 255, None, 1013]
    assert isinstance(second[0].value, str) and second[0].data_type == "s"  # text, never a formula
    assert sheet.freeze_panes == "A2"


def test_the_klaim_pages_csv_holds_the_published_claims_as_numbers(demo_copy, monkeypatch):
    """The claims per benefit of Labuhanbatu, January 2024 to March 2025, downloaded from the Klaim page: one cell per
    column in Excel id-ID, the published counts as plain numbers, the rupiah whole."""
    from conftest import open_app
    from streamlit.delta_generator import DeltaGenerator

    made = {}
    original = DeltaGenerator.download_button

    def keep(self, label, data, file_name=None, *args, **kwargs):
        made[file_name] = data
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", keep)
    at = open_app(monkeypatch, demo_copy, "klaim", wilayah="12.10", periode="2025-03", dari="2024-01", sampai="2025-03")
    assert not at.exception
    name = next(n for n in made if n.startswith("klaim_per_manfaat") and n.endswith(".csv"))
    rows = list(csv.reader(io.StringIO(made[name]().decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}
    assert {b: body[b]["Jumlah klaim"] for b in ("JHT", "JKK", "JKM", "JP")} == {
        "JHT": "5002", "JKK": "149", "JKM": "255", "JP": "3520"}
    assert all(body[b]["Jumlah dibayar (Rp)"].isdigit() for b in body)
    assert all(body[b]["Rata-rata per klaim (Rp)"].isdigit() for b in body), header
