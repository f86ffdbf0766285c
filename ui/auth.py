"""Who is at the screen: the login form, a session kept across reloads in a cookie, logout, and the demo that opens
without login only when nobody but this computer can reach it.

dashboard.py calls `gate()` before anything of the warehouse is read for a page: a person not logged in sees the
form and the run stops there. The account goes into `st.session_state[data.ACCOUNT_KEY]` and `ui.data.viewer()`
reads it.

The session token is kept in a cookie set by a small script (`st.html(..., unsafe_allow_javascript=True)`), so it
is not HttpOnly: `streamlit run dashboard.py` has no hook to set a response header, and Streamlit's own
`st.App` (starlette) would change how the app is started. The token stays usable only as long as its row in the
accounts file (ucj.accounts: SHA-256 stored, 10 hours, deleted at logout, password change or disable), the
cookie is SameSite=Strict and Secure behind https, and no page shows text from a user or a file as HTML.
"""
import logging
import re

import streamlit as st

from ucj.accounts import SESSION_HOURS, Account, LoginRefused, Store, accounts_path
from ui import data

COOKIE = "ucj_sesi"
TOKEN_KEY = "sesi_token"
_SET_COOKIE = "sesi_cookie_pasang"  # a token to put in the cookie on the next run (right after login)
_CLEAR_COOKIE = "sesi_cookie_hapus"  # set by logout: the next run clears the cookie
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")  # secrets.token_urlsafe: safe inside a script's string
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1"}
# any of these means a proxy stands between the browser and the server: other machines may be reaching it
PROXY_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-Ip", "X-Forwarded-Host")
# the pages in menu order: (file, title, icon, capability of ucj.access the page needs, or None for every role)
PAGES = (
    ("app_pages/ringkasan.py", "Ringkasan", ":material/dashboard:", None),
    ("app_pages/klaim.py", "Klaim", ":material/payments:", None),
    ("app_pages/kesenjangan.py", "Kesenjangan", ":material/group_off:", None),
    ("app_pages/target.py", "Target", ":material/flag:", "target"),
    ("app_pages/peta.py", "Peta", ":material/map:", None),
    ("app_pages/briefing.py", "Bahan Musrenbang", ":material/picture_as_pdf:", None),
    ("app_pages/sinkronisasi.py", "Sinkronisasi data", ":material/sync:", "sinkronisasi"),
    ("app_pages/akun.py", "Akun & log", ":material/manage_accounts:", "pengguna"),
)
ROLE_LABELS = {"viewer": "viewer (lihat)", "analyst": "analyst (analis)", "admin": "admin"}
CREATE_ACCOUNT = ("Belum ada akun untuk gudang data ini; buat akun admin di server dengan "
                  "`python -m ucj users add NAMA --role admin` lalu masuk di sini.")

log = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def _store(path: str) -> Store:
    return Store(path)  # each call opens its own SQLite connection: one Store serves every session's thread


def store() -> Store:
    """The accounts file beside the session's warehouse (UCJ_ACCOUNTS overrides)."""
    return _store(str(accounts_path(data.current_path())))


def address_of(forwarded_for, socket_address) -> str:
    """For the lockout by address: the first hop of X-Forwarded-For behind a proxy, else the socket's address
    (none on localhost and in AppTest, where Streamlit gives None or a stand-in object)."""
    first = forwarded_for.split(",")[0].strip() if isinstance(forwarded_for, str) else ""
    return first or (socket_address if isinstance(socket_address, str) else "")


def client_address() -> str:
    return address_of(st.context.headers.get("X-Forwarded-For"), st.context.ip_address)


def _host_name(host: str) -> str:
    """'127.0.0.1:8501' -> '127.0.0.1', '[::1]:8501' -> '::1', 'localhost' -> 'localhost'."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def is_loopback(server_address: str | None, headers) -> bool:
    """True when only this computer can be at the screen: the server listens on loopback, the browser asked for a
    loopback host (no Host at all in AppTest) and no proxy header says the request came from further away."""
    if (server_address or "").strip("[]").lower() not in LOOPBACK_NAMES:
        return False
    sent = {str(name).lower(): value for name, value in headers.items()}
    if any(sent.get(name.lower()) for name in PROXY_HEADERS):
        return False
    host = sent.get("host")
    return host is None or _host_name(host) in LOOPBACK_NAMES


def loopback_only() -> bool:
    return is_loopback(st.get_option("server.address"), st.context.headers)


def may_open(viewer, need: str | None) -> bool:
    return need is None or viewer.may(need)


def menu(viewer) -> list[str]:
    """The titles of the pages in this viewer's menu."""
    return [title for _, title, _, need in PAGES if may_open(viewer, need)]


