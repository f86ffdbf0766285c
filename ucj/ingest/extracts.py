"""Extracts offices and regencies actually have, and what each kind must hold (docs/data-contract.md).

A file is read by DuckDB (ucj.warehouse.loading), never row by row here: this module knows the kinds, their
columns and the names people give them, opens the file in a form DuckDB reads (an .xlsx sheet becomes a table
of text), and says what was wrong in Indonesian. Every column is read as text; the loader parses it in SQL.
"""
import codecs
import fcntl
import hashlib
import io
import os
import re
import stat
import tempfile
import threading
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from ucj.errors import UserError
from ucj.ingest import limits
from ucj.ingest.nik import mask_text

FORMATS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".parquet": "parquet"}
MAX_XLSX_ROWS = 1_000_000  # an extract bigger than this comes as CSV or Parquet (DuckDB streams those)


@dataclass(frozen=True)
class Column:
    name: str
    label: str  # what it means, in Indonesian (the template's second sheet, the data contract)
    example: str
    required: bool = True
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    needs_nik_key: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


_SEGMEN = "PU, BPU, Jakon atau PMI (juga 'Penerima Upah', 'Bukan Penerima Upah', 'Jasa Konstruksi', 'Pekerja Migran')"

KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("peserta", "Peserta (per orang)", ("kpj",), needs_nik_key=True, columns=(
        Column("kpj", "Nomor peserta (KPJ), kunci baris", "23051234567", aliases=("no kpj", "nomor kpj", "no peserta",
                                                                                   "nomor peserta", "kpj peserta")),
        Column("nik", "NIK 16 angka; disimpan hanya sebagai hash berkunci", "3302014501900001",
               aliases=("no ktp", "nomor ktp", "nik peserta", "no nik")),
        Column("kode_desa", "Kode Kemendagri desa/kelurahan tempat peserta", "33.02.01.2001",
               aliases=("kode desa", "kode kelurahan", "kode desa kelurahan", "kd desa", "kode wilayah desa")),
        Column("segmen", _SEGMEN, "BPU", aliases=("segmen peserta", "jenis kepesertaan", "kepesertaan",
                                                  "jenis peserta", "program kepesertaan")),
        Column("tanggal_daftar", "Tanggal terdaftar (TTTT-BB-HH atau HH/BB/TTTT)", "2025-01-15",
               aliases=("tgl daftar", "tanggal kepesertaan", "tgl kepesertaan", "tanggal registrasi", "tmt",
                        "tgl registrasi", "tanggal terdaftar")),
        Column("aktif_sampai", "Hari terakhir terlindungi; kosong = masih aktif", "", required=False,
               aliases=("tgl aktif sampai", "tanggal nonaktif", "tgl nonaktif", "masa aktif sampai", "aktif s d",
                        "tanggal berakhir", "tgl berakhir")),
        Column("kelompok_pekerja", "Kode kelompok pekerja (guru_honorer, nelayan, ...); kosong = lainnya", "nelayan",
               required=False, aliases=("kelompok", "kelompok pekerja", "jenis pekerjaan", "pekerjaan")),
        Column("sumber_dana", "mandiri, pemberi kerja, APBD, APBDes, DBH Sawit, CSR atau SERTAKAN; kosong = "
               "pemberi kerja untuk PU dan Jakon, mandiri untuk yang lain", "APBD", required=False,
               aliases=("sumber dana", "pembayar iuran", "sumber iuran")),
        Column("program", "Program yang diikuti, dipisah koma (JKK,JKM,JHT,JP,JKP); kosong = program wajib segmennya",
               "JKK,JKM", required=False, aliases=("program peserta", "program yang diikuti")),
    )),
    Kind("rekap", "Rekap jumlah peserta (per desa atau kecamatan, per bulan)", ("kode_wilayah", "bulan", "segmen"),
         columns=(
        Column("kode_wilayah", "Kode Kemendagri desa/kelurahan atau kecamatan", "33.02.01",
               aliases=("kode desa", "kode kecamatan", "kode wilayah", "kd wilayah")),
        Column("bulan", "Bulan (TTTT-BB)", "2025-03", aliases=("periode", "bulan data", "bulan laporan")),
        Column("segmen", _SEGMEN, "BPU", aliases=("segmen peserta", "jenis kepesertaan", "kepesertaan")),
        Column("peserta_aktif", "Peserta aktif di akhir bulan", "1250",
               aliases=("jumlah peserta aktif", "aktif", "jml peserta aktif", "peserta aktif")),
        Column("peserta_baru", "Peserta baru selama bulan itu", "40", required=False,
               aliases=("jumlah peserta baru", "baru", "jml peserta baru", "peserta baru")),
    )),
    Kind("klaim", "Klaim dibayar", ("no_klaim",), columns=(
        Column("no_klaim", "Nomor klaim, kunci baris", "KL-2025-000123",
               aliases=("nomor klaim", "no klaim", "nomor penetapan", "no penetapan klaim")),
        Column("kpj", "Nomor peserta (KPJ) yang sudah dimuat sebagai peserta", "23051234567",
               aliases=("no kpj", "nomor kpj", "no peserta", "nomor peserta")),
        Column("manfaat", "JKK, JKM, JHT, JP, JKP atau beasiswa", "JHT",
               aliases=("program", "jenis klaim", "jenis manfaat", "program klaim")),
        Column("tanggal_kejadian", "Tanggal kejadian (kecelakaan, meninggal, berhenti bekerja)", "2025-02-10",
               aliases=("tgl kejadian", "tanggal kasus", "tgl kasus")),
        Column("tanggal_bayar", "Tanggal dibayar", "2025-03-03",
               aliases=("tgl bayar", "tanggal pembayaran", "tgl pembayaran", "tanggal dibayar", "tgl dibayar")),
        Column("jumlah_idr", "Jumlah dibayar, rupiah bulat", "15250000",
               aliases=("jumlah", "nominal", "jumlah bayar", "nilai klaim", "jumlah dibayar", "jumlah rp",
                        "nominal klaim")),
        Column("kode_desa", "Kode desa/kelurahan; kosong = desa peserta", "", required=False,
               aliases=("kode desa", "kode kelurahan", "kd desa")),
    )),
    Kind("pekerja", "Pekerja yang seharusnya terlindungi (penyebut UCJ)", ("kode_wilayah", "berlaku_mulai"), columns=(
        Column("kode_wilayah", "Kode Kemendagri desa/kelurahan atau kabupaten/kota", "33.02",
               aliases=("kode desa", "kode kabupaten", "kode wilayah", "kd wilayah")),
        Column("berlaku_mulai", "Berlaku mulai tanggal", "2025-01-01", aliases=("tmt", "mulai berlaku", "berlaku")),
        Column("jumlah_pekerja", "Jumlah pekerja (penduduk bekerja)", "812345",
               aliases=("jumlah", "penduduk bekerja", "jumlah penduduk bekerja", "pekerja")),
        Column("sumber", "Sumber angka, misalnya 'BPS Sakernas Agustus 2024'", "BPS Sakernas Agustus 2024",
               aliases=("sumber data",)),
        Column("tanggal_sumber", "Tanggal sumber", "2024-11-05", aliases=("tgl sumber", "tanggal data", "tgl data")),
    )),
    Kind("target", "Target UCJ per tahun", ("kode_wilayah", "tahun"), columns=(
        Column("kode_wilayah", "Kode provinsi atau kabupaten/kota", "33.02", aliases=("kode wilayah", "kode kabupaten")),
        Column("tahun", "Tahun", "2025"),
        Column("target_pct", "Target cakupan UCJ dalam persen (0-100)", "35,5",
               aliases=("target", "target ucj", "target persen", "target cakupan")),
        Column("sumber", "Dasar target, misalnya 'RPJMD 2025-2029'", "RPJMD 2025-2029", aliases=("sumber data", "dasar")),
    )),
    Kind("target-kantor", "Target peserta baru kantor cabang per bulan", ("kode_kantor", "kode_kabupaten", "bulan"),
         columns=(
        Column("kode_kantor", "Kode kantor cabang (sudah dimuat sebagai kantor)", "KC-PWT",
               aliases=("kode kantor", "kantor", "kode cabang")),
        Column("kode_kabupaten", "Kode kabupaten/kota", "33.02", aliases=("kode kabupaten", "kode kab", "kabupaten")),
        Column("bulan", "Bulan (TTTT-BB)", "2025-03", aliases=("periode",)),
        Column("target_peserta", "Target peserta baru", "900", aliases=("target", "target peserta baru")),
    )),
    Kind("kantor", "Kantor cabang dan kabupaten/kota yang dilayaninya", ("kode_kabupaten", "berlaku_mulai"), columns=(
        Column("kode_kantor", "Kode kantor", "KC-PWT", aliases=("kode kantor", "kode cabang")),
        Column("nama", "Nama kantor", "Kantor Cabang Purwokerto", aliases=("nama kantor",)),
        Column("jenis", "cabang atau pratama", "cabang", aliases=("jenis kantor", "tipe")),
        Column("kode_kabupaten", "Kode kabupaten/kota yang dilayani", "33.02",
               aliases=("kode kabupaten", "kabupaten", "kode kab")),
        Column("berlaku_mulai", "Melayani mulai tanggal", "2024-01-01", aliases=("mulai", "tmt")),
    )),
    Kind("sponsor", "Perjanjian pendanaan iuran (MoU, Perbup)", ("kode_perjanjian",), columns=(
        Column("kode_perjanjian", "Kode perjanjian, kunci baris", "APBD-3302-2025", aliases=("kode", "nomor perjanjian")),
        Column("nama", "Nama perjanjian", "Perbup Banyumas 12/2025", aliases=("nama perjanjian", "judul")),
        Column("sponsor", "Pihak yang membayar", "Pemkab Banyumas", aliases=("penyandang dana", "pemberi dana")),
        Column("sumber_dana", "APBD, APBDes, DBH Sawit, CSR atau SERTAKAN", "APBD", aliases=("sumber dana",)),
        Column("kode_wilayah", "Kode wilayah cakupan perjanjian", "33.02", aliases=("kode wilayah",)),
        Column("jumlah_pekerja", "Jumlah pekerja yang didanai", "2000", aliases=("jumlah", "kuota")),
        Column("program", "Program, dipisah koma", "JKK,JKM"),
        Column("mulai", "Mulai", "2025-01-01", aliases=("tanggal mulai", "periode mulai")),
        Column("selesai", "Selesai", "2025-12-31", aliases=("tanggal selesai", "periode selesai")),
        Column("status", "berlaku atau rencana", "berlaku"),
        Column("tanggal_perjanjian", "Tanggal ditandatangani", "2024-12-20", required=False,
               aliases=("tanggal ttd", "tgl perjanjian")),
        Column("keterangan", "Keterangan", "", required=False, aliases=("catatan",)),
    )),
)}

