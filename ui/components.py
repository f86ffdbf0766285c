"""Pieces every page shows the same way: the page's header with the demo badge, metric cards, chart + table +
downloads, the funding inputs, empty states."""
import re

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from ucj import fmt
from ucj.access import NATIONAL_LEVEL
from ucj.reports import exports
from ucj.reports.charts import plotly_config
from ucj.reports.screens import HIDDEN_NOTE, Card, cards_hide, filter_rules, has_hidden, loaded, with_hidden_as_text
from ucj.settings import WORKER_FUNDING_SOURCES as INPUT_SOURCES
from ui.data import current_path, query, viewer, warehouse_meta
from ui.filters import LEVEL_LABELS, Filters, current


def page_header(title: str, *caption: str) -> None:
    """The page's title, then page_caption."""
    st.title(title)
    page_caption(*caption)


def page_caption(*parts: str) -> None:
    """One caption line of what the page shows, parts joined by ' · ' (empty ones left out), then the demo badge
    or what is loaded for the region in view."""
    st.caption(" · ".join(part for part in parts if part))
    if is_demo():
        demo_badge()
    else:
        data_loaded(current())


def is_demo() -> bool:
    return warehouse_meta(current_path()).get("is_demo") == "true"


def loaded_for(f: Filters) -> loaded.Loaded:
    """What is loaded for the region's area (data_dimuat): its kabupaten/kota for a kecamatan or desa."""
    path = current_path()
    frame = query(path, "data_dimuat", wilayah=f.region)
    area = f.region[:5] if f.level in ("kecamatan", "desa_kelurahan") else f.region
    name = f.region_name if area == f.region else query(path, "wilayah", wilayah=area).item(0, "nama")
    return loaded.Loaded(frame, name)


def data_loaded(f: Filters) -> None:
    """A small expander under the header: the kinds loaded for the region's area and up to which day; inside, the
    rows, days, sources and load times as a table (sources are a file's text: a table shows them as they are)."""
    found = loaded_for(f)
    with st.expander(loaded.summary_line(found), icon=":material/database:"):
        if found.frame.is_empty():
            st.caption(loaded.LOAD_HOW)
        else:
            st.dataframe(loaded.details_table(found), hide_index=True, width="stretch")


def require_data(f: Filters) -> loaded.Loaded:
    """A region with nothing loaded says so in one sentence and the page stops there: its figures are unknown,
    and zeros or empty charts would read as 0%. Returns what is loaded, for the page's own checks."""
    found = loaded_for(f)
    if not found.has_data:
        nothing_to_show(loaded.no_data_sentence(f.region_name, f.level, found.area_name))
        st.stop()
    return found


def note_missing_participants(found: loaded.Loaded) -> None:
    """Where a page's figures count participants and none are loaded for the area, say that their zeros are unknowns."""
    if not found.participants:
        st.caption(loaded.no_participants_sentence(found.area_name))


def require_claims(found: loaded.Loaded) -> None:
    """Without a claims extract for the area, claims paid are unknown: say so and stop, rather than 'no claims'."""
    if not found.claims:
        nothing_to_show(loaded.no_claims_sentence(found.area_name))
        st.stop()


def coverage_notes(f: Filters, cover: dict) -> None:
    """What the region's coverage is made of, when that is more than persons over the desa's denominators: a
    province with kabupaten/kota not loaded, active participants from counts, a kabupaten/kota's own denominator."""
    path = current_path()
    notes = []
    if f.level == "provinsi":
        notes.append(loaded.province_note(cover, query(path, "wilayah_anak", wilayah_induk=f.region).height))
    kabupaten = (query(path, "wilayah", wilayah=f.region[:5]).item(0, "nama")
                 if cover.get("pekerja_wajib_kabupaten") is not None else None)
    notes += loaded.coverage_notes(cover, kabupaten)
    for note in notes:
        if note:
            st.caption(note)


