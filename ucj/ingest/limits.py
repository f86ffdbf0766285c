"""What an uploaded file may cost the server, checked before any parser touches it; and file names made safe to keep.

The browser's upload limit is only advice to an honest browser: anyone can send bigger bytes straight to the
server. So every function that receives a file's bytes asks here first, in this order, each refusal one
sentence: the size of the bytes; for an .xlsx (a zip), the zip's own directory (the members' total uncompressed
size, and a compression ratio no spreadsheet reaches); then the sheets' XML streamed in blocks to count rows
and the widest column, stopping at the first row over the limit. Only then does calamine read the sheets, and
calamine allocates the whole rectangle from the first to the last cell, so that rectangle is bounded too.
"""
import re
import zipfile
from pathlib import PurePath
from typing import Callable

from ucj.errors import UserError

MAX_UPLOAD_MB = 50  # the server's own limit (.streamlit/config.toml server.maxUploadSize says the same)
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_XLSX_UNCOMPRESSED_MB = 200  # what the members of an .xlsx may unpack to, all together
# a sheet of real lists compresses 5 to 30 times; a zip bomb thousands of times. Small members are left alone:
# their ratio can be anything and they cost nothing.
MAX_COMPRESSION_RATIO = 150
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
MAX_CELLS_PER_SHEET = 30_000_000  # rows x columns of the rectangle calamine allocates for one sheet
MAX_FILE_NAME = 80  # characters of a file name kept in the import log
_BLOCK = 1 << 20

# patterns that start with a literal, so that a 100.000-row sheet is scanned in a fraction of a second. They may
# overcount (a drawing's <xdr:row>), never undercount: only refusals grow.
_ROW_WORD = re.compile(rb"row[\s>/]")
_ROW_PREFIX = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?$")
_ROW_NUMBER = re.compile(rb'r="(\d+)"')  # a row's number; a cell's reference starts with letters
_WIDE_COLUMN = re.compile(rb'r="([A-Z]{2,3})\d')  # a cell beyond column Z (up to Z, 26 columns are always fine)
_DIGIT_RUN = re.compile(r"\d{6,}")


def check_size(size: int, file_name: str) -> None:
    """The size limit, before anything is read: one sentence naming the limit."""
    if size > MAX_UPLOAD_BYTES:
        raise UserError(f"Berkas {file_name} lebih besar dari {MAX_UPLOAD_MB} MB; bagi isinya menjadi beberapa "
                        "berkas lalu unggah satu per satu.")


def check_xlsx(data, file_name: str, max_rows: int) -> None:
    """Refuse an .xlsx whose zip would unpack to too much, or whose sheets hold more rows (or a wider rectangle)
    than may be read. `data` is the bytes or an open binary file. Reads the zip directory, then each sheet's XML
    in blocks; never a whole member at once."""
    import io

    try:
        book = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UserError(f"Berkas {file_name} tidak dapat dibaca sebagai XLSX (bukan zip yang utuh); buka di "
                        "Excel, simpan ulang sebagai .xlsx, lalu ulangi.") from exc
    with book:
        members = book.infolist()
        unpacked = sum(m.file_size for m in members)
        if unpacked > MAX_XLSX_UNCOMPRESSED_MB * 1024 * 1024:
            raise UserError(f"Isi berkas {file_name} lebih dari {MAX_XLSX_UNCOMPRESSED_MB} MB setelah dibuka; bagi "
                            "daftarnya menjadi beberapa berkas lalu ulangi.")
        for member in members:
            if member.file_size >= RATIO_CHECKED_FROM_BYTES and \
                    member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1):
                raise UserError(f"Berkas {file_name} dimampatkan secara tidak wajar (bukan berkas Excel biasa) dan "
                                "tidak dibaca; simpan ulang daftarnya dari Excel sebagai .xlsx lalu ulangi.")
        # every member, not only xl/worksheets/: a workbook's relationships may place a sheet anywhere
        for member in members:
            if not member.is_dir():
                _check_sheet(book, member, file_name, max_rows)


