"""What every CSV/XLSX download passes through before it leaves the app, and the files themselves."""
import csv
import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from ucj import fmt
from ucj.suppression import is_hidden

# a cell starting with one of these is read by Excel and LibreOffice as a formula (=HYPERLINK(...), +cmd|..., -1+1,
# @SUM(...)); tab and carriage return start one too after the spreadsheet trims them
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cells(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with every text cell that a spreadsheet would run as a formula prefixed by an apostrophe, which
    makes it text. Numbers stay numbers: a negative number is a number, not a formula."""
    text = [name for name, kind in frame.schema.items() if kind == pl.String]
    if not text:
        return frame
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(r"^[=+\-@\t\r]")).then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name)).alias(name)
        for name in text)


# ---------------------------------------------------------------------------------------------------------
# The files themselves: what Excel set to Indonesian (id-ID) opens as numbers. Its list separator is ';' and its
# decimal separator ',': a CSV with ',' opens as one column, and '36.48' as text (or a date).

RUPIAH_MARK = "(Rp)"  # a column in rupiah says so in its name: 'Jumlah dibayar (Rp)', 'Rata-rata per klaim (Rp)'
PERCENT_MARK = "(%)"  # a percentage already multiplied by 100: 36.48, not 0.3648
# integer columns that name something (an import's number, a row of a file, a year): no thousands separator
IDENTIFIER_COLUMNS = frozenset({"Impor", "Baris", "Tahun"})
CSV_SEPARATOR = ";"


def _column_kind(name: str, kind: pl.DataType) -> str:
    if kind == pl.Date:
        return "date"
    if kind == pl.Datetime:
        return "datetime"
    if not kind.is_numeric():
        return "text"
    if RUPIAH_MARK in name:
        return "rupiah"
    if PERCENT_MARK in name:
        return "percent"
    if kind.is_integer():
        return "identifier" if name in IDENTIFIER_COLUMNS else "count"
    return "fraction"  # a float column: a count that holds a hidden cell, or an average of something else


def _half_up(value: float, digits: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)


def _csv_cell(value, kind: str) -> str:
    if value is None:
        return ""
    if is_hidden(value):
        return fmt.hidden(value)
    if kind == "rupiah":
        return str(int(_half_up(value, 0)))
    if kind == "percent" or (kind == "fraction" and not float(value).is_integer()):
        return f"{_half_up(value, 2):.2f}".replace(".", ",")
    if kind in ("count", "identifier", "fraction"):
        return str(int(value))
    if kind == "date":
        return value.isoformat()
    if kind == "datetime":
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return value if isinstance(value, str) else str(value)


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """The frame as CSV for Excel in id-ID: ';' between cells, UTF-8 with a BOM (else Excel reads it as Windows-1252),
    whole numbers without thousands separators, fractions with a decimal comma to two decimals, rupiah as whole
    numbers, dates as 2025-03-31, a hidden cell '<5' or '≥5', formula-like text made text (safe_cells)."""
    frame = safe_cells(frame)
    kinds = [_column_kind(name, kind) for name, kind in frame.schema.items()]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
    writer.writerow(frame.columns)
    for row in frame.iter_rows():
        writer.writerow(_csv_cell(value, kind) for value, kind in zip(row, kinds))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


XLSX_FORMATS = {"rupiah": "#,##0", "count": "#,##0", "identifier": "0", "percent": "0.00", "date": "yyyy-mm-dd",
                "datetime": "yyyy-mm-dd hh:mm"}


def xlsx_bytes(frame: pl.DataFrame, sheet: str) -> bytes:
    """The frame as a workbook of one sheet: bold headers, numbers as numeric cells with a number format (Excel
    shows them with the reader's own separators), rupiah as whole numbers, percentages and fractions to two
    decimals, dates as dates, a hidden cell as the text '<5' or '≥5', every text cell written as text."""
    import xlsxwriter

    frame = safe_cells(frame)
    kinds = [_column_kind(name, kind) for name, kind in frame.schema.items()]
    # a float column of whole numbers (a count holding a hidden cell) keeps the count's format
    for i, (name, kind) in enumerate(zip(frame.columns, kinds)):
        if kind == "fraction":
            shown = [v for v in frame[name].to_list() if v is not None and not is_hidden(v)]
            kinds[i] = "count" if all(float(v).is_integer() for v in shown) else "fraction"
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    sheet_ = book.add_worksheet(sheet[:31] or "data")
    bold = book.add_format({"bold": True})
    formats = {kind: book.add_format({"num_format": code}) for kind, code in
               {**XLSX_FORMATS, "fraction": "#,##0.00"}.items()}
    widths = [len(name) for name in frame.columns]
    for col, name in enumerate(frame.columns):
        sheet_.write_string(0, col, name, bold)
    for r, row in enumerate(frame.iter_rows(), start=1):
        for col, (value, kind) in enumerate(zip(row, kinds)):
            if value is None:
                continue
            if is_hidden(value):
                text = fmt.hidden(value)
                sheet_.write_string(r, col, text)
            elif kind == "text":
                text = value if isinstance(value, str) else str(value)
                sheet_.write_string(r, col, text)
            elif kind in ("date", "datetime"):
                sheet_.write_datetime(r, col, value if kind == "datetime" else
                                      dt.datetime.combine(value, dt.time()), formats[kind])
                text = "yyyy-mm-dd hh:mm" if kind == "datetime" else "yyyy-mm-dd"
            else:
                number = int(_half_up(value, 0)) if kind == "rupiah" else value
                sheet_.write_number(r, col, float(number) if isinstance(number, Decimal) else number, formats[kind])
                text = fmt.number(number) if kind != "fraction" and kind != "percent" else f"{value:,.2f}"
            widths[col] = max(widths[col], len(text))
    for col, width in enumerate(widths):
        sheet_.set_column(col, col, min(width + 2, 60))
    sheet_.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()
