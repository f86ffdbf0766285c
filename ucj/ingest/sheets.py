"""Reading the lists villages and offices send: .xlsx or .csv, as cells of text.

Every cell becomes text. A cell Excel stored as a number keeps that fact (`is_number`), because a
16-digit NIK in a number cell has already lost its last digit and must never be matched. Nothing is
read through a float on our side: openpyxl gives the number Excel stored, and we only remember that
it was one.
"""
import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from ucj.errors import UserError
from ucj.ingest import limits

MAX_ROWS_PER_SHEET = 1_000_000


@dataclass(frozen=True)
class Cell:
    text: str
    is_number: bool = False


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]] = field(default_factory=list)  # rows[i] is row i + 1 of the file


def read_workbook(data: bytes, file_name: str) -> list[Sheet]:
    """All sheets of an .xlsx, or the one table of a .csv. Unreadable input is a UserError.

    The server's limits come first (ucj.ingest.limits): the size of the bytes, then an .xlsx's zip directory
    and its sheets' rows, streamed, before calamine reads anything; a CSV stops at the first row over the limit."""
    suffix = Path(file_name).suffix.lower()
    if not data:
        raise UserError(f"Berkas {file_name} kosong; kirim berkas .xlsx atau .csv yang berisi daftar.")
    limits.check_size(len(data), file_name)
    if suffix in (".xlsx", ".xlsm") or (suffix not in (".csv", ".txt") and data[:2] == b"PK"):
        limits.check_xlsx(data, file_name, MAX_ROWS_PER_SHEET)
        return _read_xlsx(data, file_name)
    if suffix in (".csv", ".txt"):
        return [_read_csv(data, file_name)]
    if suffix == ".xls" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UserError(f"Berkas {file_name} berformat Excel lama (.xls); buka di Excel lalu simpan sebagai "
                        ".xlsx, kemudian ulangi.")
    raise UserError(f"Berkas {file_name} bukan .xlsx atau .csv; simpan daftar sebagai .xlsx atau .csv lalu ulangi.")


def _read_xlsx(data: bytes, file_name: str) -> list[Sheet]:
    # calamine (Rust) reads a 100.000-row sheet several times faster than openpyxl; values come typed,
    # so a number cell stays recognisable as one
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error types for every kind of broken file
        raise UserError(f"Berkas {file_name} tidak dapat dibaca sebagai Excel .xlsx ({type(exc).__name__}); "
                        "buka di Excel, simpan ulang sebagai .xlsx, lalu ulangi.") from exc
    sheets = []
    for name in book.sheet_names:
        try:
            values = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:
            raise UserError(f"Lembar '{name}' di {file_name} tidak dapat dibaca ({type(exc).__name__}); "
                            "simpan ulang berkasnya sebagai .xlsx lalu ulangi.") from exc
        if len(values) > MAX_ROWS_PER_SHEET:
            raise UserError(f"Lembar '{name}' di {file_name} lebih dari {MAX_ROWS_PER_SHEET:,} baris; "
                            "bagi daftarnya menjadi beberapa berkas.".replace(",", "."))
        grid = [[_xlsx_cell(v) for v in row] for row in values]
        _fill_merged(grid, book.get_sheet_by_name(name).merged_cell_ranges or [])
        sheets.append(Sheet(name, grid))
    return sheets


def _fill_merged(grid: list[list[Cell]], ranges) -> None:
    """A desa typed once in a cell merged over several people's rows belongs to each of them."""
    for (top, left), (bottom, right) in ranges:
        if top >= len(grid) or left >= len(grid[top]):
            continue
        value = grid[top][left]
        for r in range(top, min(bottom, len(grid) - 1) + 1):
            for c in range(left, min(right, len(grid[r]) - 1) + 1):
                grid[r][c] = value


def _xlsx_cell(value) -> Cell:
    if value is None or value == "":
        return Cell("")
    if isinstance(value, bool):
        return Cell("YA" if value else "TIDAK")
    if isinstance(value, (dt.datetime, dt.date)):
        day = value.date() if isinstance(value, dt.datetime) else value
        return Cell(day.isoformat())
    if isinstance(value, (int, float)):
        # the number as Excel kept it; is_number tells later checks that its digits may be gone
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
            return Cell(str(int(value)), is_number=True)
        return Cell(repr(value) if isinstance(value, float) else str(value), is_number=True)
    return Cell(str(value))


def _read_csv(data: bytes, file_name: str) -> Sheet:
    if b"\x00" in data[:4096] and data[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        raise UserError(f"Berkas {file_name} bukan teks CSV (berisi data biner); simpan daftar sebagai .xlsx "
                        "atau .csv lalu ulangi.")
    text = _decode(data)
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    delimiter = _delimiter(lines)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    sheet = Sheet(Path(file_name).stem)
    try:
        for row in reader:
            if len(sheet.rows) >= MAX_ROWS_PER_SHEET:
                raise UserError(f"Berkas {file_name} lebih dari {MAX_ROWS_PER_SHEET:,} baris; bagi daftarnya "
                                "menjadi beberapa berkas.".replace(",", "."))
            sheet.rows.append([Cell(value) for value in row])
    except csv.Error as exc:
        raise UserError(f"Berkas {file_name} tidak dapat dibaca sebagai CSV ({exc}); periksa tanda kutipnya "
                        "atau simpan ulang dari Excel sebagai CSV.") from exc
    return sheet


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; Excel on Windows writes Windows-1252, or UTF-16 as 'Unicode Text'."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(lines: list[str]) -> str:
    """Semicolon where Excel uses a comma as the decimal mark (Indonesian settings), else comma or tab."""
    best, best_score = ",", 0
    for candidate in (";", ",", "\t", "|"):
        counts = [line.count(candidate) for line in lines]
        # the delimiter appears in most lines; a comma inside 'Rantauprapat, 12-05-1985' does not
        score = sorted(counts)[len(counts) // 2] if counts else 0
        if score > best_score:
            best, best_score = candidate, score
    return best
