"""Login, roles in the navigation, the demo on loopback, logout, the sentence for an unexpected error, downloads
per role and formula cells neutralised (issue 13).

Findings covered: 'No login, and the server listens on every interface' (a real warehouse shows only the login
form; the demo opens without login only on loopback); 'pages a role may not use' (not in the menu, refused by
address); 'client.showErrorDetails shows full tracebacks' (one Indonesian sentence instead); 'Riwayat's CSV is open
to formula injection (=HYPERLINK(...) in a file name)' (safe_cells). Before issue 13 the dashboard opened at once
as the operator, so every AppTest here fails on that code; ucj.reports.exports and ui.auth did not exist.
"""
import re

import polars as pl
import pytest
from conftest import TEST_PASSWORD, log_in, make_account, open_app

from ucj.accounts import Store, accounts_path
from ucj.reports.exports import safe_cells

ERROR = re.compile(r"Terjadi kesalahan pada pukul \d\d:\d\d:\d\d UTC; muat ulang halaman atau laporkan ke admin "
                   r"beserta waktunya\.")
REFUSED = ("Halaman {} tidak tersedia untuk peran akun Anda; pilih halaman lain di menu, atau minta admin bila Anda "
           "memerlukannya.")
WRONG = "Nama pengguna atau kata sandi salah; periksa lalu coba lagi."


def login_form_only(at) -> bool:
    return ([t.value for t in at.title] == ["Masuk ke UCJ"]
            and [(t.label, t.proto.type) for t in at.text_input] == [("Nama pengguna", 0), ("Kata sandi", 1)]
            and [b.label for b in at.button] == ["Masuk"]
            and not at.metric and not at.selectbox and not at.dataframe
            and not at.sidebar.button and not at.sidebar.text and not at.sidebar.caption)


def test_a_real_warehouse_shows_only_the_login_form_and_reads_nothing(real_db, monkeypatch):
    """Finding: no login. Nothing of the warehouse is read for a page before login (ucj.warehouse.read would
    raise), and with no account the form says how to make one."""
    def no_read(*args, **kwargs):
        raise AssertionError("a figure was read before login")

    monkeypatch.setattr("ucj.warehouse.read", no_read)
    for page in ("ringkasan", "sinkronisasi"):
        at = open_app(monkeypatch, real_db, page, wilayah="33.02")
        assert login_form_only(at)
        assert [i.value for i in at.info] == [("Belum ada akun untuk gudang data ini; buat akun admin di server "
                                                "dengan `python -m ucj users add NAMA --role admin` lalu masuk di sini.")]
        assert not at.get("file_uploader")


def test_a_wrong_password_gets_the_sentence_and_the_right_one_opens_ringkasan(real_db, monkeypatch):
    name, password = make_account(real_db, "bappeda", "viewer")
    at = open_app(monkeypatch, real_db)
    assert not at.info  # an account exists: no sentence about making one
    log_in(at, name, "bukan-sandinya-123")
    assert [e.value for e in at.error] == [WRONG] and login_form_only(at)
    log_in(at, "tidak-ada", "bukan-sandinya-123")  # an unknown name: the same sentence
    assert [e.value for e in at.error] == [WRONG] and login_form_only(at)
    log_in(at, name, password)
    assert not at.exception and not at.error
    assert at.title[0].value == "Ringkasan Indonesia"  # all Indonesia, nothing loaded yet: the national view
    assert [t.value for t in at.sidebar.text] == ["bappeda · viewer (lihat)"]
    assert [e.action for e in Store(accounts_path(real_db)).log(name="bappeda")] == ["masuk", "masuk_gagal"]


def test_the_menu_of_each_role():
    from ucj.access import Viewer
    from ui.auth import menu

    everyone = ["Ringkasan", "Klaim", "Kesenjangan", "Peta", "Bahan Musrenbang"]
    assert menu(Viewer.for_role("a", "viewer")) == everyone
    assert menu(Viewer.for_role("a", "analyst")) == ["Ringkasan", "Klaim", "Kesenjangan", "Target", "Peta",
                                                     "Bahan Musrenbang"]
    assert menu(Viewer.for_role("a", "admin")) == ["Ringkasan", "Klaim", "Kesenjangan", "Target", "Peta",
                                                   "Bahan Musrenbang", "Sinkronisasi data", "Akun & log"]


