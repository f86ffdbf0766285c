"""Entry point: `streamlit run dashboard.py`. Page config, the login gate, navigation per role, the shared sidebar
filters, and the one sentence shown instead of a traceback."""
import datetime as dt
import logging
from pathlib import Path

# plotly's validators look numpy and pandas up in sys.modules without importing them: a session drawing a chart
# while another session's thread was still importing pandas failed ('partially initialized module', seen with
# tests/test_concurrency.py on a fresh server). Imported at the top of every run, a run waits for them instead.
import numpy  # noqa: F401
import pandas  # noqa: F401
import streamlit as st

from ucj.errors import UserError
from ucj.paths import private_umask
from ucj.reports.screens import literal
from ui import auth, bahasa, data, filters

# a local file: a ':material/...' page icon makes the browser fetch the favicon from a font CDN
st.set_page_config(page_title="UCJ · Universal Coverage Jamsostek",
                   page_icon=str(Path(__file__).parent / "ui" / "assets" / "favicon.png"), layout="wide")
bahasa.translate_streamlit()  # Streamlit's own English (uploader, table toolbar, dialogs) in Indonesian, login included

ERROR_SENTENCE = ("Terjadi kesalahan pada pukul {time} UTC; muat ulang halaman atau laporkan ke admin beserta "
                  "waktunya.")
log = logging.getLogger("ucj.dashboard")


def guarded(work) -> None:
    """Run a part of the page: a person's mistake (UserError) shows its own sentence, as plain text because it may
    carry a URL's or a file's text; anything unexpected shows one sentence and goes to the server's log. Streamlit's
    st.stop and st.rerun derive from BaseException, so `except Exception` lets them through."""
    try:
        work()
    except UserError as exc:
        st.error(literal(str(exc)), icon=":material/error:")
    except Exception:
        now = dt.datetime.now(dt.UTC).strftime("%H:%M:%S")
        log.exception("unexpected error on a page at %s UTC", now)
        st.error(ERROR_SENTENCE.format(time=now), icon=":material/error:")


def show_page() -> None:
    st.session_state["filters"] = filters.sidebar(path)
    pages.run()


private_umask()  # before the demo build, the accounts file, DuckDB's WAL and spills: owner-only (per process, idempotent)
data.ensure_warehouse()
path = data.current_path()
account = auth.gate(is_demo=data.warehouse_meta(path).get("is_demo") == "true")  # the form, then a stop, if nobody
viewer = data.viewer()
# a page the role may not use is left out of the menu, yet still registered (hidden): its address then reaches
# the sentence below instead of falling back silently to Ringkasan
pages = st.navigation([
    st.Page(file, title=title, icon=icon, default=file.endswith("ringkasan.py"),
            visibility="visible" if auth.may_open(viewer, need) else "hidden")
    for file, title, icon, need in auth.PAGES
])
auth.account_box(account)
refused = next((title for file, title, _, need in auth.PAGES
                if not auth.may_open(viewer, need) and pages.url_path == Path(file).stem), None)
if refused:
    st.error(auth.refused_sentence(refused), icon=":material/block:")
else:
    guarded(show_page)
