"""Entry point: `streamlit run dashboard.py`. Page config, the shared sidebar filters, navigation."""
import streamlit as st

from ui import data, filters

st.set_page_config(page_title="UCJ · Universal Coverage Jamsostek", page_icon=":material/shield_person:",
                   layout="wide")

data.ensure_warehouse()
path = data.current_path()
pages = st.navigation([
    st.Page("pages/ringkasan.py", title="Ringkasan", icon=":material/dashboard:", default=True),
    st.Page("pages/klaim.py", title="Klaim", icon=":material/payments:"),
    st.Page("pages/kesenjangan.py", title="Kesenjangan", icon=":material/group_off:"),
    st.Page("pages/target.py", title="Target", icon=":material/flag:"),
])
st.session_state["filters"] = filters.sidebar(path)
pages.run()
