"""Sinkronisasi data: an import's check as cards and tables, and the history of imports."""
import datetime as dt
import json

import polars as pl

from ucj import fmt
from ucj.ingest.checks import NOTES, REASONS
from ucj.ingest.extracts import KINDS
from ucj.ingest.extracts import REASONS as EXTRACT_REASONS
from ucj.ingest.limits import safe_file_name
from ucj.reports.screens import Card, formatted


def check_cards(report: dict) -> list[Card]:
    """What the dry run found, row by row outcome (rosters.Plan.report())."""
    return [Card(label, fmt.number(report[key]), border=False) for label, key in (
        ("Baris dibaca", "rows_read"), ("Tidak valid", "invalid"), ("Ganda di berkas", "duplicate_in_file"),
        ("Sudah di daftar", "already_imported"), ("Sudah peserta", "already_participant"), ("Baru", "new"))]


def skipped_sentence(report: dict) -> str:
    skipped = report["skipped_rows"]
    return (f"Dilewati: {fmt.number(skipped['blank'])} baris kosong, {fmt.number(skipped['total'])} baris jumlah, "
            f"{fmt.number(skipped['other'])} baris tanpa NIK dan nama.")


def reasons_table(report: dict) -> pl.DataFrame:
    """Rows per reason for refusing a row, in words (the codes stay in the CLI's --json); a row with two problems
    counts under both."""
    reasons = report["reasons"]
    return pl.DataFrame({"Alasan": [REASONS[c] for c in reasons], "Baris": list(reasons.values())},
                        schema={"Alasan": pl.String, "Baris": pl.Int64})


def saved_cards(report: dict) -> list[Card]:
    """What a saved import changed (rosters.Plan.report() of the commit): a roster import only adds people."""
    kept_out = report["rows_read"] - report["to_load"]
    return [Card(label, fmt.number(value), border=False) for label, value in (
        ("Baris dibaca", report["rows_read"]), ("Ditambah", report["to_load"]), ("Diubah", 0), ("Dihapus", 0),
        ("Tidak disimpan", kept_out))]


def saved_sentence(report: dict, group_name: str, region_name: str) -> str:
    """'Tersimpan sebagai impor #2: 15 orang ditambah ke daftar Guru honorer (Kabupaten Labuhanbatu), bertanggal
    15 April 2025: ...': what the save changed, the list's group, region and date. No file name: it is the file's
    own text, shown by the page as plain text."""
    if not report["committed"]:
        return "Tidak ada yang diubah: berkas ini sudah pernah diimpor dan tidak menambah siapa pun."
    kept_out = [f"{fmt.number(n)} {label}" for n, label in (
        (report["invalid"], "baris tidak valid"), (report["duplicate_in_file"], "ganda di berkas"),
        (report["already_imported"], "sudah ada di daftar")) if n]
    return (f"Tersimpan sebagai impor #{report['impor_id']}: {fmt.number(report['to_load'])} orang ditambah ke daftar "
            f"{group_name} ({region_name}), bertanggal {fmt.date(dt.date.fromisoformat(report['data_date']))}: "
            f"{fmt.number(report['new'])} belum peserta dan "
            f"{fmt.number(report['already_participant'])} sudah peserta. 0 diubah, 0 dihapus (impor daftar hanya "
            "menambah orang)." + (f" Tidak disimpan: {_listed(kept_out)}." if kept_out else ""))


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " dan " + parts[-1]


def notes_table(report: dict) -> pl.DataFrame:
    notes = report["notes"]
    return pl.DataFrame({"Catatan": [NOTES[c] for c in notes], "Baris": list(notes.values())})


