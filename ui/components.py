"""Pieces every page shows the same way."""
import streamlit as st

from ui.data import current_path, warehouse_meta


def demo_badge() -> None:
    """'Data demo' on every page while the demo warehouse is in use."""
    if warehouse_meta(current_path()).get("is_demo") == "true":
        st.badge("Data demo", icon=":material/science:", color="orange")
        st.caption("Data demo: angka sintetis kecuali angka terbitan yang direproduksi; bukan data BPJS Ketenagakerjaan.")
