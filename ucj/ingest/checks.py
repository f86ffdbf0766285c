"""Checks of one row of a village list: the NIK, the birth date and sex beside it, and the desa.

Pure functions over text, so every reason code can be tested without a warehouse.
"""
import csv
import datetime as dt
import difflib
import gzip
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ucj.ingest.sheets import Cell
from ucj.paths import REFERENCE_DIR
from ucj.warehouse.reference import NATIONAL_FILE

# reason code -> what a person reads. A row with any of these is not loaded.
REASONS = {
    "nik_kosong": "NIK kosong",
    "nik_rusak_excel": "NIK rusak oleh Excel: tersimpan sebagai angka sehingga digit terakhirnya hilang; "
                       "ketik ulang dari KTP di sel berformat Teks",
    "nik_bukan_angka": "NIK berisi huruf atau tanda selain angka",
    "nik_panjang_salah": "NIK tidak 16 angka",
    "nik_wilayah_tidak_dikenal": "Kode provinsi/kabupaten di NIK (digit 1-4) tidak ada di referensi wilayah",
    "nik_tanggal_lahir_salah": "Digit 7-12 NIK bukan tanggal lahir yang sah",
    "nik_nomor_urut_nol": "Nomor urut NIK (digit 13-16) 0000",
    "nik_beda_tanggal_lahir": "Tanggal lahir di NIK berbeda dengan kolom tanggal lahir",
    "nik_beda_jenis_kelamin": "Jenis kelamin menurut NIK (tanggal +40 untuk perempuan) berbeda dengan kolom "
                              "jenis kelamin",
    "desa_kosong": "Desa/kelurahan kosong",
    "desa_tidak_ditemukan": "Desa/kelurahan tidak ditemukan di referensi wilayah",
    "desa_ambigu": "Nama desa/kelurahan ada di lebih dari satu kecamatan; isi kolom kecamatan",
    "desa_beda_kecamatan": "Desa/kelurahan ada, tetapi tidak di kecamatan yang ditulis",
    "di_luar_wilayah_akun": "Desa/kelurahan di luar wilayah akun; baris ini tidak dicocokkan dengan peserta",
}
# note code -> what a person reads. Notes do not stop a row from loading.
NOTES = {
    "nik_kecamatan_lama": "Kode kecamatan di NIK tidak ada di referensi terbaru (NIK mungkin terbit sebelum "
                          "pemekaran); NIK tetap dipakai",
    "tanggal_lahir_tidak_terbaca": "Kolom tanggal lahir tidak terbaca, tidak dibandingkan dengan NIK",
    "jenis_kelamin_tidak_terbaca": "Kolom jenis kelamin tidak terbaca, tidak dibandingkan dengan NIK",
    "pernah_peserta": "Pernah menjadi peserta, tetapi kepesertaannya sudah berakhir",
}

_EXCEL_TEXT = re.compile(r'^=\s*"(.*)"$')
_SCIENTIFIC = re.compile(r"^\d+([.,]\d+)?[eE][+]?\d+$")
_NIK_PREFIX = re.compile(r"^\s*(nik|no\.?\s*nik|no\.?\s*ktp)\s*[:.=]?\s*", re.IGNORECASE)
_NIK_DIRT = re.compile(r"[\s\u00a0\u2007\u202f.'`\u2018\u2019\-]")
MONTHS_ID = {"januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "maret": 3, "mar": 3, "april": 4,
             "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8, "agt": 8,
             "agus": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
             "nopember": 11, "desember": 12, "des": 12}


@dataclass(frozen=True)
class NikCheck:
    nik: str | None            # the clean 16 digits when they can be used, else None
    reasons: tuple[str, ...]
    notes: tuple[str, ...] = ()
    birth: tuple[int, int, int] | None = None   # day, month, two-digit year, from the NIK
    is_female: bool | None = None
    digits: str | None = None  # the 16 digits after cleaning, even when another check failed


@lru_cache(maxsize=1)
def issuing_regions() -> frozenset[str]:
    """Every provinsi, kabupaten/kota and kecamatan code of the country, without dots ('12', '1210', '121001')."""
    with gzip.open(REFERENCE_DIR / NATIONAL_FILE, "rt", encoding="utf-8", newline="") as f:
        return frozenset(row["kode"].replace(".", "") for row in csv.DictReader(f) if row["tingkat"] != "desa_kelurahan")