def history_table(history: pl.DataFrame) -> pl.DataFrame:
    """Past imports (impor_riwayat), newest as the query orders them, with counts from each import's summary: a
    roster's (its group, invalid rows, people already covered) or an extract's (its kind, rejected rows). A file
    name logged before names were kept without their digit runs is shown the same way (a NIK in it stays hidden)."""
    summaries = [json.loads(text) for text in history["ringkasan_json"]]
    kinds = [None if group else KINDS[kind].label if kind in KINDS else kind
             for kind, group in zip(history["jenis"], history["nama_kelompok"])]
    return history.select(
        pl.col("impor_id").alias("Impor"), pl.col("diimpor_at").dt.strftime("%d/%m/%Y %H:%M").alias("Waktu"),
        pl.col("oleh").alias("Oleh"),
        pl.col("nama_kelompok").fill_null(pl.Series(kinds, dtype=pl.String)).alias("Jenis daftar"),
        # made after collecting, never inside a Polars expression: see ucj.reports.screens
        formatted("Berkas", history["nama_file"].to_list(), safe_file_name),
        pl.col("sha256_file").str.slice(0, 12).alias("SHA-256 (awal)"), pl.col("jumlah_baris").alias("Baris"),
        pl.Series("Tidak valid", [s.get("invalid", s.get("rejected")) for s in summaries], dtype=pl.Int64),
        pl.Series("Sudah peserta", [s.get("already_participant") for s in summaries], dtype=pl.Int64),
        pl.col("jumlah_baru").alias("Baru"))


# ---------------------------------------------------------------------------------------------------------
# Extracts (python -m ucj load on the page): the dry run and what a load changed


def extract_cards(report: dict) -> list[Card]:
    """What loading the extract does, row by row (loading.Plan.report()), as the command line counts it."""
    return [Card(label, fmt.number(report[key]), border=False) for label, key in (
        ("Baris dibaca", "rows_read"), ("Baru", "loaded"), ("Diperbarui", "updated"), ("Tidak berubah", "unchanged"),
        ("Ganda identik", "duplicates"), ("Ditolak", "rejected"))]


def extract_reasons_table(report: dict) -> pl.DataFrame:
    """Rejected rows per reason, in words (a row with two problems counts under both)."""
    reasons = report["reasons"]
    return pl.DataFrame({"Alasan ditolak": [EXTRACT_REASONS.get(code, code) for code in reasons],
                         "Baris": list(reasons.values())}, schema={"Alasan ditolak": pl.String, "Baris": pl.Int64})


def rejected_lines(report: dict, shown: int = 10) -> str:
    """'Baris ditolak pertama (baris 1 = judul kolom): 6, 7, 8 dan 9.'"""
    lines = [str(row["baris"]) for row in report["rejected_rows"][:shown]]
    listed = lines[0] if len(lines) == 1 else ", ".join(lines[:-1]) + " dan " + lines[-1]
    more = report["rejected"] > len(lines)
    return (f"Baris ditolak{' pertama' if more else ''} (baris 1 = judul kolom): {listed}"
            + (f"; seluruhnya {fmt.number(report['rejected'])} baris." if more else "."))


def extract_columns_table(report: dict) -> pl.DataFrame:
    """Each column of the kind and the file's header read for it."""
    columns = report["columns"]
    return pl.DataFrame({"Kolom": list(columns), "Judul di berkas": list(columns.values())},
                        schema={"Kolom": pl.String, "Judul di berkas": pl.String})


def extract_plan_sentence(report: dict) -> str:
    """What pressing save would do."""
    changes = report["loaded"] + report["updated"]
    if not changes:
        return ("Semua baris yang sah sudah tersimpan persis sama: menyimpan berkas ini tidak mengubah apa pun."
                if report["rows_read"] > report["rejected"] else "Tidak ada baris yang sah untuk disimpan.")
    return (f"Menyimpan akan menambah {fmt.number(report['loaded'])} baris dan memperbarui "
            f"{fmt.number(report['updated'])} baris; baris yang ditolak tidak disimpan (perbaiki di berkas lalu muat lagi).")


def extract_saved_sentence(report: dict) -> str:
    """What a load changed: its import number and counts, or that nothing changed."""
    if not report["committed"]:
        return "Tidak ada yang diubah: semua baris yang sah sudah tersimpan persis sama."
    return (f"Tersimpan sebagai impor #{report['impor_id']} (ekstrak {report['kind']}): {fmt.number(report['loaded'])} baris baru, "
            f"{fmt.number(report['updated'])} diperbarui, {fmt.number(report['unchanged'])} tidak berubah, "
            f"{fmt.number(report['rejected'])} ditolak. Semua halaman kini memakai angka yang baru.")