# reason code -> the sentence people read (a row may have several)
REASONS = {
    "kunci_kosong": "Kolom kunci baris kosong",
    "nik_kosong": "NIK kosong",
    "nik_rusak_excel": "NIK rusak oleh Excel (tersimpan sebagai angka, digit terakhir hilang); ketik ulang sebagai teks",
    "nik_bukan_angka": "NIK berisi huruf atau tanda selain angka",
    "nik_panjang_salah": "NIK tidak 16 angka",
    "nik_tanggal_lahir_salah": "Digit 7-12 NIK bukan tanggal lahir yang sah",
    "nik_nomor_urut_nol": "Nomor urut NIK (digit 13-16) 0000",
    "nik_wilayah_tidak_dikenal": "Kode provinsi/kabupaten di NIK (digit 1-4) tidak ada di referensi wilayah",
    "wilayah_tidak_dikenal": "Kode wilayah tidak ada di referensi wilayah Kemendagri",
    "wilayah_tingkat_salah": "Kode wilayah ada, tetapi bukan tingkat yang diminta kolom ini",
    "segmen_tidak_dikenal": "Segmen bukan PU, BPU, Jakon atau PMI",
    "manfaat_tidak_dikenal": "Manfaat bukan JKK, JKM, JHT, JP, JKP atau beasiswa",
    "program_tidak_dikenal": "Program berisi selain JKK, JKM, JHT, JP, JKP",
    "kelompok_tidak_dikenal": "Kelompok pekerja tidak dikenal",
    "sumber_dana_tidak_dikenal": "Sumber dana tidak dikenal",
    "jenis_kantor_tidak_dikenal": "Jenis kantor bukan cabang atau pratama",
    "status_tidak_dikenal": "Status bukan berlaku atau rencana",
    "tanggal_tidak_terbaca": "Tanggal tidak terbaca atau tidak ada di kalender (tulis TTTT-BB-HH)",
    "bulan_tidak_terbaca": "Bulan tidak terbaca (tulis TTTT-BB)",
    "tahun_tidak_terbaca": "Tahun tidak terbaca (tulis 4 angka)",
    "tanggal_di_masa_depan": "Tanggal jatuh setelah hari ini",
    "tanggal_terlalu_lama": "Tanggal sebelum 1977, sebelum program ada",
    "daftar_setelah_aktif_sampai": "Tanggal daftar jatuh setelah tanggal aktif sampai",
    "bayar_sebelum_kejadian": "Tanggal bayar jatuh sebelum tanggal kejadian",
    "selesai_sebelum_mulai": "Tanggal selesai jatuh sebelum tanggal mulai",
    "kejadian_sebelum_daftar": "Tanggal kejadian jatuh sebelum peserta terdaftar",
    "angka_tidak_terbaca": "Angka tidak terbaca",
    "angka_negatif": "Angka negatif",
    "jumlah_tidak_positif": "Jumlah nol atau negatif",
    "persen_di_luar_rentang": "Persen di luar 0 sampai 100",
    "teks_kosong": "Kolom wajib kosong",
    "kpj_tidak_dikenal": "KPJ belum ada di peserta yang dimuat; muat ekstrak peserta lebih dulu",
    "kantor_tidak_dikenal": "Kode kantor belum dimuat; muat daftar kantor lebih dulu",
    "kunci_ganda_berbeda": "Kunci yang sama muncul di lebih dari satu baris dengan isi berbeda; semua baris itu ditolak",
}