def check_nik(cell: Cell) -> NikCheck:
    raw = _EXCEL_TEXT.sub(r"\1", cell.text.strip())  # ="1210..." is how some exports keep digits as text
    if not raw:
        return NikCheck(None, ("nik_kosong",))
    # a number cell, or the scientific form Excel writes into CSV, has lost the last digit for good
    if cell.is_number or _SCIENTIFIC.match(raw.replace(" ", "")):
        return NikCheck(None, ("nik_rusak_excel",))
    text = _NIK_DIRT.sub("", _NIK_PREFIX.sub("", raw))
    if not text.isdigit() or not text.isascii():
        return NikCheck(None, ("nik_bukan_angka",))
    if len(text) != 16:
        return NikCheck(None, ("nik_panjang_salah",))
    reasons, notes = [], []
    regions = issuing_regions()
    if text[:4] not in regions:
        reasons.append("nik_wilayah_tidak_dikenal")
    elif text[:6] not in regions:
        notes.append("nik_kecamatan_lama")
    day, month, year = int(text[6:8]), int(text[8:10]), int(text[10:12])
    is_female = day > 40
    if is_female:
        day -= 40
    if not _is_real_date(day, month, year):
        reasons.append("nik_tanggal_lahir_salah")
    if text[12:] == "0000":
        reasons.append("nik_nomor_urut_nol")
    birth = None if "nik_tanggal_lahir_salah" in reasons else (day, month, year)
    return NikCheck(None if reasons else text, tuple(reasons), tuple(notes), birth, is_female, text)


# Excel's lost digit reads as a 0. One NIK in ten ends in 0; a column where nearly all do was damaged
# (typed as numbers, then pasted as text or saved to CSV), and none of its NIKs ending in 0 can be trusted.
DAMAGED_COLUMN_MIN_ROWS = 5
DAMAGED_COLUMN_SHARE = 0.8


def damaged_column(digits: list[str]) -> bool:
    zeros = sum(1 for d in digits if d.endswith("0"))
    return len(digits) >= DAMAGED_COLUMN_MIN_ROWS and zeros >= DAMAGED_COLUMN_SHARE * len(digits)


def _is_real_date(day: int, month: int, two_digit_year: int) -> bool:
    """True if DD-MM-YY is a date in 19YY or 20YY (29 February only in a leap year of either)."""
    for century in (1900, 2000):
        try:
            dt.date(century + two_digit_year, month, day)
            return True
        except ValueError:
            continue
    return False


def parse_birth_date(text: str) -> dt.date | None:
    """'1985-05-12', '12-05-1985', '12/05/1985', '12.05.1985', '12 Mei 1985'; None if unreadable."""
    text = " ".join(text.strip().split())
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        y, mo, d = map(int, m.groups())
        return _date_or_none(y, mo, d)
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
    if m:
        d, mo, y = map(int, m.groups())
        return _date_or_none(y, mo, d)
    m = re.fullmatch(r"(\d{1,2})[ -]([A-Za-z]+)\.?[ -](\d{4})", text)
    if m and m.group(2).lower() in MONTHS_ID:
        return _date_or_none(int(m.group(3)), MONTHS_ID[m.group(2).lower()], int(m.group(1)))
    return None