@pytest.mark.parametrize("role, refused", [
    ("viewer", ["target", "sinkronisasi", "akun"]),
    ("analyst", ["sinkronisasi", "akun"]),
    ("admin", []),
])
def test_a_page_outside_the_role_is_refused_by_address(real_db, monkeypatch, role, refused):
    """Finding: pages a role may not use. A direct switch (as a typed address does) shows the sentence, not the
    page: no uploader on Sinkronisasi, no accounts on Akun & log."""
    titles = {"target": "Target", "sinkronisasi": "Sinkronisasi data", "akun": "Akun & log"}
    at = open_app(monkeypatch, real_db, login=role)
    for page, title in titles.items():
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception
        if page in refused:
            assert [e.value for e in at.error] == [REFUSED.format(title)]
            assert not at.title and not at.get("file_uploader") and not at.dataframe
        else:
            assert not at.error and at.title[0].value.startswith(title)


def test_the_admin_page_lists_accounts_and_the_log_newest_first(real_db, monkeypatch):
    make_account(real_db, "bappeda", "viewer", ("33.02", "33.03"))
    at = open_app(monkeypatch, real_db, "akun", login="admin")
    accounts, entries = (d.value for d in at.dataframe)
    assert accounts.to_dict("list") == {"Nama pengguna": ["admin", "bappeda"], "Peran": ["admin", "viewer (lihat)"],
                                        "Wilayah": ["seluruh Indonesia", "33.02, 33.03"],
                                        "Email organisasi": ["", ""], "Aktif": ["ya", "ya"]}
    assert list(entries["Aksi"]) == ["masuk", "pengguna", "pengguna"]
    assert list(entries["Akun"]) == ["admin", "operator", "operator"]
    assert list(entries["Rincian"][1:]) == ["akun admin dibuat: admin, semua", "akun bappeda dibuat: viewer, 33.02 33.03"]
    assert at.selectbox(key="log_akun").options == ["Semua akun", "admin", "bappeda", "operator"]
    at.selectbox(key="log_akun").set_value("admin").run()
    assert list(at.dataframe[1].value["Aksi"]) == ["masuk"]


def test_the_demo_opens_without_login_as_an_admin_named_demo(demo_copy, monkeypatch):
    """AppTest counts as loopback (server.address 127.0.0.1 in .streamlit/config.toml, no Host header)."""
    at = open_app(monkeypatch, demo_copy)
    assert at.title[0].value.startswith("Ringkasan")
    assert "Kata sandi" not in [t.label for t in at.text_input]
    assert at.sidebar.caption[0].value == ("Demo tanpa login: hanya dapat dibuka dari komputer ini, dibaca sebagai "
                                           "admin \"demo\".")
    at.switch_page("app_pages/akun.py").run()
    assert not at.exception and at.title[0].value == "Akun & log"


def test_logout_returns_to_the_form_and_ends_the_session(real_db, monkeypatch):
    at = open_app(monkeypatch, real_db, login="analyst")
    token = at.session_state["sesi_token"]
    assert Store(accounts_path(real_db)).session(token).name == "analyst"
    at.sidebar.button(key="keluar").click().run()
    assert login_form_only(at)
    # the script that clears the browser's cookie
    from ui.bahasa import page_html  # on every page: Streamlit's English in Indonesian

    assert [h.proto.body for h in at.main.get("html") if h.proto.body != page_html()] == [
        "<script>document.cookie = 'ucj_sesi=; Path=/; Max-Age=0; SameSite=Strict';</script>"]
    assert Store(accounts_path(real_db)).session(token) is None
    assert Store(accounts_path(real_db)).log(limit=1)[0].action == "keluar"


def test_an_unexpected_error_shows_one_sentence_not_a_traceback(real_db, monkeypatch):
    """Finding: client.showErrorDetails showed full tracebacks."""
    def broken(*args, **kwargs):
        raise ZeroDivisionError("rahasia-internal")

    at = open_app(monkeypatch, real_db, login="admin")
    monkeypatch.setattr("ui.filters.current", broken)  # every page asks for it first
    at.run()
    assert not at.exception
    assert len(at.error) == 1 and ERROR.fullmatch(at.error[0].value)
    assert not any("rahasia-internal" in str(e.value) for e in at.main.children.values() if hasattr(e, "value"))


def test_a_persons_mistake_shows_its_own_sentence_as_plain_text(real_db, monkeypatch):
    from ucj.errors import UserError

    def refuse(*args, **kwargs):
        raise UserError("Berkas **tebal** ![x](http://contoh.invalid/a.png) ditolak; pilih berkas lain.")

    at = open_app(monkeypatch, real_db, login="admin")
    monkeypatch.setattr("ui.filters.current", refuse)
    at.run()
    assert not at.exception and len(at.error) == 1
    # every punctuation mark escaped: Markdown shows it as typed, no bold, no image fetched
    assert at.error[0].value == (r"Berkas \*\*tebal\*\* \!\[x\]\(http\:\/\/contoh\.invalid\/a\.png\) ditolak\; pilih "
                                 r"berkas lain\.")