def normalise_header(text: str) -> str:
    """'No. KPJ' -> 'no kpj'; 'Tgl_Daftar ' -> 'tgl daftar'; 'Aktif s/d' -> 'aktif s d'."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(text).lower()).split())


def map_columns(kind: Kind, headers: list[str], file_name: str) -> dict[str, str]:
    """Canonical column -> the file's header for it. Canonical names always work; aliases too."""
    by_norm: dict[str, str] = {}
    for header in headers:
        by_norm.setdefault(normalise_header(header), header)
    mapping = {}
    for column in kind.columns:
        for name in (column.name, *column.aliases):
            found = by_norm.get(normalise_header(name))
            if found is not None and found not in mapping.values():
                mapping[column.name] = found
                break
    missing = [c for c in kind.required if c not in mapping]
    if missing:
        # a file without a header row has its first data row here: a NIK among them is shown masked
        # (and a header written over several lines in one cell is shown on one)
        shown = [mask_text(h) if sum(ch.isdigit() for ch in str(h)) >= 12 else " ".join(str(h).split())
                 for h in headers[:12]]
        raise UserError(
            f"Berkas {file_name} bukan ekstrak {kind.name}: kolom {', '.join(missing)} tidak ditemukan (judul kolom "
            f"yang ada: {', '.join(shown) or 'tidak ada'}); pakai templat {kind.name} atau ganti judul "
            "kolomnya.")
    return mapping


