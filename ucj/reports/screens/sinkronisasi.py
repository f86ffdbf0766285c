"""Sinkronisasi data: an import's check as cards and tables, and the history of imports."""
import json

import polars as pl

from ucj import fmt
from ucj.ingest.checks import NOTES, REASONS
from ucj.reports.screens import Card


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
    """Rows per reason for refusing a row; a row with two problems counts under both."""
    reasons = report["reasons"]
    return pl.DataFrame({"Alasan": [REASONS[c] for c in reasons], "Kode": list(reasons), "Baris": list(reasons.values())})


def notes_table(report: dict) -> pl.DataFrame:
    notes = report["notes"]
    return pl.DataFrame({"Catatan": [NOTES[c] for c in notes], "Baris": list(notes.values())})


def history_table(history: pl.DataFrame) -> pl.DataFrame:
    """Past imports (impor_riwayat), newest as the query orders them, with counts from each import's summary."""
    summaries = [json.loads(text) for text in history["ringkasan_json"]]
    return history.select(
        pl.col("impor_id").alias("Impor"), pl.col("diimpor_at").dt.strftime("%d/%m/%Y %H:%M").alias("Waktu"),
        pl.col("oleh").alias("Oleh"), pl.col("nama_kelompok").alias("Jenis daftar"), pl.col("nama_file").alias("Berkas"),
        pl.col("sha256_file").str.slice(0, 12).alias("SHA-256 (awal)"), pl.col("jumlah_baris").alias("Baris"),
        pl.Series("Tidak valid", [s["invalid"] for s in summaries]),
        pl.Series("Sudah peserta", [s["already_participant"] for s in summaries]),
        pl.col("jumlah_baru").alias("Baru"))
