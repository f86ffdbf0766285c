"""Serving the office network: deploy/nginx-ucj.conf run by a real nginx over TLS in front of `streamlit run`, which
listens on loopback only because .streamlit/config.toml says so. One streamlit and one nginx for the module, on a
copy of the demo warehouse; the certificate is self-signed, made at test time."""
import base64
import http.client
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser import IDLE, free_port, require_chromium, screenshot, wait_until_idle
from proxy import (
    ROOT,
    SITE,
    UNIT,
    accepts_connections,
    add_account,
    browser_trusting_any_certificate,
    nginx_server,
    non_loopback_addresses,
    require_nginx_and_openssl,
    streamlit_from_config,
    tls_context,
)

LABUHANBATU = "?wilayah=12.10&periode=2025-03"
SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
}
MB = 1024 * 1024
ACCOUNT, PASSWORD = "kantor.rantau", "sandi-uji-proksi-2026"


@dataclass(frozen=True)
class Served:
    streamlit_port: int
    https_port: int
    http_port: int
    certificate: Path
    streamlit_log: Path

    @property
    def direct(self) -> str:
        return f"http://127.0.0.1:{self.streamlit_port}"

    @property
    def proxied(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"


@pytest.fixture(scope="module")
def served(copy_demo, tmp_path_factory):
    require_nginx_and_openssl()
    streamlit_port, https_port, http_port = free_port(), free_port(), free_port()
    warehouse = copy_demo()
    add_account(warehouse, ACCOUNT, "analyst", PASSWORD, "12.10")  # beside this copy, in its own folder
    folder, log = tmp_path_factory.mktemp("nginx"), warehouse.parent / "streamlit.log"
    with (streamlit_from_config(warehouse, streamlit_port, log),
          nginx_server(folder, https_port=https_port, http_port=http_port,
                       upstream_port=streamlit_port) as certificate):
        yield Served(streamlit_port, https_port, http_port, certificate, log)


def https_request(served: Served, method: str, path: str, headers: dict | None = None, body: bytes | None = None):
    connection = http.client.HTTPSConnection("127.0.0.1", served.https_port, context=tls_context(served.certificate),
                                             timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def test_the_dashboard_is_served_over_https_with_the_certificate(served):
    status, headers, body = https_request(served, "GET", f"/{LABUHANBATU}")
    assert status == 200
    assert b'<div id="root">' in body  # streamlit's page, not an nginx one
    assert headers["Server"] == "nginx"  # no version given away (server_tokens off)


def test_streamlit_health_answers_through_the_proxy(served):
    status, _, body = https_request(served, "GET", "/_stcore/health")
    assert (status, body) == (200, b"ok")


@pytest.mark.parametrize("path", ["/", "/_stcore/health", "/klaim?wilayah=12.10", "/tidak-ada"])
def test_every_answer_carries_the_security_headers(served, path):
    _, headers, _ = https_request(served, "GET", path)
    assert {name: headers[name] for name in SECURITY_HEADERS} == SECURITY_HEADERS
    assert all(len(headers.get_all(name)) == 1 for name in SECURITY_HEADERS)  # streamlit adds none of its own


def test_plain_http_is_only_a_redirect_to_https(served):
    connection = http.client.HTTPConnection("127.0.0.1", served.http_port, timeout=30)
    try:
        connection.request("GET", f"/klaim{LABUHANBATU}")
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    assert response.status == 301
    assert response.headers["Location"] == f"{served.proxied}/klaim{LABUHANBATU}"
    assert b'<div id="root">' not in body


def websocket_handshake(served: Served, host: str, origin: str) -> int:
    """The status of a websocket opening of /_stcore/stream through the proxy (101: switched, 403: refused)."""
    connection = http.client.HTTPSConnection("127.0.0.1", served.https_port, context=tls_context(served.certificate),
                                             timeout=60)
    try:
        connection.putrequest("GET", "/_stcore/stream", skip_host=True, skip_accept_encoding=True)
        for name, value in {"Host": host, "Origin": origin, "Upgrade": "websocket", "Connection": "Upgrade",
                            "Sec-WebSocket-Key": base64.b64encode(b"ucj-kunci-uji-16").decode(),
                            "Sec-WebSocket-Version": "13", "Sec-WebSocket-Protocol": "streamlit"}.items():
            connection.putheader(name, value)
        connection.endheaders()
        return connection.getresponse().status  # a 101's body is the websocket itself: not read
    finally:
        connection.close()


def test_the_websocket_opens_through_the_proxy_only_for_the_served_name_and_origin(served):
    own = f"127.0.0.1:{served.https_port}"
    assert websocket_handshake(served, own, f"https://{own}") == 101
    # another name pointed at this machine (DNS rebinding): server.allowedHosts, as in deploy/ucj.service
    assert websocket_handshake(served, "ucj.penyerang.example", "https://ucj.penyerang.example") == 403
    # another site's page opening the websocket with the browser's session
    assert websocket_handshake(served, own, "https://penyerang.example") == 403


def test_an_upload_larger_than_the_limit_stops_at_the_proxy(served):
    connection = http.client.HTTPSConnection("127.0.0.1", served.https_port, context=tls_context(served.certificate),
                                             timeout=60)
    try:
        # only the headers are sent: nginx refuses on the declared length without reading 60 MB
        connection.putrequest("POST", "/_stcore/upload_file/sesi/berkas")
        connection.putheader("Content-Type", "multipart/form-data; boundary=x")
        connection.putheader("Content-Length", str(60 * MB))
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    assert response.status == 413
    assert b"nginx" in body


def test_an_upload_within_the_limit_reaches_streamlit(served):
    status, _, body = https_request(served, "POST", "/_stcore/upload_file/sesi/berkas", body=b"x" * MB,
                                    headers={"Content-Type": "multipart/form-data; boundary=x"})
    assert status != 413  # the proxy's size limit did not stop it
    if status == 502:
        # Streamlit refuses this request (an upload is a PUT, with an XSRF token and a live session) on its headers,
        # without reading the body, and closes: when it closes before nginx has written all of the MB, nginx gets a
        # reset and answers 502 (CI, 1 December). Its log says where: the request had passed nginx and reached
        # Streamlit.
        log = (served.certificate.parent / "error.log").read_text(errors="replace")
        assert "while sending request to upstream" in log and "/_stcore/upload_file/sesi/berkas" in log
    else:
        # streamlit's own refusal (no XSRF token, no such session), not the proxy's
        assert 400 <= status < 500
        assert b"nginx" not in body


def test_streamlit_listens_on_loopback_only(served):
    assert accepts_connections("127.0.0.1", served.streamlit_port)
    addresses = non_loopback_addresses()
    if not addresses:
        pytest.skip("this machine has no address but loopback: nothing to refuse")
    assert {a: accepts_connections(a, served.streamlit_port) for a in addresses} == {a: False for a in addresses}


def login_form_landed() -> bool:
    """The login form is in the app (issue 13: Nama pengguna, Kata sandi, Masuk)."""
    sources = [ROOT / "dashboard.py", *ROOT.glob("ui/*.py"), *ROOT.glob("app_pages/*.py")]
    return any('"Kata sandi"' in path.read_text(encoding="utf-8") for path in sources)


def assert_no_error_shown(served: Served, text: str) -> None:
    """Neither a traceback nor the app's sentence for an error (dashboard.py; the details are in the server's log)."""
    assert "Terjadi kesalahan" not in text, served.streamlit_log.read_text(encoding="utf-8", errors="replace")[-4000:]


def load(served: Served, context, url: str, name: str) -> str:
    """One page load in chromium, waited for until the script has run over the websocket; its text."""
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    wait_until_idle(page)
    assert page.locator(IDLE).count() == 1
    screenshot(page, name)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert errors == []
    text = page.inner_text('[data-testid="stApp"]')
    assert_no_error_shown(served, text)
    page.close()
    return text


def test_chromium_through_the_proxy_runs_the_app_over_the_websocket(served):
    require_chromium()
    with browser_trusting_any_certificate() as context:
        proxied = load(served, context, f"{served.proxied}/{LABUHANBATU}", "proxy_https")
        direct = load(served, context, f"{served.direct}/{LABUHANBATU}", "proxy_langsung_loopback")
    # the app drew its page: what it draws arrives only over /_stcore/stream
    assert "Data demo" in proxied or "Kata sandi" in proxied
    # on loopback without proxy headers the demo opens at once
    assert "Ringkasan Kabupaten Labuhanbatu" in direct and "36,48%" in direct
    if not login_form_landed():
        pytest.skip("the login form has not landed yet: the demo through the proxy is not yet asked to log in")
    # through the proxy even the demo asks who one is, and shows nothing before
    assert all(label in proxied for label in ("Nama pengguna", "Kata sandi", "Masuk")), proxied
    assert "36,48%" not in proxied and "Ringkasan Kabupaten Labuhanbatu" not in proxied


def test_the_deploy_files_keep_streamlit_on_loopback():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    site, unit = SITE.read_text(encoding="utf-8"), UNIT.read_text(encoding="utf-8")
    assert "0.0.0.0" not in site and "0.0.0.0" not in unit
    assert set(re.findall(r"proxy_pass (\S+);", site)) == {"http://127.0.0.1:8501"}
    # the app counts failed logins by the first address in X-Forwarded-For: a browser must not be able to choose it
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site and "$proxy_add_x_forwarded_for" not in site
    joined = unit.replace("\\\n", " ")  # continuation lines
    execstart = " ".join(re.search(r"^ExecStart=(.*)$", joined, re.MULTILINE).group(1).split())
    assert "--server.address 127.0.0.1" in execstart and "--server.port 8501" in execstart
    # the websocket is accepted for the name nginx serves
    server_names = set(re.findall(r"server_name (\S+);", site))
    assert server_names == {re.search(r"--server.allowedHosts (\S+)", execstart).group(1)}
    # nginx lets through every upload the app accepts
    limit = re.search(r"client_max_body_size (\d+)m;", site).group(1)
    assert int(limit) >= config["server"]["maxUploadSize"]


def test_a_login_through_the_proxy_keeps_its_session_in_a_secure_cookie(served):
    require_chromium()
    if not login_form_landed():
        pytest.skip("the login form has not landed yet")
    with browser_trusting_any_certificate() as context:
        page = context.new_page()
        page.goto(f"{served.proxied}/{LABUHANBATU}")
        wait_until_idle(page)
        page.get_by_label("Nama pengguna").fill(ACCOUNT)
        page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        wait_until_idle(page)
        screenshot(page, "proxy_https_setelah_masuk")
        text = page.inner_text('[data-testid="stApp"]')
        assert "Ringkasan Kabupaten Labuhanbatu" in text and "kantor.rantau" in text
        assert_no_error_shown(served, text)
        # the app knew the browser spoke https although streamlit itself did not: X-Forwarded-Proto got through
        cookie = next(c for c in context.cookies() if c["name"] == "ucj_sesi")
        assert (cookie["secure"], cookie["sameSite"]) == (True, "Strict")
        # a reload is a new websocket through the proxy, which carries the cookie to the app
        page.reload()
        wait_until_idle(page)
        text = page.inner_text('[data-testid="stApp"]')
        assert "Ringkasan Kabupaten Labuhanbatu" in text and "Kata sandi" not in text
        assert_no_error_shown(served, text)
        assert page.locator('[data-testid="stException"]').count() == 0
