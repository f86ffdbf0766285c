"""Login through an organisation's OpenID Connect provider (issue 13, point 1: "optionally an organisation's OpenID
Connect provider (`st.login`)"): an `[auth]` section in secrets.toml adds "Masuk dengan akun organisasi" to the
form; the provider's verified email opens the local account linked to it (`users add --email`), with that
account's role and regions; an identity with no linked active account gets one sentence and a way out.

AppTest covers the mapping (st.user seeded as Streamlit would fill it from the provider's id_token); the browser
test runs the whole exchange for real: Debian's chromium, one `streamlit run` with a secrets.toml in a temporary
folder, and the small provider of tests/oidc_provider.py signing RS256 id_tokens on loopback. Before this change
the form had no such button and st.user was never read, so every test here failed.
"""
import datetime as dt
import secrets
import time

import pytest
from browser import (CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, require_chromium, screenshot, streamlit_server,
                     wait_until_idle)
from conftest import TEST_NIK_KEY, make_account

from ucj.accounts import SESSION_HOURS, Store, accounts_path


def organisation_email(claims, now):
    """ui.auth's mapping, imported when a test runs: collecting the tests must not import streamlit
    (tests/test_collection.py)."""
    from ui.auth import organisation_email as mapping

    return mapping(claims, now)


NOW = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
BUTTON = "Masuk dengan akun organisasi"
VIEWER_MENU = ["Ringkasan", "Klaim", "Kesenjangan", "Peta", "Bahan Musrenbang"]
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "uji-bukan-rahasia-" + "x" * 20,
        "client_id": "ucj-uji", "client_secret": "uji-bukan-rahasia",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


def unlinked(address: str) -> str:
    return (f"Akun organisasi {address} belum terdaftar di UCJ; minta admin menjalankan python -m ucj users add NAMA "
            f"--role viewer --email {address} (dengan peran dan --wilayah Anda), lalu masuk lagi.")


# the identity's claims as Streamlit hands them on ---------------------------------------------------------------
def claims(**changes) -> dict:
    return {"is_logged_in": True, "email": "Ani@Instansi.go.id", "email_verified": True,
            "iat": int(NOW.timestamp()), **changes}


def test_a_verified_email_of_a_fresh_provider_login_is_used_lowercased():
    assert organisation_email(claims(), NOW) == ("ani@instansi.go.id", None)
    assert organisation_email(claims(email_verified="true"), NOW) == ("ani@instansi.go.id", None)
    no_claim = claims()
    del no_claim["email_verified"]  # a provider that does not send the claim (the organisation's own directory)
    assert organisation_email(no_claim, NOW) == ("ani@instansi.go.id", None)


def test_nobody_logged_in_at_the_provider_is_not_a_refusal():
    assert organisation_email({}, NOW) == (None, None)
    assert organisation_email({"email": "test@example.com"}, NOW) == (None, None)  # AppTest's default st.user
    assert organisation_email(claims(is_logged_in=False), NOW) == (None, None)


def test_an_unverified_missing_or_stale_identity_gets_its_sentence():
    assert organisation_email(claims(email_verified=False), NOW) == (None, (
        "Alamat email akun organisasi ani@instansi.go.id belum diverifikasi oleh penyedianya; verifikasi dulu di "
        "penyedia, lalu masuk lagi."))
    assert organisation_email(claims(email=None), NOW)[1] == (
        "Penyedia akun organisasi tidak mengirim alamat email yang dapat dipakai; minta pengelola penyedia "
        "menyertakan cakupan email, atau masuk dengan kata sandi.")
    stale = (None, "Sesi akun organisasi ani@instansi.go.id sudah lebih dari 10 jam; masuk lagi dengan akun "
                   "organisasi.")
    day = SESSION_HOURS * 3600
    assert organisation_email(claims(iat=int(NOW.timestamp()) - day), NOW) == ("ani@instansi.go.id", None)  # edge
    assert organisation_email(claims(iat=int(NOW.timestamp()) - day - 1), NOW) == stale
    assert organisation_email(claims(iat=None), NOW) == stale