def test_streamlit_control_flow_is_not_caught_as_an_error():
    """dashboard.guarded catches Exception: st.stop and st.rerun must stay outside it."""
    from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException

    assert not issubclass(StopException, Exception) and not issubclass(RerunException, Exception)


def test_downloads_only_for_roles_that_may(tiny_db, monkeypatch):
    """A viewer gets no CSV/XLSX buttons; an analyst does (the tiny warehouse is a real one: login needed)."""
    for role, expected in (("viewer", []), ("analyst", ["Unduh CSV", "Unduh XLSX"])):
        at = open_app(monkeypatch, tiny_db, "klaim", login=role, wilayah="12.10", periode="2025-02")
        assert at.title[0].value.startswith("Klaim")
        labels = [b.proto.label for b in at.get("download_button") if b.proto.label.startswith("Unduh ")]
        assert sorted(set(labels)) == expected, role


@pytest.mark.parametrize("address, headers, expected", [
    ("127.0.0.1", {}, True),  # AppTest: no Host at all
    ("127.0.0.1", {"Host": "127.0.0.1:8501"}, True),
    ("localhost", {"host": "localhost:8501"}, True),
    ("::1", {"Host": "[::1]:8501"}, True),
    ("127.0.0.1", {"Host": "ucj.kantor.go.id"}, False),  # a name other machines use
    ("127.0.0.1", {"Host": "127.0.0.1:8501", "X-Forwarded-For": "10.0.0.7"}, False),  # a proxy in front
    ("127.0.0.1", {"Host": "localhost", "Forwarded": "for=10.0.0.7"}, False),
    ("0.0.0.0", {"Host": "127.0.0.1:8501"}, False),  # listening on every interface
    ("", {}, False),
    (None, {}, False),
])
def test_the_demo_without_login_only_on_loopback(address, headers, expected):
    """Finding: the server listened on every interface; the demo's open door must not be open to a network."""
    from ui.auth import is_loopback

    assert is_loopback(address, headers) is expected


def test_formula_cells_are_neutralised():
    """Finding: Riwayat's CSV is open to formula injection (=HYPERLINK(...) in a file name)."""
    frame = pl.DataFrame({
        "Berkas": ['=HYPERLINK("http://x.invalid","klik")', "+62 812", "-1+1", "@SUM(A1)", "\tx", "\rx", "daftar.csv",
                   "a=b", None],
        "Baris": [1, -2, 3, 4, 5, 6, 7, 8, 9],
    })
    safe = safe_cells(frame)
    assert safe.to_dict(as_series=False) == {
        "Berkas": ['\'=HYPERLINK("http://x.invalid","klik")', "'+62 812", "'-1+1", "'@SUM(A1)", "'\tx", "'\rx",
                   "daftar.csv", "a=b", None],
        "Baris": [1, -2, 3, 4, 5, 6, 7, 8, 9],  # numbers stay numbers
    }
    assert safe.write_csv().splitlines()[1] == '"\'=HYPERLINK(""http://x.invalid"",""klik"")",1'


def test_a_download_is_recorded_in_the_audit_log(real_db, monkeypatch):
    """Each click of a CSV/XLSX button writes who, which file and how many rows (the callback of the button)."""
    import streamlit as st

    from ui import components, data

    make_account(real_db, "analis", "analyst")
    monkeypatch.setenv("UCJ_DB", str(real_db))
    account = Store(accounts_path(real_db)).get("analis")
    monkeypatch.setattr(st, "session_state", {data.ACCOUNT_KEY: account})
    components._record_download("klaim_per_manfaat.csv", 6)
    last = Store(accounts_path(real_db)).log(limit=1)[0]
    assert (last.name, last.action, last.detail, last.rows) == ("analis", "unduh", "klaim_per_manfaat.csv 6 baris", 0)


def test_a_briefing_document_is_recorded_in_the_audit_log(real_db, monkeypatch):
    """Finding: no audit of exports. A briefing PDF/PPTX taken from Ringkasan or Bahan Musrenbang is written to the
    audit log as 'dokumen' with its file name (the buttons' callback)."""
    import streamlit as st

    from ui import briefing, data

    make_account(real_db, "staf", "viewer")
    monkeypatch.setenv("UCJ_DB", str(real_db))
    account = Store(accounts_path(real_db)).get("staf")
    monkeypatch.setattr(st, "session_state", {data.ACCOUNT_KEY: account})
    briefing._record_document("bahan_musrenbang_33.02_2025-03-31.pdf")
    last = Store(accounts_path(real_db)).log(limit=1)[0]
    assert (last.name, last.action, last.detail) == ("staf", "dokumen", "bahan_musrenbang_33.02_2025-03-31.pdf")


