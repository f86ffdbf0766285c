"""Which roster a worker group's figure comes from, said in words (queries/kelompok_daftar.sql).

A month counts, in each kabupaten/kota, a group's rosters dated up to its last day, or, when there is none yet,
the group's earliest later roster (docs/decisions.md, issue 15). Every figure of a group says which: the group,
the roster's date and its source, as plain text (the source is what an operator typed or a file's name)."""
import datetime as dt

import polars as pl

from ucj import fmt


def label(group_name: str, day: dt.date, source: str) -> str:
    """'Daftar guru honorer, 15 April 2025, Dinas Pendidikan'."""
    return f"Daftar {group_name[:1].lower()}{group_name[1:]}, {fmt.date(day)}, {' '.join(str(source).split())}"


def labels(rosters: pl.DataFrame, month: dt.date) -> dict[str, str]:
    """Group code -> the rosters its figure for `month` counts, newest first, '; ' between them; a roster dated
    after the month says that none was dated up to it."""
    out: dict[str, list[str]] = {}
    for row in rosters.iter_rows(named=True):
        text = label(row["nama_kelompok"], row["tanggal_data"], row["sumber"])
        if row["is_sesudah_bulan"]:
            text += f" (belum ada daftar sampai {fmt.month(month)})"
        out.setdefault(row["kelompok_pekerja"], []).append(text)
    return {group: "; ".join(texts) for group, texts in out.items()}


def dates(rosters: pl.DataFrame, month: dt.date) -> dict[str, str]:
    """Group code -> the dates of the rosters its figure for `month` counts, short enough for a table's cell (the
    full `labels` stand under the table): '15 April 2025', a later one '20 Januari 2026 (sesudah April 2025)'."""
    out: dict[str, list[str]] = {}
    for row in rosters.iter_rows(named=True):
        text = fmt.date(row["tanggal_data"])
        if row["is_sesudah_bulan"]:
            text += f" (sesudah {fmt.month(month)})"
        out.setdefault(row["kelompok_pekerja"], []).append(text)
    return {group: "; ".join(texts) for group, texts in out.items()}
