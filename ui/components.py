"""Pieces every page shows the same way: the demo badge, chart + table + downloads, empty states."""
import io
import re

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from ui.data import current_path, warehouse_meta


def demo_badge() -> None:
    """'Data demo' on every page while the demo warehouse is in use."""
    if warehouse_meta(current_path()).get("is_demo") == "true":
        st.badge("Data demo", icon=":material/science:", color="orange")
        st.caption("Data demo: angka sintetis kecuali angka terbitan yang direproduksi; "
                   "bukan data BPJS Ketenagakerjaan.")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def downloads(frame: pl.DataFrame, name: str) -> None:
    """CSV and XLSX of exactly the frame shown."""
    slug = _slug(name)
    xlsx = io.BytesIO()
    frame.write_excel(xlsx, worksheet=slug[:31] or "data", autofit=True)
    left, right, _ = st.columns([1, 1, 4])
    left.download_button("Unduh CSV", frame.write_csv().encode("utf-8"), file_name=f"{slug}.csv",
                         mime="text/csv", key=f"csv_{slug}", icon=":material/download:")
    right.download_button("Unduh XLSX", xlsx.getvalue(), file_name=f"{slug}.xlsx", key=f"xlsx_{slug}",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          icon=":material/download:")


def _show(frame: pl.DataFrame) -> None:
    """Numbers with the reader's thousands separators; downloads keep them as plain numbers."""
    numeric = {c: st.column_config.NumberColumn(format="localized") for c, t in frame.schema.items() if t.is_numeric()}
    st.dataframe(frame, hide_index=True, width="stretch", column_config=numeric)


def chart_with_table(fig: go.Figure, frame: pl.DataFrame, name: str) -> None:
    """A chart, the table of what it shows, and both downloads of that table."""
    tab_chart, tab_table = st.tabs(["Grafik", "Tabel"])
    with tab_chart:
        st.plotly_chart(fig, width="stretch", key=f"chart_{_slug(name)}",
                        config={"displaylogo": False, "locale": "id"})
    with tab_table:
        _show(frame)
    downloads(frame, name)


def table(frame: pl.DataFrame, name: str) -> None:
    _show(frame)
    downloads(frame, name)


def nothing_to_show(sentence: str) -> None:
    st.info(sentence, icon=":material/info:")
