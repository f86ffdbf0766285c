"""Importing a village list or group roster: plan (the dry run), then commit the same plan.

A plan is computed from the file and the warehouse as it is at that moment. The commit computes the plan
again inside its transaction and refuses to write if it differs from the one the person confirmed, so
what the dry run reported is exactly what is written. The commit goes through the write seam
(`ucj.warehouse.write`): its lock serialises imports per warehouse file, its transaction writes the roster rows,
the import log and the group mart together, and its audits run before anything is committed.
"""
import datetime as dt
import hashlib
import io
import os
from dataclasses import dataclass, field

import polars as pl

from ucj import access, warehouse
from ucj.errors import UserError
from ucj.ingest import limits, nik
from ucj.ingest.checks import (NOTES, REASONS, Desa, DesaIndex, check_nik, check_person, damaged_column,
                               split_place_and_date)
from ucj.ingest.columns import Table, read_table
from ucj.ingest.sheets import read_workbook
from ucj.warehouse import write
from ucj.warehouse.reference import WORKER_GROUPS

GROUPS = tuple(code for code, _, _ in WORKER_GROUPS)
DEMO_REFUSES = ("Gudang ini gudang data demo (kunci hash NIK-nya terbuka untuk umum), jadi daftar nyata tidak "
                "disimpan di sini; buat gudang nyata dengan 'python -m ucj init', jalankan dasbor di atasnya, lalu "
                "masuk sebagai admin dan impor di sana.")
GROUP_ALIASES = {"guru": "guru_honorer", "rentan": "pekerja_rentan", "kepling": "kepala_lingkungan"}
OUTCOMES = {
    "baru": "Baru: belum peserta",
    "sudah_peserta": "Sudah peserta aktif",
    "sudah_diimpor": "Sudah ada di daftar kelompok ini",
    "duplikat_dalam_berkas": "Ganda di berkas ini",
    "tidak_valid": "Tidak valid",
}
LOADED = ("baru", "sudah_peserta")
MART_FILES = ("00_macros.sql", "05_mart_kelompok_wilayah_bulan.sql")


@dataclass
class RowResult:
    baris: int
    nik_tersamar: str
    nama: str
    desa_di_berkas: str
    kecamatan_di_berkas: str
    kode_desa: str | None
    desa_resmi: str | None
    hasil: str
    alasan: list[str]
    catatan: list[str]
    saran_desa: str
    nik_hash: str | None = field(default=None, repr=False)
    sama_dengan_baris: int | None = None
    nik_digits: str | None = field(default=None, repr=False)  # in memory only, to judge the whole column