def _date_or_none(y: int, mo: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


def split_place_and_date(text: str) -> str:
    """'Rantauprapat, 12-05-1985' -> '12-05-1985' (the date part of a Tempat/Tgl Lahir cell)."""
    for separator in (",", "/", ";"):
        if separator in text:
            head, _, tail = text.rpartition(separator)
            if parse_birth_date(tail):
                return tail
    return text


def parse_sex(text: str) -> bool | None:
    """True for a woman, False for a man, None when unreadable."""
    key = re.sub(r"[^a-z]", "", text.lower())
    if key in {"p", "perempuan", "wanita", "pr", "w", "f", "female"}:
        return True
    if key in {"l", "lakilaki", "laki", "lk", "pria", "m", "male"}:
        return False
    return None


def check_person(nik: NikCheck, birth_text: str, sex_text: str) -> tuple[list[str], list[str]]:
    """Reasons and notes from comparing the NIK with the birth date and sex columns, when present."""
    reasons, notes = [], []
    if nik.birth and birth_text.strip():
        born = parse_birth_date(birth_text)
        if born is None:
            notes.append("tanggal_lahir_tidak_terbaca")
        elif (born.day, born.month, born.year % 100) != nik.birth:
            reasons.append("nik_beda_tanggal_lahir")
    if nik.is_female is not None and nik.birth and sex_text.strip():
        female = parse_sex(sex_text)
        if female is None:
            notes.append("jenis_kelamin_tidak_terbaca")
        elif female != nik.is_female:
            reasons.append("nik_beda_jenis_kelamin")
    return reasons, notes


# ---------------------------------------------------------------------------------------------
# Desa matching

_PREFIXES = {"desa", "ds", "kel", "kelurahan", "kec", "kecamatan", "kab", "kabupaten"}
_SUNGAI = {"sei", "sungai", "sg", "sgi"}
_CODE = re.compile(r"^(\d{2})\.?(\d{2})\.?(\d{2})\.?(\d{4})$")
SUGGESTION_MIN_SIMILARITY = 0.75


def normalise_place(text: str) -> str:
    """'Ds. Sei  Berombang' and 'SUNGAI BEROMBANG' -> 'sungaiberombang'; 'Rantau Prapat' = 'Rantauprapat'."""
    clean = unicodedata.normalize("NFKC", text).lower()
    words = re.sub(r"[^a-z0-9]+", " ", clean).split()
    stripped = list(words)
    while len(stripped) > 1 and stripped[0] in _PREFIXES:
        stripped = stripped[1:]
    return "".join("sungai" if w in _SUNGAI else w for w in stripped)


@dataclass(frozen=True)
class Desa:
    kode: str
    nama: str
    kode_kecamatan: str
    nama_kecamatan: str


@dataclass(frozen=True)
class DesaMatch:
    desa: Desa | None
    reason: str | None
    suggestion: Desa | None = None


class DesaIndex:
    """The official desa/kelurahan of the import's region, by normalised name."""

    def __init__(self, desa: list[Desa]):
        self.by_code = {d.kode: d for d in desa}
        self.by_name: dict[str, list[Desa]] = {}
        for d in desa:
            self.by_name.setdefault(normalise_place(d.nama), []).append(d)
        self.names = list(self.by_name)
        self._suggestions: dict[tuple[str, str], Desa | None] = {}

    def match(self, desa_text: str, kecamatan_text: str) -> DesaMatch:
        if not desa_text.strip():
            return DesaMatch(None, "desa_kosong")
        code = _CODE.match(desa_text.strip())
        if code:
            found = self.by_code.get(".".join(code.groups()))
            return DesaMatch(found, None if found else "desa_tidak_ditemukan")
        candidates = self.by_name.get(normalise_place(desa_text), [])
        kecamatan = normalise_place(kecamatan_text) if kecamatan_text.strip() else ""
        if kecamatan:
            in_kecamatan = [d for d in candidates if normalise_place(d.nama_kecamatan) == kecamatan]
            if len(in_kecamatan) == 1:
                return DesaMatch(in_kecamatan[0], None)
            if candidates and not in_kecamatan:
                return DesaMatch(None, "desa_beda_kecamatan", candidates[0] if len(candidates) == 1 else None)
        if len(candidates) == 1:
            return DesaMatch(candidates[0], None)
        if len(candidates) > 1:
            return DesaMatch(None, "desa_ambigu")
        return DesaMatch(None, "desa_tidak_ditemukan", self.suggest(desa_text, kecamatan))

    def suggest(self, desa_text: str, kecamatan: str) -> Desa | None:
        """The most similar official name, shown to the person and never applied by itself."""
        key = normalise_place(desa_text)
        if (key, kecamatan) not in self._suggestions:
            best = None
            for name in difflib.get_close_matches(key, self.names, n=3, cutoff=SUGGESTION_MIN_SIMILARITY):
                in_kecamatan = [d for d in self.by_name[name]
                                if not kecamatan or normalise_place(d.nama_kecamatan) == kecamatan]
                if in_kecamatan:
                    best = in_kecamatan[0]
                    break
                best = best or self.by_name[name][0]
            self._suggestions[(key, kecamatan)] = best
        return self._suggestions[(key, kecamatan)]