def _check_sheet(book: zipfile.ZipFile, member: zipfile.ZipInfo, file_name: str, max_rows: int) -> None:
    """Rows and the widest column of a member's sheet data, counted from its <sheetData> on (a theme's or a
    drawing's attributes before it, or in a member without one, are not rows)."""
    rows = last_row = widest = 0
    carry = b""
    read = 0
    in_sheet = False
    try:
        with book.open(member) as stream:
            while block := stream.read(_BLOCK):
                read += len(block)
                if read > member.file_size:  # a directory that understates its member: not read further
                    raise UserError(f"Berkas {file_name} rusak (isinya tidak sesuai daftar isinya); simpan ulang "
                                    "dari Excel sebagai .xlsx lalu ulangi.")
                text = carry + block
                # a tag never straddles the cut: everything after the last '>' waits for the next block
                cut = text.rfind(b">") + 1
                text, carry = text[:cut], text[cut:]
                if not in_sheet:
                    start = text.find(b"sheetData")
                    if start < 0:
                        continue
                    in_sheet, text = True, text[start:]
                # an opening row tag, prefixed or not ('<row ', '<x:row>'), not a closing one
                rows += sum(1 for m in _ROW_WORD.finditer(text) if _ROW_PREFIX.search(text, max(0, m.start() - 40),
                                                                                     m.start()))
                # an attribute named r only (a theme's dir="5400000" is not one)
                numbers = [int(m.group(1)) for m in _ROW_NUMBER.finditer(text) if text[m.start() - 1:m.start()].isspace()]
                if numbers:
                    last_row = max(last_row, max(numbers))
                for letters in {m.group(1) for m in _WIDE_COLUMN.finditer(text) if text[m.start() - 1:m.start()].isspace()}:
                    widest = max(widest, _column_number(letters))
                if max(rows, last_row) > max_rows:
                    raise UserError(f"Sebuah lembar di {file_name} lebih dari {max_rows:,} baris; bagi daftarnya "
                                    "menjadi beberapa berkas.".replace(",", "."))
                if max(rows, last_row) * max(widest, 26) > MAX_CELLS_PER_SHEET:
                    raise UserError(f"Sebuah lembar di {file_name} terlalu lebar atau terlalu panjang untuk dibaca "
                                    "(ada isi jauh di kanan atau di bawah daftar); hapus kolom dan baris kosong di "
                                    "luar daftar lalu simpan ulang.")
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:  # zlib and CRC errors, encrypted members
        raise UserError(f"Berkas {file_name} tidak dapat dibaca sebagai XLSX (isinya rusak); buka di Excel, "
                        "simpan ulang sebagai .xlsx, lalu ulangi.") from exc


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def safe_file_name(file_name: str) -> str:
    """A file name as it may be kept and shown later: every run of 6 or more digits (a NIK, a KK number, a phone
    number, a birth date) becomes '#', line breaks and control characters go, and it is cut to MAX_FILE_NAME
    characters. 'daftar_1210010101900001_budi.xlsx' -> 'daftar_#_budi.xlsx'."""
    text = _DIGIT_RUN.sub("#", str(file_name))
    text = "".join(ch if ch.isprintable() else " " for ch in text).strip()
    if len(text) > MAX_FILE_NAME:
        suffix = PurePath(text).suffix[:10]
        text = text[:MAX_FILE_NAME - len(suffix) - 1] + "…" + suffix
    return text


Charge = Callable[[int], None]


def charge(store, name: str, action: str, file_sha256: str, kind: str, counted: bool = True) -> Charge:
    """What a dry run or a load calls with its number of rows before it matches any of them: the rows are logged
    in the audit log (who, when, the file's hash, its kind, its rows; never a file name or a NIK) and counted
    against the account's hourly limit, which raises (ucj.accounts.Store.take_rows) to refuse them. The same file
    (its hash) counted for this account within the hour is logged again but not counted again: checking it with
    another column or date, saving it (`counted` False) or the page's check after the save names no new person.
    `action`: 'periksa' (a dry run), 'impor' (a list saved), 'muat' (an extract loaded)."""
    def take(rows: int) -> None:
        again = not counted or _counted_this_hour(store, name, file_sha256)
        store.take_rows(name, 0 if again else rows, action, f"{file_sha256} {kind} {rows} baris")
    return take


def _counted_this_hour(store, name: str, file_sha256: str) -> bool:
    import datetime as dt

    # the audit log's own format (ucj.accounts): ISO 8601 in UTC, whole seconds, so the strings compare as times
    since = (dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(hours=1)).isoformat()
    return any(entry.rows > 0 and entry.at >= since and entry.detail.startswith(file_sha256 + " ")
               for entry in store.log(limit=1000, name=name))