@dataclass
class Plan:
    file_name: str
    file_sha256: str
    group: str
    region: str
    data_date: dt.date
    source: str
    table: Table
    rows: list[RowResult]
    previous_import: dict | None = None
    is_demo: bool = False
    committed: bool = False
    impor_id: int | None = None
    per_person: bool = True  # whether the viewer may see each row's outcome (admins); else counts only

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.hasil == outcome)

    @property
    def to_load(self) -> list[RowResult]:
        return [r for r in self.rows if r.hasil in LOADED]

    def signature(self) -> list[tuple]:
        return [(r.baris, r.hasil, r.kode_desa, r.nik_hash) for r in self.rows]

    def report(self) -> dict:
        reasons: dict[str, int] = {}
        notes: dict[str, int] = {}
        for row in self.rows:
            for code in row.alasan:
                reasons[code] = reasons.get(code, 0) + 1
            for code in row.catatan:
                notes[code] = notes.get(code, 0) + 1
        invalid = self.count("tidak_valid")
        return {
            "file": self.file_name,
            "file_sha256": self.file_sha256,
            "sheet": self.table.sheet,
            "header_row": self.table.header_row,
            "columns": {name: self.table.headers[i] for name, i in sorted(self.table.mapping.items())},
            "kind": self.group,  # the CLI's name for it (--kind), kept in its output
            "region": self.region,
            "data_date": self.data_date.isoformat(),
            "rows_read": len(self.rows),
            "valid": len(self.rows) - invalid,
            "invalid": invalid,
            "duplicate_in_file": self.count("duplikat_dalam_berkas"),
            "already_imported": self.count("sudah_diimpor"),
            "already_participant": self.count("sudah_peserta"),
            "new": self.count("baru"),
            "to_load": len(self.to_load),
            "reasons": dict(sorted(reasons.items())),
            "notes": dict(sorted(notes.items())),
            "skipped_rows": {"blank": self.table.skipped_blank, "total": self.table.skipped_total,
                             "other": self.table.skipped_other},
            "previous_import": self.previous_import,
            "is_demo": self.is_demo,
            "committed": self.committed,
            "impor_id": self.impor_id,
        }

    def rows_frame(self) -> pl.DataFrame:
        """Every row with its outcome and reasons, NIK masked: what screens and the XLSX show. Only for a viewer
        who may use Sinkronisasi (admins): to anyone else a row's outcome says whether that person is a
        participant, and a list of NIKs would become a lookup."""
        if not self.per_person:
            raise UserError("Hasil per orang hanya dapat dilihat admin gudang data; akun ini hanya melihat "
                            "jumlahnya.")
        columns = {
            "Baris": [r.baris for r in self.rows],
            "Hasil": [OUTCOMES[r.hasil] for r in self.rows],
            "Alasan": ["; ".join(REASONS[c] for c in r.alasan) for r in self.rows],
            "NIK": [r.nik_tersamar for r in self.rows],
            "Nama": [r.nama for r in self.rows],
            "Desa di berkas": [r.desa_di_berkas for r in self.rows],
            "Kecamatan di berkas": [r.kecamatan_di_berkas for r in self.rows],
            "Desa resmi": [r.desa_resmi or "" for r in self.rows],
            "Kode desa": [r.kode_desa or "" for r in self.rows],
            "Saran desa (belum diterapkan)": [r.saran_desa for r in self.rows],
            "Catatan": ["; ".join([NOTES[c] for c in r.catatan]
                                  + ([f"sama dengan baris {r.sama_dengan_baris}"] if r.sama_dengan_baris else []))
                        for r in self.rows],
        }
        return pl.DataFrame(columns, schema={name: pl.Int64 if name == "Baris" else pl.String for name in columns})


def resolve_group(group: str) -> str:
    code = GROUP_ALIASES.get(group, group)
    if code not in GROUPS:
        raise UserError(f"Jenis daftar '{group}' tidak dikenal; pilih salah satu: "
                        f"{', '.join(sorted(set(GROUPS) | set(GROUP_ALIASES)))}.")
    return code


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def nik_key(con: warehouse.Connection) -> bytes:
    """The key the warehouse's NIK hashes were made with: UCJ_NIK_KEY, or the demo's own key."""
    values = warehouse.meta(con)
    stored = values.get("nik_key_id")
    if os.environ.get(nik.KEY_ENV):
        key = nik.configured_key()
    elif values.get("is_demo") == "true":
        key = nik.demo_key(int(values["demo_seed"]))
    else:
        key = nik.configured_key()
    if stored and nik.key_id(key) != stored:
        raise UserError(f"Kunci hash NIK ({nik.KEY_ENV}) bukan kunci yang dipakai gudang data ini; NIK tidak akan "
                        "cocok dengan peserta yang ada: pakai kunci yang sama dengan saat gudang dibuat.")
    return key


def default_data_date(con: warehouse.Connection) -> dt.date:
    """Today, or the warehouse's last day when its figures end earlier: a list dated after that day would
    not appear in any month the pages show until the warehouse is refreshed."""
    return min(dt.date.today(), warehouse.data_range(con)[1])


def read_list(data: bytes, file_name: str, sheet: str | None = None,
              mapping: dict[str, str | None] | None = None) -> Table:
    return read_table(read_workbook(data, file_name), file_name, sheet, mapping)


