"""A simulated user: one real websocket session against a running Streamlit server, as a browser tab holds it.

The browser's frontend opens `/_stcore/stream` (subprotocol 'streamlit'), sends a `BackMsg` whose `rerun_script`
names the page (`page_name`, the file page's url path: 'klaim', 'peta'; '' for the default page) and the address's
query string, and draws the `ForwardMsg`s the script sends until `script_finished`. This does the same, without
drawing: it times the run, counts the bytes, and keeps the texts, the alerts and any exception element.

    async with Session("http://127.0.0.1:8501") as user:          # or cookie=token of a logged-in account
        view = await user.open("klaim", "wilayah=12.10&periode=2025-03")
        view.seconds, view.bytes, view.failed, view.texts

    views = open_many(url, [("", "wilayah=12.10"), ("peta", {"wilayah": "99.99"})])   # one session each, at once
    token = log_in(url, "nama", "kata sandi")                                              # the login form, as typed

A real warehouse (or a server behind a proxy) shows the login form first: `Session.log_in` fills it over the same
websocket session, and the token the app then puts in the `ucj_sesi` cookie can open more sessions already logged
in (`Session(url, cookie=token)`: the cookie goes with the websocket handshake, where ui/auth.py reads it).

Streamlit's protobufs are imported when a session first runs, so collecting the tests imports no streamlit.
"""
import asyncio
import re
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

COOKIE = "ucj_sesi"  # ui.auth.COOKIE
_TOKEN_IN_SCRIPT = re.compile(COOKIE + r"=([A-Za-z0-9_-]{20,100});")
# the script finished early because another run follows (st.rerun, a login): the view is not drawn yet
_FINISHED_EARLY_FOR_RERUN = 2


@dataclass
class PageView:
    """What one run of a page sent to the browser."""
    page: str
    query: str
    seconds: float = 0.0  # from sending the rerun to script_finished
    bytes: int = 0  # every ForwardMsg of the run, as sent on the wire
    messages: int = 0
    finished: bool = False  # script_finished arrived (successfully: a compile error is not finished)
    final_query: str = ""  # the query string the app left in the address (page_info_changed), '' if unchanged
    page_not_found: bool = False
    exceptions: list[str] = field(default_factory=list)  # exception elements: 'Type: message'
    errors: list[str] = field(default_factory=list)  # st.error texts
    warnings: list[str] = field(default_factory=list)  # st.warning texts
    texts: list[str] = field(default_factory=list)  # headings, markdown, captions, text, alerts, metric labels/values
    elements: Counter = field(default_factory=Counter)  # element kinds drawn: 'plotly_chart', 'dataframe', ...
    html: list[str] = field(default_factory=list)  # st.html bodies (not in texts: a login's holds the token)
    widgets: dict = field(default_factory=dict)  # label -> (kind, widget id) of the inputs and buttons drawn

    @property
    def failed(self) -> bool:
        """The run did not finish, or it drew an exception element or an error."""
        return not self.finished or bool(self.exceptions) or bool(self.errors)

    def text(self) -> str:
        return "\n".join(self.texts)


class LoginFailed(Exception):
    """The login form did not log in (its sentence, if it showed one, is the message)."""


def _proto():
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    return BackMsg, ForwardMsg


def stream_url(base_url: str) -> str:
    """'http://host:8501/prefix' -> 'ws://host:8501/prefix/_stcore/stream' (https -> wss)."""
    parts = urlsplit(base_url)
    scheme = "wss" if parts.scheme in ("https", "wss") else "ws"
    return f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"


def query_text(query: str | Mapping) -> str:
    return urlencode(query) if isinstance(query, Mapping) else query.lstrip("?")