def region_of(f: Filters) -> str:
    """'Kabupaten/Kota 12.10'; Indonesia has no code to show ('Nasional')."""
    if f.level == NATIONAL_LEVEL:
        return LEVEL_LABELS[f.level]
    return f"{LEVEL_LABELS[f.level]} {f.region}"


def as_at(f: Filters) -> str:
    return f"posisi akhir {fmt.month(f.month)}"


def filter_note(f: Filters) -> str:
    """'filter: segmen BPU', or '' without a segment or group filter."""
    return f"filter: {f.describe()}" if f.describe() else ""


def demo_badge() -> None:
    """'Data demo' on every page while the demo warehouse is in use."""
    if is_demo():
        st.badge("Data demo", icon=":material/science:", color="orange")
        st.caption("Data demo: angka sintetis kecuali angka terbitan yang direproduksi; "
                   "bukan data BPJS Ketenagakerjaan.")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _record_download(file_name: str, rows: int) -> None:
    from ui.auth import store  # ui.auth imports ui.data only; imported here to keep this module's imports light

    store().record(viewer().name, "unduh", f"{file_name} {rows} baris")


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """CSV for Excel in id-ID (';', UTF-8 with BOM, decimal comma): ucj.reports.exports."""
    return exports.csv_bytes(frame)


def xlsx_bytes(frame: pl.DataFrame, sheet: str) -> bytes:
    """XLSX with numeric cells and number formats: ucj.reports.exports."""
    return exports.xlsx_bytes(frame, sheet)


def downloads(frame: pl.DataFrame, name: str) -> None:
    """CSV and XLSX of exactly the frame shown (all its rows, '<5' where a cell is hidden), for the roles that may
    download (analyst, admin), each click written to the audit log. Text cells a spreadsheet would run as a formula
    get a leading apostrophe (ucj.reports.exports). The files are made when a button is clicked, not on every run
    (an XLSX takes tens of milliseconds)."""
    if not viewer().may("unduh"):
        return
    slug = _slug(name)
    left, right, _ = st.columns([1, 1, 4])
    left.download_button("Unduh CSV", lambda: csv_bytes(frame), file_name=f"{slug}.csv",
                         mime="text/csv", key=f"csv_{slug}", icon=":material/download:",
                         on_click=_record_download, args=(f"{slug}.csv", frame.height))
    right.download_button("Unduh XLSX", lambda: xlsx_bytes(frame, slug), file_name=f"{slug}.xlsx",
                          key=f"xlsx_{slug}", mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          icon=":material/download:", on_click=_record_download, args=(f"{slug}.xlsx", frame.height))


ROWS_PER_PAGE = 100  # a longer table is shown a page at a time: every row shown is sent to every browser each run


def number_column(name: str, dtype: pl.DataType):
    """A table's number column in the reader's separators (id-ID whatever the browser's: ui.bahasa). A percentage
    has two decimals, as everywhere else in the product (36,48%, and 39,30 rather than 39,3 beside 35,74): the
    step fixes the digits a 'localized' column shows."""
    percent = dtype.is_float() and "%" in name
    return st.column_config.NumberColumn(format="localized", step=0.01 if percent else None)


