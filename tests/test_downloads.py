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
