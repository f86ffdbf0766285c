"""Finding the list inside a sheet: which row holds the column headers, and which column is which.

Lists come with titles, merged cells and logos above the header, several sheets, blank rows and a
total at the bottom. Headers are recognised from the words Indonesian offices use; the person can
correct the mapping, and their choice always wins.
"""
import re
from dataclasses import dataclass, field

from ucj.errors import UserError
from ucj.ingest.sheets import Cell, Sheet

# field -> label shown to people
FIELDS = {
    "nik": "NIK",
    "nama": "Nama",
    "tempat_tanggal_lahir": "Tempat/Tgl Lahir",
    "tanggal_lahir": "Tanggal lahir",
    "jenis_kelamin": "Jenis kelamin",
    "desa": "Desa/Kelurahan",
    "kecamatan": "Kecamatan",
    "pekerjaan": "Pekerjaan",
    "no_hp": "No HP",
}

# normalised header (lower case, letters and digits only) -> field
_EXACT = {
    "nik": "nik", "noktp": "nik", "nomorktp": "nik", "nikktp": "nik", "nonik": "nik", "nomornik": "nik",
    "nomorindukkependudukan": "nik", "noindukkependudukan": "nik", "ktp": "nik", "niknomorktp": "nik",
    "nama": "nama", "namalengkap": "nama", "namapeserta": "nama", "namapekerja": "nama", "namaanggota": "nama",
    "namaguru": "nama", "namakader": "nama", "namasesuaiktp": "nama",
    "tempattgllahir": "tempat_tanggal_lahir", "tempattanggallahir": "tempat_tanggal_lahir",
    "ttl": "tempat_tanggal_lahir", "tempatlahirtanggallahir": "tempat_tanggal_lahir",
    "tempattgllhr": "tempat_tanggal_lahir",
    "tgllahir": "tanggal_lahir", "tanggallahir": "tanggal_lahir", "tgllhr": "tanggal_lahir",
    "jeniskelamin": "jenis_kelamin", "jk": "jenis_kelamin", "lp": "jenis_kelamin", "kelamin": "jenis_kelamin",
    "jeniskelaminlp": "jenis_kelamin", "sex": "jenis_kelamin",
    "desa": "desa", "kelurahan": "desa", "desakelurahan": "desa", "kelurahandesa": "desa", "desakel": "desa",
    "deskel": "desa", "namadesa": "desa", "namadesakelurahan": "desa", "kodedesa": "desa", "asaldesa": "desa",
    "kecamatan": "kecamatan", "kec": "kecamatan", "namakecamatan": "kecamatan",
    "pekerjaan": "pekerjaan", "jenispekerjaan": "pekerjaan", "profesi": "pekerjaan", "jabatan": "pekerjaan",
    "nohp": "no_hp", "nomorhp": "no_hp", "hp": "no_hp", "notelp": "no_hp", "notelepon": "no_hp",
    "telepon": "no_hp", "nowa": "no_hp", "nohpwa": "no_hp", "nomortelepon": "no_hp", "notlp": "no_hp",
}
# tried in this order when no exact match: the first found wins. Short stems must be a whole word of the
# header ('NIK (16 digit)', 'No. HP'), so that names in a data row ('Anik', 'Niken') are not read as headers.
_CONTAINS = (
    ("desa", "desa"), ("kelurahan", "desa"),
    ("kecamatan", "kecamatan"),
    ("nik", "nik"), ("ktp", "nik"), ("indukkependudukan", "nik"),
    ("tempat", "tempat_tanggal_lahir"),
    ("lahir", "tanggal_lahir"),
    ("kelamin", "jenis_kelamin"),
    ("nama", "nama"),
    ("pekerjaan", "pekerjaan"),
    ("hp", "no_hp"), ("telp", "no_hp"), ("telepon", "no_hp"), ("whatsapp", "no_hp"), ("wa", "no_hp"),
)
_WHOLE_WORD = {"desa", "nik", "ktp", "nama", "hp", "telp", "wa", "tempat", "lahir"}
_IGNORED = {"tempatlahir", "no", "nomor", "nourut"}  # a place alone is not a birth date
_LONG_DIGITS = re.compile(r"\d{12,}")
HEADER_SEARCH_ROWS = 30
_TOTAL = re.compile(r"^\s*(grand\s+)?(total|jumlah|jml)\b", re.IGNORECASE)