def test_no_account_in_the_session_fails_closed(monkeypatch):
    """Without the gate's account (or the loopback demo) ui.data.viewer() refuses instead of reading as the operator."""
    import streamlit as st

    from ui import data

    monkeypatch.setattr(st, "session_state", {})
    with pytest.raises(RuntimeError):
        data.viewer()
    monkeypatch.setattr(st, "session_state", {data.DEMO_KEY: True})
    assert (data.viewer().name, data.viewer().role) == ("demo", "admin")


def test_password_of_the_tests_is_long_enough():
    from ucj.accounts import MIN_PASSWORD

    assert len(TEST_PASSWORD) >= MIN_PASSWORD


def test_the_session_cookie_script():
    """A working day, the whole site, never sent from another site's page, Secure behind https; only a token's
    characters can reach the script."""
    from ui.auth import cookie_script

    token = "Ab-_" + "x" * 39
    assert cookie_script(token, 36000, https=False) == (
        f"<script>document.cookie = 'ucj_sesi={token}; Path=/; Max-Age=36000; SameSite=Strict';</script>")
    assert cookie_script(token, 36000, https=True).endswith("SameSite=Strict; Secure';</script>")
    with pytest.raises(ValueError):
        cookie_script("x'; alert(1); '" + "x" * 20, 36000, https=False)


@pytest.mark.parametrize("forwarded, socket_address, expected", [
    ("203.0.113.9, 10.0.0.2", "127.0.0.1", "203.0.113.9"),  # behind the proxy: the browser's own address
    (None, "192.0.2.4", "192.0.2.4"),
    (None, None, ""),  # localhost: Streamlit gives no address
])
def test_the_address_counted_for_the_lockout(forwarded, socket_address, expected):
    from ui.auth import address_of

    assert address_of(forwarded, socket_address) == expected


def test_the_dashboard_makes_files_for_their_owner_only(real_db, monkeypatch):
    """Finding: the warehouse file was world-readable (0644). The dashboard sets the private umask first thing, so
    whatever it creates later (the demo, the accounts file, DuckDB's WAL and spills) is 0600."""
    import os

    previous = os.umask(0o022)
    try:
        open_app(monkeypatch, real_db)
        assert os.umask(0o022) == 0o077
    finally:
        os.umask(previous)


def test_the_demo_served_to_a_network_asks_for_a_login(demo_copy, monkeypatch):
    """Finding: the server listened on every interface. Served on 0.0.0.0 even the demo shows only the form."""
    import streamlit as st

    real_option = st.get_option
    monkeypatch.setattr(st, "get_option",
                        lambda key: "0.0.0.0" if key == "server.address" else real_option(key))
    at = open_app(monkeypatch, demo_copy)
    assert login_form_only(at)


def test_five_failures_lock_the_account_even_for_the_right_password(real_db, monkeypatch):
    name, password = make_account(real_db, "bappeda", "viewer")
    at = open_app(monkeypatch, real_db)
    for _ in range(5):
        log_in(at, name, "bukan-sandinya-123")
    log_in(at, name, password)
    assert [e.value for e in at.error] == [("Terlalu banyak percobaan masuk yang gagal; tunggu 15 menit lalu coba "
                                            "lagi, atau minta admin mengganti kata sandi.")]
    assert login_form_only(at)


def test_an_unexpected_error_goes_to_the_server_log(real_db, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("rahasia-internal")

    at = open_app(monkeypatch, real_db, login="admin")
    monkeypatch.setattr("ui.filters.current", broken)
    with caplog.at_level("ERROR", logger="ucj.dashboard"):
        at.run()
    [record] = [r for r in caplog.records if r.name == "ucj.dashboard"]
    assert record.exc_info[0] is ZeroDivisionError and str(record.exc_info[1]) == "rahasia-internal"


def test_an_xlsx_download_holds_text_not_a_formula():
    """The XLSX of a frame with a file name '=HYPERLINK(...)' (Riwayat impor): the cell is a string."""
    import io

    from openpyxl import load_workbook

    buffer = io.BytesIO()
    safe_cells(pl.DataFrame({"Berkas": ['=HYPERLINK("http://x.invalid","klik")']})).write_excel(buffer)
    cell = load_workbook(io.BytesIO(buffer.getvalue())).active["A2"]
    assert (cell.data_type, cell.value) == ("s", '\'=HYPERLINK("http://x.invalid","klik")')