def refused_sentence(title: str) -> str:
    return (f"Halaman {title} tidak tersedia untuk peran akun Anda; pilih halaman lain di menu, atau minta admin "
            "bila Anda memerlukannya.")


def _https() -> bool:
    return ((st.context.headers.get("X-Forwarded-Proto") or "").lower() == "https"
            or (st.context.url or "").startswith("https://"))


def cookie_script(token: str, max_age: int, https: bool) -> str:
    """The script that sets the session cookie (an empty token with max_age 0 clears it)."""
    if token and not _TOKEN.match(token):
        raise ValueError("unexpected session token")
    secure = "; Secure" if https else ""
    return f"<script>document.cookie = '{COOKIE}={token}; Path=/; Max-Age={max_age}; SameSite=Strict{secure}';</script>"


def _cookie_script(token: str, max_age: int, where=st.sidebar) -> None:
    where.html(cookie_script(token, max_age, _https()), unsafe_allow_javascript=True)


def _cookie_token() -> str | None:
    """The token in the browser's cookie, if it has the shape of one (anything else a browser sends is ignored)."""
    value = st.context.cookies.get(COOKIE)
    return value if isinstance(value, str) and _TOKEN.match(value) else None


def _current_account() -> Account | None:
    """The account of this session's token (from login, or from the cookie on a reload), checked on every run so
    that logout elsewhere, a new password or a disabled account ends the session at once."""
    token = st.session_state.get(TOKEN_KEY) or _cookie_token()
    account = store().session(token) if token else None
    if account is None:
        st.session_state.pop(data.ACCOUNT_KEY, None)
        st.session_state.pop(TOKEN_KEY, None)
        return None
    st.session_state[data.ACCOUNT_KEY] = account
    st.session_state[TOKEN_KEY] = token
    return account


def gate(is_demo: bool) -> Account | None:
    """The logged-in account; None for the demo on loopback (read as an admin named 'demo'). Anyone else gets the
    login form and the run stops."""
    st.session_state.pop(data.DEMO_KEY, None)
    clear_cookie = st.session_state.pop(_CLEAR_COOKIE, False)
    account = _current_account()
    if account is not None:
        pending = st.session_state.pop(_SET_COOKIE, None)
        if pending:
            _cookie_script(pending, SESSION_HOURS * 3600)
        return account
    if is_demo and loopback_only():
        st.session_state[data.DEMO_KEY] = True
        return None
    # every page registered but no menu: the address asked for (/klaim?wilayah=...) stays and is opened after
    # login, and the menu of an account that just logged out is taken away (a run without st.navigation keeps it)
    st.navigation([st.Page(file, title=title, icon=icon) for file, title, icon, _ in PAGES], position="hidden")
    login_form()
    if clear_cookie:  # right after logout; below the form, so that no empty sidebar is left for it
        _cookie_script("", 0, where=st)
    st.stop()


def login_form() -> None:
    _, middle, _ = st.columns([1, 2, 1])  # a narrow form in the middle of the wide layout
    with middle:
        _login_form()


def _login_form() -> None:
    st.title("Masuk ke UCJ")
    st.caption("Universal Coverage Jamsostek: masuk dengan akun yang dibuatkan admin.")
    if not store().accounts():
        st.info(CREATE_ACCOUNT, icon=":material/person_add:")
    with st.form("masuk"):
        name = st.text_input("Nama pengguna", max_chars=32, autocomplete="username")
        password = st.text_input("Kata sandi", type="password", max_chars=200, autocomplete="current-password")
        submitted = st.form_submit_button("Masuk", type="primary")
    if not submitted:
        return
    try:
        account, token = store().login(name.strip().lower(), password, client_address())
    except LoginRefused as exc:
        st.error(str(exc), icon=":material/lock:")  # accounts.py's own sentences: no text of the person's in them
        return
    st.session_state[TOKEN_KEY] = token
    st.session_state[data.ACCOUNT_KEY] = account
    st.session_state[_SET_COOKIE] = token
    st.rerun()


def _logout() -> None:
    store().logout(st.session_state.get(TOKEN_KEY) or _cookie_token())
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state[_CLEAR_COOKIE] = True


def account_box(account: Account | None) -> None:
    """In the sidebar: who is logged in and the logout button; on the demo, a caption that nobody is."""
    with st.sidebar:
        if account is None:
            st.caption("Demo tanpa login: hanya dapat dibuka dari komputer ini, dibaca sebagai admin \"demo\".")
            return
        st.text(f"{account.name} · {ROLE_LABELS.get(account.role, account.role)}")  # plain text, never Markdown
        st.button("Keluar", key="keluar", on_click=_logout, icon=":material/logout:")