def file_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UserError(f"Berkas {path.name} bukan CSV, XLSX atau Parquet; simpan ekstraknya dalam salah satu format "
                        "itu lalu ulangi.")
    return fmt


def read_xlsx(data: bytes, file_name: str) -> tuple[pl.DataFrame, int]:
    """The first sheet, every cell as text, and the sheet row of its header (the first row with anything in it).
    Blank rows between data rows are kept as empty rows, so that a row's position gives its line in the sheet.
    A number cell is written the way Excel writes a long number into CSV ('1.21001E+15' style) when it has 15
    or more digits, so that a NIK damaged by Excel is recognised as such, never matched."""
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for every kind of broken file
        raise UserError(f"Berkas {file_name} tidak dapat dibaca sebagai XLSX; simpan ulang dari Excel lalu ulangi.") from exc
    filled = [i for i, r in enumerate(rows) if any(str(v).strip() for v in r)]
    if not filled:
        raise UserError(f"Berkas {file_name} kosong; isi ekstraknya mulai baris pertama dengan judul kolom.")
    header_index = filled[0]
    rows = rows[header_index:filled[-1] + 1]
    headers = [str(h).strip() or f"kolom_{i + 1}" for i, h in enumerate(rows[0])]
    seen: dict[str, int] = {}
    for i, h in enumerate(headers):  # a header repeated is kept apart, never merged
        seen[h] = seen.get(h, 0) + 1
        if seen[h] > 1:
            headers[i] = f"{h}_{seen[h]}"
    columns = [[_cell_text(r[i]) if i < len(r) else None for r in rows[1:]] for i in range(len(headers))]
    frame = pl.DataFrame({h: pl.Series(h, c, dtype=pl.String) for h, c in zip(headers, columns)})
    return frame, header_index + 1