def normalise_header(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def guess_field(header: str) -> str | None:
    key = normalise_header(header)
    if not key or key in _IGNORED or _LONG_DIGITS.search(header):
        return None
    if key in _EXACT:
        return _EXACT[key]
    words = re.findall(r"[a-z0-9]+", header.lower())
    for pattern, name in _CONTAINS:
        if pattern in words or (pattern not in _WHOLE_WORD and pattern in key):
            return name
    return None


def mask_digits(text: str) -> str:
    """Labels come from the file: a header row that is really a person's row must not show a NIK."""
    return _LONG_DIGITS.sub(lambda m: m.group()[:4] + "*" * (len(m.group()) - 8) + m.group()[-4:], text)


@dataclass
class Table:
    """The list found in one sheet: its header row and the rows below it."""
    sheet: str
    header_row: int                       # 1-based row number in the file
    headers: list[str]                    # unique labels, one per column
    mapping: dict[str, int]               # field -> column index
    rows: list[tuple[int, list[Cell]]]    # (row number in the file, cells) of data rows
    skipped_blank: int = 0
    skipped_total: int = 0
    skipped_other: int = 0
    sheet_names: list[str] = field(default_factory=list)

    def value(self, cells: list[Cell], name: str) -> Cell:
        index = self.mapping.get(name)
        if index is None or index >= len(cells):
            return Cell("")
        return cells[index]


def _score(row: list[Cell]) -> tuple[int, dict[str, int]]:
    found: dict[str, int] = {}
    if any(c.is_number and len(c.text) >= 12 or _LONG_DIGITS.search(c.text) for c in row):
        return 0, {}  # a row holding a NIK is a person, never the header
    for index, cell in enumerate(row):
        name = guess_field(cell.text) if not cell.is_number else None
        if name and name not in found:
            found[name] = index
    return (len(found) + (2 if "nik" in found else 0)), found


def find_header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    """(0-based row index, guessed mapping) of the best header row in the sheet's top rows, or None."""
    best = None
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        score, found = _score(row)
        if len(found) >= 2 and (best is None or score > best[0]):
            best = (score, index, found)
    return None if best is None else (best[1], best[2])


def choose_sheet(sheets: list[Sheet], name: str | None, file_name: str) -> Sheet:
    names = [s.name for s in sheets]
    if name:
        for sheet in sheets:
            if sheet.name == name:
                return sheet
        raise UserError(f"Lembar '{name}' tidak ada di {file_name}; lembar yang ada: {', '.join(names)}.")
    scored = [(find_header(s), s) for s in sheets]
    with_nik = [(h, s) for h, s in scored if h and "nik" in h[1]]
    candidates = with_nik or [(h, s) for h, s in scored if h]
    if not candidates:
        raise UserError(f"Berkas {file_name} tidak berisi daftar yang dikenali: tidak ada baris judul kolom "
                        f"seperti NIK, Nama, Desa/Kelurahan di {len(sheets)} lembarnya; periksa berkasnya.")
    # the sheet with the most rows under a recognised header: instructions sheets have few
    return max(candidates, key=lambda hs: len(hs[1].rows) - hs[0][0])[1]


def read_table(sheets: list[Sheet], file_name: str, sheet_name: str | None = None,
               mapping: dict[str, str | None] | None = None, require_nik: bool = True) -> Table:
    """The list in the chosen (or detected) sheet. `mapping` (field -> header label, or None to drop a
    guessed column) overrides the guess. Without `require_nik` a list whose NIK column was not recognised
    is returned anyway, for the person to point at it."""
    sheet = choose_sheet(sheets, sheet_name, file_name)
    found = find_header(sheet)
    if found is None:
        raise UserError(f"Lembar '{sheet.name}' di {file_name} tidak punya baris judul kolom yang dikenali "
                        "(misalnya NIK, Nama, Desa/Kelurahan); tambahkan judul kolom atau pilih lembar lain.")
    header_index, guessed = found
    headers = _unique_labels(sheet.rows[header_index])
    columns = dict(guessed)
    for name, label in (mapping or {}).items():
        if name not in FIELDS:
            raise UserError(f"'{name}' bukan kolom yang dikenal; pilih dari: {', '.join(FIELDS)}.")
        if label in (None, ""):
            columns.pop(name, None)
            continue
        if label not in headers:
            raise UserError(f"Kolom '{label}' tidak ada di baris judul lembar '{sheet.name}'; kolom yang ada: "
                            f"{', '.join(h for h in headers if h)}.")
        columns = {k: v for k, v in columns.items() if v != headers.index(label)}
        columns[name] = headers.index(label)
    if "nik" not in columns and require_nik:
        raise UserError(f"Kolom NIK tidak ditemukan di lembar '{sheet.name}' {file_name}; tunjuk kolom NIK "
                        "(di baris perintah: --column nik=\"JUDUL KOLOM\").")
    table = Table(sheet.name, header_index + 1, headers, columns, [], sheet_names=[s.name for s in sheets])
    for offset, cells in enumerate(sheet.rows[header_index + 1:], start=header_index + 2):
        if not any(c.text.strip() for c in cells):
            table.skipped_blank += 1
            continue
        nik, nama = table.value(cells, "nik"), table.value(cells, "nama")
        if not nik.text.strip() and any(_TOTAL.match(c.text) for c in cells if c.text):
            # a total or a dusun's subtotal: counted, and the list goes on if people follow
            table.skipped_total += 1
            continue
        if not nik.text.strip() and not nama.text.strip():
            # signature blocks, notes, sub-headings: no person on this row
            table.skipped_other += 1
            continue
        table.rows.append((offset, cells))
    if not table.rows:
        raise UserError(f"Lembar '{sheet.name}' di {file_name} tidak berisi baris data di bawah judul kolom "
                        f"(baris {header_index + 1}); periksa berkasnya.")
    return table


def _unique_labels(row: list[Cell]) -> list[str]:
    labels, seen = [], {}
    for index, cell in enumerate(row):
        label = mask_digits(" ".join(cell.text.split())) or f"Kolom {index + 1}"
        seen[label] = seen.get(label, 0) + 1
        labels.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return labels