def desa_in_region(con: warehouse.Connection, region: str, viewer: access.Viewer) -> list[Desa]:
    frame = warehouse.read(con, "desa_referensi", viewer, wilayah=region)
    return [Desa(*row) for row in frame.iter_rows()]


def make_plan(con: warehouse.Connection, table: Table, *, file_name: str, file_sha256: str, group: str,
              region: str, data_date: dt.date, source: str, key: bytes,
              viewer: access.Viewer, charge: limits.Charge | None = None) -> Plan:
    """Check every row, then classify the valid ones against the file and the warehouse. Reads only.

    `charge` (the app's: the account's hourly limit and the audit log, `limits.charge`) hears the number of
    rows before anything is matched and raises to refuse them. A row whose desa is outside the viewer's
    regions is not matched with participants ('di_luar_wilayah_akun'). Only a viewer who may use Sinkronisasi
    gets each row's outcome (`Plan.per_person`); anyone else the counts."""
    group = resolve_group(group)
    if charge is not None:
        charge(len(table.rows))
    desa = desa_in_region(con, region, viewer)
    if not desa:
        raise UserError(f"Wilayah '{region}' tidak punya desa/kelurahan di referensi gudang data; pilih kode "
                        "kabupaten/kota yang ada, misalnya 12.10.")
    index = DesaIndex(desa)
    rows = [_check_row(table, number, cells, index, key) for number, cells in table.rows]
    for row in rows:
        if row.kode_desa and not viewer.may_see(row.kode_desa):
            # never hashed, never looked up: whether this person is a participant is not the account's business
            row.alasan.append("di_luar_wilayah_akun")
            row.hasil, row.nik_hash = "tidak_valid", None
    if damaged_column([r.nik_digits for r in rows if r.nik_digits]):
        for row in rows:
            if row.nik_digits and row.nik_digits.endswith("0"):
                row.alasan.insert(0, "nik_rusak_excel")
                row.hasil, row.nik_hash = "tidak_valid", None
    for row in rows:
        row.nik_digits = None

    first_row: dict[str, int] = {}
    for row in rows:
        if row.hasil == "tidak_valid":
            continue
        if row.nik_hash in first_row:
            row.hasil = "duplikat_dalam_berkas"
            row.sama_dengan_baris = first_row[row.nik_hash]
        else:
            first_row[row.nik_hash] = row.baris

    known = _warehouse_status(con, list(first_row), group, data_date, viewer)
    for row in rows:
        if row.hasil != "belum":
            continue
        in_roster, is_active, was_participant = known.get(row.nik_hash, (False, False, False))
        if in_roster:
            row.hasil = "sudah_diimpor"
        elif is_active:
            row.hasil = "sudah_peserta"
        else:
            row.hasil = "baru"
            if was_participant:
                row.catatan.append("pernah_peserta")
    plan = Plan(file_name, file_sha256, group, region, data_date, source, table, rows, is_demo=warehouse.is_demo(con),
                per_person=viewer.may("sinkronisasi"))
    plan.previous_import = _previous_import(con, file_sha256, group, viewer)
    return plan