def _cell_text(value) -> str | None:
    import datetime as dt

    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.6E}" if abs(value) >= 1e15 else repr(value)
    if isinstance(value, int):
        return str(value) if abs(value) < 10**15 else f"{float(value):.6E}"
    return str(value)


def template_xlsx(kind: Kind) -> bytes:
    """The header and one example row, and a second sheet saying what each column means."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = kind.name
    sheet.append([c.name for c in kind.columns])
    sheet.append([c.example for c in kind.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2, max_row=2):
        for cell in row:
            cell.number_format = "@"  # text: a NIK or a code typed here keeps every digit
    for i, column in enumerate(kind.columns):
        sheet.column_dimensions[sheet.cell(1, i + 1).column_letter].width = max(14, len(column.name) + 4)
    notes = book.create_sheet("keterangan")
    notes.append(["kolom", "wajib", "arti", "judul lain yang dikenali"])
    for column in kind.columns:
        notes.append([column.name, "ya" if column.required else "tidak", column.label, ", ".join(column.aliases)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Opened:
    source: "Source"  # noqa: F821 (ucj.warehouse.loading.Source, imported where a file is opened)
    headers: list[str]
    mapping: dict[str, str]
    sha256: str

    def close(self) -> None:
        """Remove the UTF-8 copy made of a Windows-1252 CSV, if one was made."""
        if self.source.temporary and self.source.path is not None:
            release_copy(self.source.path)


def _digest_and_encoding(path: Path) -> tuple[str, str]:
    """The file's SHA-256 and its text encoding, in one pass: 'utf-16' with its BOM (Excel's 'Unicode Text'),
    'utf-8' (a BOM included) when every byte is UTF-8, else 'cp1252' (Excel's CSV on an Indonesian Windows)."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as f:
        encoding = "utf-16" if f.read(2) in (b"\xff\xfe", b"\xfe\xff") else None
        f.seek(0)
        while chunk := f.read(1 << 20):
            if encoding is None:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    encoding = "cp1252"
            digest.update(chunk)
    if encoding is None:
        try:
            decoder.decode(b"", final=True)
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "cp1252"
    return digest.hexdigest(), encoding


def private_folder() -> Path:
    """Where copies of people's files wait for DuckDB: a folder of this user's only (0700) in the temporary
    folder, so that no other account on the server can list or read them. Copies a killed process left behind
    are removed here (`remove_stale_copies`): they hold clear NIKs."""
    folder = Path(tempfile.gettempdir()) / f"ucj-salinan-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    info = os.lstat(folder)
    # someone else's folder (or a link to one) under our name would receive our copies: refuse it
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise UserError(f"Folder sementara {folder} bukan milik pengguna ini; hapus folder itu lalu ulangi.")
    if stat.S_IMODE(info.st_mode) != 0o700:
        os.chmod(folder, 0o700)
    return folder


_held: dict[str, int] = {}  # a copy's path -> the descriptor holding its lock while it is in use
_held_guard = threading.Lock()


def private_copy(suffix: str) -> tuple[int, Path]:
    """A new file in the private folder, open for writing and locked (flock) for as long as it is in use, so
    that `remove_stale_copies` in this or another process never removes a copy a load still reads. Release it
    with `release_copy`."""
    remove_stale_copies()
    fd, name = tempfile.mkstemp(prefix="ucj-salinan-", suffix=suffix, dir=private_folder())
    fcntl.flock(fd, fcntl.LOCK_EX)
    with _held_guard:
        _held[name] = os.dup(fd)  # the lock lives with the open file, which this keeps open after fd is closed
    return fd, Path(name)


def release_copy(path: Path) -> None:
    """Remove a copy and let go of its lock (idempotent)."""
    Path(path).unlink(missing_ok=True)
    with _held_guard:
        fd = _held.pop(str(path), None)
    if fd is not None:
        os.close(fd)


def remove_stale_copies() -> int:
    """Remove the copies nobody holds any more (their process was killed); returns how many. A copy in use
    is locked, so trying its lock without waiting tells the two apart."""
    folder = private_folder()
    removed = 0
    for entry in folder.iterdir():
        if not entry.name.startswith("ucj-salinan-") or str(entry) in _held:
            continue
        try:
            fd = os.open(entry, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue  # another load holds it
        try:
            entry.unlink(missing_ok=True)
            removed += 1
        finally:
            os.close(fd)
    return removed


def _utf8_copy(path: Path, encoding: str) -> Path:
    """A UTF-8 copy of a text file in another encoding, for DuckDB (which reads UTF-8, and Latin-1 without
    Windows-1252's 0x80-0x9F: the en dash, the curly quotes). In the private folder (0700), locked while in use
    and removed after the load: it holds what the file holds. Decoded in blocks, not rows."""
    fd, name = private_copy(".csv")
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    try:
        with open(path, "rb") as source, os.fdopen(fd, "w", encoding="utf-8", newline="") as target:
            while chunk := source.read(1 << 20):
                target.write(decoder.decode(chunk))
            target.write(decoder.decode(b"", final=True))
    except BaseException:
        release_copy(name)
        raise
    return name


def open_file(con, path: Path, kind: Kind, data: bytes | None = None, name: str | None = None) -> Opened:
    """A file (on disk, or uploaded bytes for an .xlsx) checked to be an extract of this kind: readable, with
    its required columns. Nothing is loaded yet. Close it (Opened.close) when done."""
    from ucj.warehouse.loading import Source, headers

    name = name or path.name
    fmt = file_format(Path(name))
    if data is None and not path.is_file():
        raise UserError(f"Berkas {path} tidak ditemukan; periksa nama dan foldernya.")
    if (len(data) if data is not None else path.stat().st_size) == 0:
        raise UserError(f"Berkas {name} kosong; isi ekstraknya mulai baris pertama dengan judul kolom.")
    if data is not None:
        limits.check_size(len(data), name)  # uploaded bytes; a file on the server (the CLI's) may be bigger
    if fmt == "xlsx":
        if data is None:
            with open(path, "rb") as handle:  # the zip's directory and rows checked before the file is read whole
                limits.check_xlsx(handle, name, MAX_XLSX_ROWS)
            data = path.read_bytes()
        else:
            limits.check_xlsx(data, name, MAX_XLSX_ROWS)
        frame, header_line = read_xlsx(data, name)
        source = Source(name, fmt, frame=frame, header_line=header_line)
        sha = hashlib.sha256(data).hexdigest()
    elif data is not None:
        raise ValueError("only an .xlsx is taken as bytes")
    else:
        sha, encoding = _digest_and_encoding(path)
        if fmt == "csv" and encoding != "utf-8":
            copy = _utf8_copy(path, encoding)
            source = Source(name, fmt, path=copy, temporary=True)
            # removed with the source even when a caller never closes what it opened
            weakref.finalize(source, release_copy, copy)
        else:
            source = Source(name, fmt, path=path)
    opened = Opened(source, [], {}, sha)
    try:
        found = headers(con, source)
        return Opened(source, found, map_columns(kind, found, name), sha)
    except BaseException:
        opened.close()
        raise