# the dashboard in AppTest -------------------------------------------------------------------------------------
def app(monkeypatch, db_path, user: dict | None, auth: bool = True, **params):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("UCJ_DB", str(db_path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    if auth:
        at.secrets["auth"] = dict(AUTH)
    if user is not None:
        at.user = user
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def fresh(email: str) -> dict:
    return {"is_logged_in": True, "email": email, "email_verified": True, "sub": "1",
            "iat": int(time.time())}


@pytest.fixture()
def linked(tiny_db):
    """The tiny warehouse (a real one: login needed) with a viewer of Bilah Barat linked to an organisation email
    and no password."""
    Store(accounts_path(tiny_db)).add("bappeda", "viewer", ("12.10.07",), None, "bappeda@instansi.go.id")
    return tiny_db


def test_the_linked_email_opens_its_account_with_its_role_and_regions(linked, monkeypatch):
    identity = fresh("BAPPEDA@instansi.go.id")  # one login at the provider, used for two page loads
    at = app(monkeypatch, linked, identity)
    assert [t.value for t in at.sidebar.text] == ["bappeda · viewer (lihat)"]
    assert at.title[0].value == "Ringkasan Bilah Barat"  # the account's region, not all Indonesia
    assert [b.label for b in at.sidebar.button] == ["Keluar"]
    at = app(monkeypatch, linked, identity, wilayah="12.10.01")  # outside its regions
    assert any("di luar wilayah akun bappeda" in w.value for w in [*at.warning, *at.error])
    at.switch_page("app_pages/sinkronisasi.py").run()  # an admin page asked for by a viewer
    assert [e.value for e in at.error] == [
        "Halaman Sinkronisasi data tidak tersedia untuk peran akun Anda; pilih halaman lain di menu, atau minta "
        "admin bila Anda memerlukannya."]
    entries = Store(accounts_path(linked)).log(limit=5, name="bappeda")
    assert [e.action for e in entries] == ["masuk"] and entries[0].detail.startswith(
        "OIDC bappeda@instansi.go.id, masuk di penyedia ")


def test_an_unlinked_identity_gets_the_sentence_as_plain_text_and_a_way_out(linked, monkeypatch):
    at = app(monkeypatch, linked, fresh("tamu_*x*@lain.go.id"))
    # the provider's address is shown as itself, in plain text: `*x*` is no emphasis, the address no link
    assert [t.value for t in at.text] == [unlinked("tamu_*x*@lain.go.id")] and not at.markdown
    assert [b.label for b in at.button] == ["Keluar dari akun organisasi", "Masuk", BUTTON]
    assert not at.sidebar.text and not at.metric
    next(b for b in at.button if b.label == "Keluar dari akun organisasi").click().run()
    assert not at.text and at.user == {"is_logged_in": False}  # st.logout() was called
    last = Store(accounts_path(linked)).log(limit=1)[0]
    assert (last.name, last.action) == ("tamu_*x*@lain.go.id", "masuk_gagal")


def test_a_disabled_account_is_refused_on_the_next_run(linked, monkeypatch):
    at = app(monkeypatch, linked, fresh("bappeda@instansi.go.id"))
    assert [t.value for t in at.sidebar.text] == ["bappeda · viewer (lihat)"]
    Store(accounts_path(linked)).disable("bappeda")
    at.run()
    assert not at.sidebar.text and not at.metric
    assert [t.value for t in at.text] == [
        "Akun untuk akun organisasi bappeda@instansi.go.id nonaktif; minta admin bila Anda masih memerlukan akses."]


def test_keluar_ends_the_organisation_session_and_is_logged(linked, monkeypatch):
    at = app(monkeypatch, linked, fresh("bappeda@instansi.go.id"))
    next(b for b in at.sidebar.button if b.label == "Keluar").click().run()
    assert at.user == {"is_logged_in": False}  # st.logout(): Streamlit's /auth/logout clears its cookie
    assert [t.value for t in at.title] == ["Masuk ke UCJ"] and BUTTON in [b.label for b in at.button]
    assert [(e.name, e.action, e.detail) for e in Store(accounts_path(linked)).log(limit=1)] == [
        ("bappeda", "keluar", "OIDC bappeda@instansi.go.id")]


def test_without_an_auth_section_an_identity_opens_nothing_and_no_button_is_offered(linked, monkeypatch):
    at = app(monkeypatch, linked, fresh("bappeda@instansi.go.id"), auth=False)
    assert [t.value for t in at.title] == ["Masuk ke UCJ"] and [b.label for b in at.button] == ["Masuk"]
    assert not at.sidebar.text and not at.text


def test_with_an_auth_section_a_password_login_works_as_before(linked, monkeypatch):
    from conftest import log_in

    name, password = make_account(linked, "analis", "analyst")
    at = app(monkeypatch, linked, {"is_logged_in": False})
    assert [b.label for b in at.button] == ["Masuk", BUTTON] and not at.text
    log_in(at, name, password)
    assert [t.value for t in at.sidebar.text] == ["analis · analyst (analis)"]


# the whole exchange in a real browser -------------------------------------------------------------------------
def test_a_real_provider_logs_in_the_linked_account_and_refuses_an_unlinked_one(linked, tmp_path):
    from oidc_provider import CLIENT_ID, oidc_provider
    from playwright.sync_api import sync_playwright

    require_chromium()
    store = Store(accounts_path(linked))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with oidc_provider(f"{base}/oauth2callback") as provider:
        secrets_file = tmp_path / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "{base}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
            f'client_id = "{CLIENT_ID}"\n'
            f'client_secret = "{provider.client_secret}"\n'
            f'server_metadata_url = "{provider.issuer}/.well-known/openid-configuration"\n', encoding="utf-8")
        secrets_file.chmod(0o600)
        with streamlit_server(linked, "--secrets.files", str(secrets_file), port=port,
                              env={"UCJ_NIK_KEY": TEST_NIK_KEY}) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1400}, locale="id-ID")
            errors = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            try:
                page.goto(url)
                wait_until_idle(page)
                screenshot(page, "oidc_formulir")
                assert page.get_by_label("Nama pengguna").count() == 1

                # the linked person: the provider approves, Streamlit checks the id_token, the account opens
                provider.person = {"sub": "101", "email": "Bappeda@Instansi.go.id", "email_verified": True}
                page.get_by_role("button", name=BUTTON).click()
                page.get_by_role("button", name="Keluar").wait_for(timeout=30_000)
                wait_until_idle(page)
                screenshot(page, "oidc_masuk_viewer")
                text = page.inner_text('[data-testid="stApp"]')
                assert "bappeda · viewer (lihat)" in text and "Ringkasan Bilah Barat" in text
                menu = [t.split("\n")[-1].strip()
                        for t in page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()]
                assert menu == VIEWER_MENU
                assert [path for path, _ in provider.seen if path in ("/authorize", "/token")] == [
                    "/authorize", "/token"]
                authorize = next(q for path, q in provider.seen if path == "/authorize")
                assert authorize["code_challenge_method"] == "S256" and authorize["nonce"]

                page.goto(f"{url}/?wilayah=12.10.01")  # a reload keeps the identity; Rantau Utara is outside
                wait_until_idle(page)
                screenshot(page, "oidc_viewer_wilayah_luar")
                assert "di luar wilayah akun bappeda" in page.inner_text('[data-testid="stApp"]')

                page.get_by_role("button", name="Keluar").click()  # st.logout -> provider's end_session -> back
                page.get_by_role("button", name=BUTTON).wait_for(timeout=30_000)
                wait_until_idle(page)
                screenshot(page, "oidc_keluar")
                assert "/logout" in [path for path, _ in provider.seen]
                assert page.get_by_role("button", name="Keluar").count() == 0
                page.reload()  # Streamlit's identity cookie is gone: the form again
                wait_until_idle(page)
                assert page.get_by_label("Nama pengguna").count() == 1
                assert page.locator('[data-testid="stSidebarNavLink"]').count() == 0

                # a person of the organisation with no account here
                provider.person = {"sub": "202", "email": "tamu@instansi.go.id", "email_verified": True}
                page.get_by_role("button", name=BUTTON).click()
                page.get_by_text("belum terdaftar di UCJ").wait_for(timeout=30_000)
                wait_until_idle(page)
                screenshot(page, "oidc_belum_terdaftar")
                shown = page.locator('[data-testid="stMain"] [data-testid="stText"]').all_inner_texts()
                assert [s.strip() for s in shown] == [unlinked("tamu@instansi.go.id")]
                assert page.locator('a[href^="mailto:"]').count() == 0  # plain text: the address is no link
                assert page.locator('[data-testid="stSidebarNavLink"]').count() == 0
                page.get_by_role("button", name="Keluar dari akun organisasi").click()
                page.get_by_role("button", name=BUTTON).wait_for(timeout=30_000)
                wait_until_idle(page)
                assert page.get_by_text("belum terdaftar").count() == 0
                assert page.locator('[data-testid="stException"]').count() == 0 and errors == []
            finally:
                browser.close()
    log = [(e.name, e.action, e.detail.split(",")[0]) for e in reversed(store.log(limit=3))]
    assert log == [("bappeda", "masuk", "OIDC bappeda@instansi.go.id"),
                   ("bappeda", "keluar", "OIDC bappeda@instansi.go.id"),
                   ("tamu@instansi.go.id", "masuk_gagal", "OIDC tamu@instansi.go.id tidak tertaut ke akun aktif")]