def _check_row(table: Table, number: int, cells, index: DesaIndex, key: bytes) -> RowResult:
    nik_cell = table.value(cells, "nik")
    checked = check_nik(nik_cell)
    birth = table.value(cells, "tanggal_lahir").text
    if not birth.strip() and "tempat_tanggal_lahir" in table.mapping:
        birth = split_place_and_date(table.value(cells, "tempat_tanggal_lahir").text)
    more_reasons, more_notes = check_person(checked, birth, table.value(cells, "jenis_kelamin").text)
    desa_text = table.value(cells, "desa").text.strip()
    kecamatan_text = table.value(cells, "kecamatan").text.strip()
    match = index.match(desa_text, kecamatan_text)
    reasons = list(checked.reasons) + more_reasons + ([match.reason] if match.reason else [])
    suggestion = match.suggestion
    valid = not reasons
    return RowResult(
        baris=number,
        nik_tersamar=nik.mask(checked.nik) if checked.nik else nik.mask_text(nik_cell.text),
        nama=" ".join(table.value(cells, "nama").text.split()),
        desa_di_berkas=desa_text,
        kecamatan_di_berkas=kecamatan_text,
        kode_desa=match.desa.kode if match.desa else None,
        desa_resmi=f"{match.desa.nama}, Kec. {match.desa.nama_kecamatan}" if match.desa else None,
        hasil="belum" if valid else "tidak_valid",
        alasan=reasons,
        catatan=list(checked.notes) + more_notes,
        saran_desa=f"{suggestion.nama}, Kec. {suggestion.nama_kecamatan} ({suggestion.kode})" if suggestion else "",
        nik_hash=nik.hash_nik(checked.nik, key) if valid else None,
        nik_digits=checked.digits,
    )


def _warehouse_status(con, hashes: list[str], group: str, data_date: dt.date,
                      viewer: access.Viewer) -> dict[str, tuple[bool, bool, bool]]:
    if not hashes:
        return {}
    rows = warehouse.read(con, "impor_status_nik", viewer, nik_hash=hashes, kelompok=group, tanggal=data_date)
    return {h: (a, b, c) for h, a, b, c in rows.iter_rows()}


def _previous_import(con, file_sha256: str, group: str, viewer: access.Viewer) -> dict | None:
    rows = warehouse.read(con, "impor_sebelumnya", viewer, sha256_file=file_sha256, kelompok=group)
    if rows.is_empty():
        return None
    row = rows.row(0, named=True)
    return {"impor_id": row["impor_id"], "diimpor_at": row["diimpor_at"].isoformat(timespec="seconds"),
            "oleh": row["oleh"]}


def commit(con: warehouse.Connection, table: Table, *, file_name: str, file_sha256: str, group: str,
           region: str, data_date: dt.date, source: str, key: bytes, by: str, viewer: access.Viewer,
           confirmed: Plan | None = None, on_stage=None, charge: limits.Charge | None = None) -> Plan:
    """Plan again inside one transaction and write it: roster rows, the log line, the group mart.

    `confirmed` is the dry run the person approved; if the warehouse changed since (another import), the
    new plan differs and nothing is written. `on_stage` hears 'menulis' before the first write and
    'menyetujui' just before the commit (progress for people; a pause point for tests). A file already imported that would add nobody writes nothing,
    not even a log line, so importing the same file twice changes nothing.
    """
    if not by.strip():
        raise UserError("Nama petugas yang mengimpor belum diisi; isi nama agar impor tercatat.")
    if warehouse.is_demo(con):
        # the demo's NIK key is public (ucj.ingest.nik.demo_key): a real list stored under it could be reversed
        raise UserError(DEMO_REFUSES)
    if not viewer.may("sinkronisasi"):
        raise UserError("Menyimpan daftar hanya untuk admin gudang data; minta admin mengimpor berkas ini.")
    with write.transaction(con) as w:
        plan = make_plan(w.reads, table, file_name=file_name, file_sha256=file_sha256, group=group, region=region,
                         data_date=data_date, source=source, key=key, viewer=viewer, charge=charge)
        if confirmed is not None and plan.signature() != confirmed.signature():
            raise UserError("Gudang data berubah sejak uji coba (ada impor lain); jalankan uji coba lagi lalu "
                            "periksa hasilnya sebelum menyimpan.")
        stage = on_stage or (lambda name: None)
        if plan.to_load or plan.previous_import is None:
            stage("menulis")
            _write(w, plan, by)
        stage("menyetujui")
    return plan


