"""What each screen of the dashboard shows, computed without streamlit: one module per page.

A page reads its frames through the warehouse's read seam and hands them here; these functions return the
derived figures (through `ucj.reports.measures`), the tables as shown and downloaded, and the Plotly figures.
Values are formatted after the frames are collected, never by a Python function inside a Polars expression
(under concurrent sessions that held the whole server).
"""
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polars as pl

from ucj import fmt, settings
from ucj.suppression import is_hidden


@dataclass(frozen=True)
class Card:
    """One metric card as shown: every text already formatted for id_ID."""
    label: str
    value: str
    delta: str | None = None
    delta_color: str = "normal"  # 'inverse' when a rise is bad, 'off' when it is neither good nor bad
    help: str | None = None
    note: str | None = None  # a line under the card
    border: bool = True


def formatted(name: str, values: Iterable, formatter: Callable) -> pl.Series:
    """A column of values formatted for people; a missing value stays missing."""
    return pl.Series(name, [None if v is None else formatter(v) for v in values], dtype=pl.String)


def with_hidden_as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame as shown and downloaded: a numeric column holding a hidden cell (NaN) becomes text, '<5' there and
    the other values written for id_ID, so that neither a table nor a CSV/XLSX shows 'NaN' or a blank that reads as
    'not loaded'. Columns without one keep their numbers."""
    hidden = [c for c, t in frame.schema.items() if t.is_float() and any(is_hidden(v) for v in frame[c].to_list())]
    return frame.with_columns(formatted(c, frame[c].to_list(), fmt.cell) for c in hidden) if hidden else frame


HIDDEN_NOTE = (f"{fmt.HIDDEN}: 1 sampai 4 orang atau klaim di kecamatan atau desa, disembunyikan demi kerahasiaan; "
               f"{fmt.AT_LEAST}: angka 5 atau lebih yang ikut disembunyikan agar angka kecil itu tidak dapat dihitung "
               "dari jumlahnya. Rupiah dan persen yang dihitung darinya bertanda sama.")


def cards_hide(cards) -> bool:
    """Some card shows a hidden figure (its note is then said once under the cards)."""
    return any(mark in c.value for c in cards for mark in (fmt.HIDDEN, fmt.AT_LEAST))


def has_hidden(frame: pl.DataFrame) -> bool:
    return any(t.is_float() and any(is_hidden(v) for v in frame[c].to_list()) for c, t in frame.schema.items())


_MARKDOWN = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character


def literal(text: str) -> str:
    """Text from a file or a person, to stand inside Markdown (st.markdown, st.caption, st.info) as itself: every
    ASCII punctuation character is escaped, so neither Markdown, HTML nor Streamlit's colours, icons and emoji
    act on it; line breaks become spaces."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))


def lapse_horizon(month_end: dt.date) -> dt.date:
    """The last day of the 'ends within 90 days' window that starts on the period's last day."""
    return month_end + dt.timedelta(days=settings.LAPSE_HORIZON_DAYS)


# the columns of a table of regions, as every screen names them
_REGION_COLUMNS = {
    "kode_wilayah": pl.col("kode_wilayah").alias("Kode"),
    "nama": pl.col("nama").alias("Wilayah"),
    "peserta_aktif": pl.col("peserta_aktif").alias("Peserta aktif"),
    "pekerja_wajib": pl.col("pekerja_wajib").alias("Pekerja wajib"),
    "cakupan_pct": pl.col("cakupan_pct").round(2).alias("Cakupan UCJ (%)"),
    "pita": pl.col("pita").alias("Pita"),
    "target_pct": pl.col("target_pct").cast(pl.Float64).alias("Target (%)"),
    "kurang_ke_target": pl.col("kurang_ke_target").alias("Kurang ke target (orang)"),
    "klaim_idr": pl.col("klaim_idr").alias("Klaim tahun ini (Rp)"),
}


def region_table(frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """Regions with these of their figures, named for people; UCJ % to two decimals."""
    return frame.select(*(_REGION_COLUMNS[c] for c in columns))


def target_pct(target: pl.DataFrame) -> float | None:
    """The year's UCJ target from target_ucj; None when the region has none."""
    return float(target.item(0, "target_pct")) if not target.is_empty() else None
