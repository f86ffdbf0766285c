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

When secrets.toml has an `[auth]` section the form also offers the organisation's OpenID Connect provider
(`st.login()`): Streamlit's own routes (/auth/login, /oauth2callback) do the exchange and keep the identity in their
signed HttpOnly cookie, and every run maps `st.user.email` to the local account linked to it (`users add
--email`), so its role and regions apply exactly as after a password login, and a disabled account is refused on
the next click. The provider says who the person is; only the accounts file says what they may see.
"""
import datetime as dt
import logging
import re
from collections.abc import Mapping

import streamlit as st

from ucj.accounts import SESSION_HOURS, Account, LoginRefused, Store, accounts_path, check_email
from ucj.errors import UserError
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
ORGANISATION_BUTTON = "Masuk dengan akun organisasi"
ORGANISATION_LOGOUT = "Keluar dari akun organisasi"
_ORGANISATION_REFUSAL = "sesi_oidc_ditolak"  # the sentence for an identity that opens no account, for the form
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


def organisation_configured() -> bool:
    """An `[auth]` section in secrets.toml (or st.secrets): the organisation's provider is offered. Without one,
    nothing of OpenID Connect is read or shown."""
    # load_if_toml_exists is False, never an error, for a missing or unreadable file (Streamlit logs that at start)
    return bool(st.secrets.load_if_toml_exists() and "auth" in st.secrets)


def organisation_email(claims: Mapping, now: dt.datetime) -> tuple[str | None, str | None]:
    """(the email to look the account up by, None) for an identity the provider vouched for; (None, the sentence
    why not) for one that cannot be used; (None, None) when nobody logged in at the provider.

    An email the provider says is unverified is not used (anyone could have typed it at a provider that lets
    people register); one whose provider does not send `email_verified` at all is (the organisation's own
    directory). The provider's cookie lasts 30 days: a login there older than a working day (`iat`, when the
    provider issued the identity) is asked again, as a password session ends after SESSION_HOURS."""
    if claims.get("is_logged_in") is not True:
        return None, None
    email = claims.get("email")
    try:
        address = check_email(email if isinstance(email, str) else "")
    except UserError:
        return None, ("Penyedia akun organisasi tidak mengirim alamat email yang dapat dipakai; minta pengelola "
                      "penyedia menyertakan cakupan email, atau masuk dengan kata sandi.")
    verified = claims.get("email_verified", True)
    if verified is not True and str(verified).lower() != "true":  # some providers send the string "true"
        return None, (f"Alamat email akun organisasi {address} belum diverifikasi oleh penyedianya; verifikasi "
                      "dulu di penyedia, lalu masuk lagi.")
    issued = claims.get("iat")
    if not isinstance(issued, (int, float)) or isinstance(issued, bool) or (
            now.timestamp() - issued > SESSION_HOURS * 3600):
        return None, (f"Sesi akun organisasi {address} sudah lebih dari {SESSION_HOURS} jam; masuk lagi dengan "
                      "akun organisasi.")
    return address, None


def unlinked_sentence(address: str, disabled: bool) -> str:
    if disabled:
        return (f"Akun untuk akun organisasi {address} nonaktif; minta admin bila Anda masih memerlukan akses.")
    return (f"Akun organisasi {address} belum terdaftar di UCJ; minta admin menjalankan python -m ucj users add "
            f"NAMA --role viewer --email {address} (dengan peran dan --wilayah Anda), lalu masuk lagi.")


def _organisation_session() -> bool:
    return organisation_configured() and st.user.get("is_logged_in") is True


def _organisation_account() -> Account | None:
    """The active account linked to the provider's identity of this browser, checked on every run."""
    address, refusal = organisation_email(st.user.to_dict(), dt.datetime.now(dt.UTC))
    account = None
    if address is not None:
        issued = dt.datetime.fromtimestamp(st.user.get("iat"), dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        # the provider's login time makes one audit entry per login there, however many runs and reloads follow
        account = store().account_for_email(address, f", masuk di penyedia {issued}")
        if account is None:
            refusal = unlinked_sentence(address, any(a.email == address for a in store().accounts()))
    if account is None:
        st.session_state[_ORGANISATION_REFUSAL] = refusal
        return None
    st.session_state.pop(_ORGANISATION_REFUSAL, None)
    st.session_state[data.ACCOUNT_KEY] = account
    return account


def gate(is_demo: bool) -> Account | None:
    """The logged-in account; None for the demo on loopback (read as an admin named 'demo'). Anyone else gets the
    login form and the run stops."""
    st.session_state.pop(data.DEMO_KEY, None)
    st.session_state.pop(_ORGANISATION_REFUSAL, None)
    clear_cookie = st.session_state.pop(_CLEAR_COOKIE, False)
    account = _current_account()
    if account is not None:
        pending = st.session_state.pop(_SET_COOKIE, None)
        if pending:
            _cookie_script(pending, SESSION_HOURS * 3600)
        return account
    if organisation_configured():
        account = _organisation_account()
        if account is not None:
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
    refusal = st.session_state.get(_ORGANISATION_REFUSAL)
    if refusal:
        # the address came from the provider: st.text, not an escaped st.warning, whose Markdown still turns an
        # address into a mailto link
        with st.container(border=True):
            st.text(refusal)
        # as a callback: the run it starts already reads the identity as gone (and the browser goes to /auth/logout)
        st.button(ORGANISATION_LOGOUT, icon=":material/logout:", on_click=st.logout)
    with st.form("masuk"):
        name = st.text_input("Nama pengguna", max_chars=32, autocomplete="username")
        password = st.text_input("Kata sandi", type="password", max_chars=200, autocomplete="current-password")
        submitted = st.form_submit_button("Masuk", type="primary")
    if organisation_configured():  # also after a refusal: the provider may let the person pick another identity
        st.caption("atau")
        st.button(ORGANISATION_BUTTON, icon=":material/badge:", width="stretch", on_click=st.login)
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
    token = st.session_state.get(TOKEN_KEY) or _cookie_token()
    store().logout(token)
    organisation = _organisation_session()
    account = st.session_state.get(data.ACCOUNT_KEY)
    if organisation and not token and account is not None:  # a password session's logout is logged by logout()
        store().record(account.name, "keluar", f"OIDC {account.email or ''}".strip())
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state[_CLEAR_COOKIE] = True
    if organisation:
        # Streamlit's /auth/logout clears its identity cookie (and ends the provider's session when it offers an
        # end_session_endpoint); otherwise the next run would log the same identity straight back in
        st.logout()


def account_box(account: Account | None) -> None:
    """In the sidebar: who is logged in and the logout button; on the demo, a caption that nobody is."""
    with st.sidebar:
        if account is None:
            st.caption("Demo tanpa login: hanya dapat dibuka dari komputer ini, dibaca sebagai admin \"demo\".")
            return
        st.text(f"{account.name} · {ROLE_LABELS.get(account.role, account.role)}")  # plain text, never Markdown
        st.button("Keluar", key="keluar", on_click=_logout, icon=":material/logout:")