def _write(w: write.Writer, plan: Plan, by: str) -> None:
    plan.impor_id = w.next_import_id()
    plan.committed = True
    loaded = plan.to_load
    members = pl.DataFrame({"nik_hash": [r.nik_hash for r in loaded], "kode_desa": [r.kode_desa for r in loaded]},
                           schema={"nik_hash": pl.String, "kode_desa": pl.String})
    # file names often carry a NIK or a name: what is kept has its digit runs replaced and its length capped; a
    # source typed by the operator (--source) is kept as typed
    source = limits.safe_file_name(plan.source) if plan.source == plan.file_name else plan.source
    w.add_roster(members, group=plan.group, source=source, data_date=plan.data_date, impor_id=plan.impor_id)
    summary = plan.report()
    w.log_import(impor_id=plan.impor_id, group=plan.group, file_name=limits.safe_file_name(plan.file_name),
                 file_sha256=plan.file_sha256,
                 by=by, rows_read=summary["rows_read"], new=summary["new"], summary=_log_summary(summary))
    w.refresh_marts(MART_FILES)


def _log_summary(summary: dict) -> dict:
    """The counts worth keeping with the log line; no names, no NIKs."""
    keep = ("sheet", "region", "data_date", "rows_read", "valid", "invalid", "duplicate_in_file", "already_imported",
            "already_participant", "new", "to_load", "reasons", "notes", "columns")
    return {k: summary[k] for k in keep}


def report_xlsx(plan: Plan) -> bytes:
    """The dry-run or import report as a workbook: a summary sheet and every row with its outcome."""
    import xlsxwriter

    summary = plan.report()
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    bold = book.add_format({"bold": True})
    text = book.add_format({"num_format": "@"})
    count = book.add_format({"num_format": "#,##0"})  # Excel shows it with the reader's separators (20.000 in id-ID)
    sheet = book.add_worksheet("Ringkasan")
    lines = [("Data demo", "")] if plan.is_demo else []
    lines += [("Berkas", plan.file_name), ("SHA-256", plan.file_sha256), ("Lembar", plan.table.sheet),
             ("Baris judul", plan.table.header_row), ("Jenis daftar", plan.group), ("Wilayah", plan.region),
             ("Tanggal data", plan.data_date.isoformat()),
             ("Status", "Disimpan (impor #%d)" % plan.impor_id if plan.committed else "Uji coba: belum disimpan"),
             None,
             ("Baris dibaca", summary["rows_read"]), ("Valid", summary["valid"]), ("Tidak valid", summary["invalid"]),
             ("Ganda di berkas", summary["duplicate_in_file"]),
             ("Sudah ada di daftar kelompok", summary["already_imported"]),
             ("Sudah peserta aktif", summary["already_participant"]), ("Baru", summary["new"]), None,
             ("Alasan tidak valid", "Baris")]
    lines += [(REASONS[code], n) for code, n in summary["reasons"].items()]
    lines += [None, ("Catatan", "Baris")] + [(NOTES.get(code, code), n) for code, n in summary["notes"].items()]
    for i, line in enumerate(lines):
        if line:
            # text from the file (its name, its sheet's name) is written as text, never as a formula
            sheet.write_string(i, 0, line[0], bold if line[1] in ("", "Baris") else None)
            if isinstance(line[1], int):
                sheet.write_number(i, 1, line[1], None if line[0] == "Baris judul" else count)
            else:
                sheet.write_string(i, 1, line[1])
    sheet.set_column(0, 0, 48)
    sheet.set_column(1, 1, 70)
    if not plan.per_person:
        book.close()  # counts only: the rows' outcomes are for admins (Plan.rows_frame)
        return buffer.getvalue()
    rows = book.add_worksheet("Baris")
    frame = plan.rows_frame()
    for col, name in enumerate(frame.columns):
        rows.write(0, col, name, bold)
    for r, values in enumerate(frame.iter_rows(), start=1):
        for col, value in enumerate(values):
            if isinstance(value, int):
                rows.write_number(r, col, value)
            elif value is None:
                continue
            else:
                rows.write_string(r, col, value or "", text)
    rows.freeze_panes(1, 0)
    rows.autofilter(0, 0, frame.height, frame.width - 1)
    book.close()
    return buffer.getvalue()