def _show(frame: pl.DataFrame, name: str, hide: tuple[str, ...] = ()) -> None:
    """Numbers with the reader's thousands separators; downloads keep them as plain numbers. A column holding a
    cell hidden by small-cell protection is text, '<5' there (with_hidden_as_text), never 'NaN' or a blank. More
    than ROWS_PER_PAGE rows are shown a page at a time, in the frame's order (the downloads hold them all)."""
    if has_hidden(frame):
        st.caption(HIDDEN_NOTE)
    if frame.height > ROWS_PER_PAGE:
        pages = -(-frame.height // ROWS_PER_PAGE)
        page = st.number_input(f"Halaman (dari {pages})", min_value=1, max_value=pages, value=1, step=1,
                               key=f"halaman_{_slug(name)}", width=180)
        first, rows = (int(page) - 1) * ROWS_PER_PAGE, frame.height
        frame = frame.slice(first, ROWS_PER_PAGE)
        st.caption(f"Baris {fmt.number(first + 1)}–{fmt.number(first + frame.height)} dari {fmt.number(rows)}.")
    frame = with_hidden_as_text(frame)
    numeric = {c: number_column(c, t) for c, t in frame.schema.items() if t.is_numeric()}
    # as Arrow: Streamlit serialises a pyarrow table as it is, where a Polars frame goes through pandas first (~4 ms)
    order = [c for c in frame.columns if c not in hide] if hide else None  # `hide`: in the downloads only
    st.dataframe(frame.to_arrow(), hide_index=True, width="stretch", column_config=numeric, column_order=order)


def chart_with_table(fig: go.Figure, frame: pl.DataFrame, name: str, hide: tuple[str, ...] = ()) -> None:
    """A chart, the table of what it shows (but its columns `hide`: see table), and both downloads of that table."""
    tab_chart, tab_table = st.tabs(["Grafik", "Tabel"])
    with tab_chart:
        st.plotly_chart(fig, width="stretch", key=f"chart_{_slug(name)}",
                        config=plotly_config())
    with tab_table:
        _show(frame, name, hide)
    downloads(frame, name)


def table(frame: pl.DataFrame, name: str, hide: tuple[str, ...] = ()) -> None:
    """The frame on screen (but its columns `hide`, too wide for a cell: said in full elsewhere on the page) and
    both downloads of all of it."""
    _show(frame, name, hide)
    downloads(frame, name)


def ignores_note(page: str, figure: str, f: Filters) -> None:
    """Under a figure: the sidebar filters set that it does not follow, in one caption (the rule of every page's
    figures is ucj.reports.screens.filter_rules); nothing when it follows all of them."""
    note = filter_rules.ignored_note(page, figure, f.segment, f.group)
    if note:
        st.caption(note)


def nothing_to_show(sentence: str) -> None:
    st.info(sentence, icon=":material/info:")


def metric(card: Card, where=st) -> None:
    # a change to or from a hidden figure would give it back; a screen leaves it out, and here it never shows
    delta = None if card.delta in (fmt.HIDDEN, fmt.AT_LEAST) else card.delta
    where.metric(card.label, card.value, delta=delta, delta_color=card.delta_color, help=card.help,
                 border=card.border)
    if card.note is not None:
        where.caption(card.note)


def metric_cards(cards: list[Card], per_row: int | None = None) -> None:
    """Cards side by side, per_row to a row (all in one row by default)."""
    per_row = per_row or len(cards)
    for first in range(0, len(cards), per_row):
        for column, card in zip(st.columns(per_row), cards[first:first + per_row]):
            metric(card, column)
    if cards_hide(cards):
        st.caption(HIDDEN_NOTE)


def funding_inputs(planned: dict[str, int], planned_asn: int, key: str, asn_help: str | None = None
                   ) -> tuple[dict[str, int], int]:
    """Workers per funding source and the ASN of SERTAKAN, starting from the recorded plans."""
    columns = st.columns(len(INPUT_SOURCES) + 1)
    workers = {source: int(column.number_input(f"{source} (pekerja)", min_value=0, max_value=10_000_000, step=100,
                                               value=int(planned.get(source, 0)), key=f"{key}_{source}"))
               for column, source in zip(columns, INPUT_SOURCES)}
    asn = int(columns[-1].number_input("SERTAKAN (ASN × 5)", min_value=0, max_value=1_000_000, step=10,
                                       value=planned_asn, key=f"{key}_asn", help=asn_help))
    return workers, asn


def rows_height(rows: int, most: int = 420) -> int:
    """A dataframe's height in pixels that fits its rows (at least one), up to `most`, then it scrolls."""
    return min(most, 38 + 35 * max(rows, 1))