class Session:
    """One websocket session of the app, as one browser tab. Pages opened one after another share its session state
    (its login), but unlike a browser this sends no states of the widgets drawn before: the sidebar's filters of a
    later run start again from their defaults, not from the address. So a view whose region and month matter is
    the first of its session (`view_in_new_session`, `open_many`), as a link opened in a new tab or a reload is;
    a later `open` suits a login followed by its page (`log_in`, then `open`)."""

    def __init__(self, base_url: str, cookie: str | None = None, timeout: float = 120.0,
                 headers: Mapping[str, str] | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.cookie = cookie  # the token of the ucj_sesi cookie, sent with the handshake
        self.timeout = timeout  # for one page's run
        self.headers = dict(headers or {})
        self.connect_seconds = 0.0
        self._ws = None

    async def __aenter__(self) -> "Session":
        await self.connect()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def connect(self) -> None:
        import websockets

        headers = dict(self.headers)
        if self.cookie:
            headers["Cookie"] = f"{COOKIE}={self.cookie}"
        start = time.perf_counter()
        # no Origin, as a client that is not a browser (Streamlit then checks only the Host)
        self._ws = await asyncio.wait_for(websockets.connect(
            stream_url(self.base_url), subprotocols=["streamlit"], additional_headers=headers, max_size=None,
            open_timeout=self.timeout, ping_interval=20, ping_timeout=self.timeout), self.timeout)
        self.connect_seconds = time.perf_counter() - start

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def open(self, page: str = "", query: str | Mapping = "", widgets: Iterable = ()) -> PageView:
        """Run a page ('' the default one, Ringkasan; else its url path: 'klaim', 'peta', 'briefing') with this query
        string, as following a link inside the tab does, and wait until its script has finished (or `timeout`
        passes: TimeoutError). `widgets`: WidgetState protobufs to send (a form's inputs and its button)."""
        back_msg_class, _ = _proto()
        if self._ws is None:
            await self.connect()
        query = query_text(query)
        message = back_msg_class()
        rerun = message.rerun_script
        rerun.query_string = query
        rerun.page_name = page
        rerun.widget_states.widgets.extend(widgets)
        info = rerun.context_info
        info.timezone, info.timezone_offset, info.locale = "Asia/Jakarta", -420, "id-ID"
        info.url = f"{self.base_url}/{page}" + (f"?{query}" if query else "")
        view = PageView(page, query)
        start = time.perf_counter()
        await self._ws.send(message.SerializeToString())
        await asyncio.wait_for(self._receive(view), self.timeout)
        view.seconds = time.perf_counter() - start
        return view

    async def _receive(self, view: PageView) -> None:
        _, forward_msg_class = _proto()
        while True:
            data = await self._ws.recv()
            view.bytes += len(data)
            view.messages += 1
            message = forward_msg_class()
            message.ParseFromString(data)
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                _read_element(message.delta.new_element, view)
            elif kind == "page_info_changed":
                view.final_query = message.page_info_changed.query_string
            elif kind == "page_not_found":
                view.page_not_found = True
            elif kind == "script_finished":
                if message.script_finished == _FINISHED_EARLY_FOR_RERUN:
                    continue  # st.rerun: the view is the run that follows
                view.finished = message.script_finished != forward_msg_class.FINISHED_WITH_COMPILE_ERROR
                return

    async def log_in(self, name: str, password: str, page: str = "", query: str | Mapping = "") -> str:
        """Fill the login form (Nama pengguna, Kata sandi) and press Masuk, as a person does; returns the session
        token the app sets in the cookie, and keeps it for this Session (and for a new connection)."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        form = await self.open(page, query)
        try:
            (_, name_id), (_, password_id), (_, button_id) = (
                form.widgets[label] for label in ("Nama pengguna", "Kata sandi", "Masuk"))
        except KeyError:
            raise LoginFailed("Halaman tidak menampilkan formulir login.") from None
        view = await self.open(page, query, widgets=[
            WidgetState(id=name_id, string_value=name), WidgetState(id=password_id, string_value=password),
            WidgetState(id=button_id, trigger_value=True)])
        token = next((m.group(1) for body in view.html if (m := _TOKEN_IN_SCRIPT.search(body))), None)
        if token is None:
            raise LoginFailed(" ".join(view.errors) or "Login tidak berhasil.")
        self.cookie = token
        return token


def _read_element(element, view: PageView) -> None:
    kind = element.WhichOneof("type")
    view.elements[kind] += 1
    value = getattr(element, kind)
    if kind == "exception":
        view.exceptions.append(f"{value.type}: {value.message}")
    elif kind == "alert":
        view.texts.append(value.body)
        if value.format == value.ERROR:
            view.errors.append(value.body)
        elif value.format == value.WARNING:
            view.warnings.append(value.body)
    elif kind in ("markdown", "heading", "text"):
        view.texts.append(value.body)
    elif kind == "metric":
        view.texts += [value.label, value.body]
    elif kind == "html":
        view.html.append(value.body)
    elif kind in ("text_input", "button", "selectbox", "number_input", "date_input", "multiselect", "checkbox",
                  "radio", "text_area", "file_uploader", "download_button", "button_group"):
        view.widgets[getattr(value, "label", "") or value.id] = (kind, value.id)


async def view_in_new_session(base_url: str, page: str = "", query: str | Mapping = "", cookie: str | None = None,
                              timeout: float = 120.0) -> PageView:
    """One page in a session of its own (a link opened in a fresh tab)."""
    async with Session(base_url, cookie=cookie, timeout=timeout) as session:
        return await session.open(page, query)


def open_page(base_url: str, page: str = "", query: str | Mapping = "", cookie: str | None = None,
              timeout: float = 120.0) -> PageView:
    """`view_in_new_session`, for code that is not async."""
    return asyncio.run(view_in_new_session(base_url, page, query, cookie, timeout))


def open_many(base_url: str, views: Iterable[tuple[str, str | Mapping]], cookie: str | None = None,
              timeout: float = 180.0) -> list[PageView]:
    """Each (page, query) in a session of its own, all at once; every one must be back within `timeout` seconds
    altogether, else TimeoutError (a server that hangs fails here instead of hanging its caller)."""
    async def run() -> list[PageView]:
        return await asyncio.gather(*(view_in_new_session(base_url, page, query, cookie, timeout)
                                      for page, query in views))

    async def bounded() -> list[PageView]:
        return await asyncio.wait_for(run(), timeout)

    return asyncio.run(bounded())


def log_in(base_url: str, name: str, password: str) -> str:
    """The session token of a login through the form (for `Session(url, cookie=token)`, `open_many(..., cookie=)`)."""
    async def run() -> str:
        async with Session(base_url) as session:
            return await session.log_in(name, password)

    return asyncio.run(run())
