"""Entry point: `streamlit run dashboard.py`. Page config, the shared sidebar filters, navigation."""
from pathlib import Path

import streamlit as st

from ui import data, filters

# a local file: a ':material/...' page icon makes the browser fetch the favicon from a font CDN
st.set_page_config(page_title="UCJ · Universal Coverage Jamsostek",
                   page_icon=str(Path(__file__).parent / "ui" / "assets" / "favicon.png"), layout="wide")

data.ensure_warehouse()
path = data.current_path()
pages = st.navigation([
    st.Page("app_pages/ringkasan.py", title="Ringkasan", icon=":material/dashboard:", default=True),
    st.Page("app_pages/klaim.py", title="Klaim", icon=":material/payments:"),
    st.Page("app_pages/kesenjangan.py", title="Kesenjangan", icon=":material/group_off:"),
    st.Page("app_pages/target.py", title="Target", icon=":material/flag:"),
    st.Page("app_pages/peta.py", title="Peta", icon=":material/map:"),
    st.Page("app_pages/briefing.py", title="Bahan Musrenbang", icon=":material/picture_as_pdf:"),
    st.Page("app_pages/sinkronisasi.py", title="Sinkronisasi data", icon=":material/sync:"),
])
st.session_state["filters"] = filters.sidebar(path)
pages.run()
