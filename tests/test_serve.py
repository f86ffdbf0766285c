"""`python -m ucj serve --workers 2`: two real `streamlit run` processes behind Debian's nginx (unprivileged, its
runtime folder given as systemd would, RUNTIME_DIRECTORY), on the Banyumas warehouse of tests/banyumas.py with an
admin account. One server for the module: a browser stays on one worker, new clients reach both, the command line
reads while it serves, a load published meanwhile is seen by both workers at their next page, a killed worker
comes back, SIGTERM stops everything. Which worker served what is read from nginx's own log of routes."""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from banyumas import EXTRACTS, load_warehouse, write_csv
from browser import CHROMIUM, CHROMIUM_ARGS, free_port, log_in, open_page, require_chromium
from conftest import ROOT, TEST_NIK_KEY, TEST_PASSWORD, make_account, run_cli
from proxy import NGINX

BANYUMAS = "wilayah=33.02&periode=2025-03"
KLAIM = f"klaim?{BANYUMAS}&dari=2025-01&sampai=2025-03"


@dataclass(frozen=True)
class Serving:
    url: str
    db: Path
    runtime: Path
    process: subprocess.Popen
    out: Path
    err: Path


def wait_for_text(log: Path, text: str, process: subprocess.Popen, timeout_s: float) -> str:
    """The first line of the log holding `text`, once written."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            if text in line:
                return line
        if process.poll() is not None:
            break
        time.sleep(0.3)
    raise AssertionError(f"serve never said '{text}' (exit {process.poll()}): {log.read_text(errors='replace')}")


@pytest.fixture(scope="module")
def served(real_template, tmp_path_factory):
    if not NGINX:
        pytest.skip("nginx is not installed (apt-get install -y nginx; .ci/run does it)")
    require_chromium()
    folder = tmp_path_factory.mktemp("serve")
    db = load_warehouse(real_template, folder)
    make_account(db, "admin", "admin")
    runtime = folder / "run"
    runtime.mkdir(mode=0o700)
    port = free_port()
    out, err = folder / "serve.out", folder / "serve.err"  # the workers write there too: files, never a full pipe
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "ucj", "serve", "--workers", "2", "--port", str(port), "--db", str(db)],
            cwd=ROOT, env={**os.environ, "UCJ_NIK_KEY": TEST_NIK_KEY, "RUNTIME_DIRECTORY": str(runtime)},
            stdout=stdout, stderr=stderr)
    try:
        line = wait_for_text(out, "siap", process, 180)
        assert line == f"Dasbor UCJ siap di http://127.0.0.1:{port} (2 proses, gudang data {db})."
        yield Serving(f"http://127.0.0.1:{port}", db, runtime, process, out, err)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)


def worker_ports(runtime: Path) -> set[str]:
    text = (runtime / "nginx.conf").read_text(encoding="utf-8")
    return {line.split()[1] for line in text.splitlines() if line.strip().startswith("server 127.0.0.1:")}


def routes(runtime: Path) -> list[tuple[str, str, str]]:
    """(route cookie, worker address, uri) of every request nginx has logged so far."""
    out = []
    for line in (runtime / "access.log").read_text(encoding="utf-8").splitlines():
        _, route, upstream, _, _, uri = line.split(" ", 5)
        out.append((route, upstream, uri))
    return out


def new_route(url: str) -> str:
    """A client without the cookie: nginx gives it a route, in the Set-Cookie of its first answer."""
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
        cookie = next(v for k, v in response.getheaders() if k.lower() == "set-cookie" and v.startswith("ucj_rute="))
    assert cookie.endswith("; Path=/; HttpOnly; SameSite=Strict")
    return cookie.split(";")[0].removeprefix("ucj_rute=")


def workers_of(runtime: Path, route: str) -> set[str]:
    return {upstream for r, upstream, _ in routes(runtime) if r == route}


def worker_of(runtime: Path, route: str) -> str:
    """The worker that served the route's request (nginx logs a request once it has answered it)."""
    deadline = time.monotonic() + 10
    while not (found := workers_of(runtime, route)) and time.monotonic() < deadline:
        time.sleep(0.05)
    (worker,) = found
    return worker


def route_per_worker(served: Serving) -> dict[str, str]:
    """A route cookie that nginx sends to each worker, from clients without one (a consistent hash of a random
    id: 16 clients all on one of two workers would happen once in 30.000 runs)."""
    found = {}
    for _ in range(16):
        route = new_route(served.url)
        found.setdefault(worker_of(served.runtime, route), route)
    return found


def test_new_clients_reach_both_workers_and_a_browser_stays_on_one(served):
    assert set(route_per_worker(served)) == worker_ports(served.runtime)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 2600}, locale="id-ID")
            log_in(page, served.url, "admin", TEST_PASSWORD)  # through the proxy a real warehouse asks for a login
            for address in (f"/?{BANYUMAS}", f"/{KLAIM}", f"/?{BANYUMAS}"):  # new page loads, new websockets
                assert "Banyumas" in open_page(page, served.url + address)
            route = next(c["value"] for c in page.context.cookies() if c["name"] == "ucj_rute")
        finally:
            browser.close()
    served_by = [(upstream, uri) for r, upstream, uri in routes(served.runtime) if r == route]
    assert len({upstream for upstream, _ in served_by}) == 1, served_by
    assert sum(uri == "/_stcore/stream" for _, uri in served_by) >= 3  # every websocket went to the same worker


def test_the_command_line_reads_while_serving(served):
    result = run_cli("summary", "--region", "33.02", "--as-of", "2025-03-31", "--db", str(served.db), "--json")
    assert result.returncode == 0, result.stderr
    assert '"active_participants": 111' in result.stdout


def claims_shown(page, url: str) -> str:
    open_page(page, url)
    labels = page.locator('[data-testid="stMetricLabel"]').all_inner_texts()
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    return dict(zip(labels, values))["Klaim dibayar"]


def test_a_load_published_while_serving_is_seen_by_both_workers_at_their_next_page(served, tmp_path):
    pinned = route_per_worker(served)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            pages = {}
            for worker, route in pinned.items():
                context = browser.new_context(viewport={"width": 1400, "height": 2600}, locale="id-ID")
                context.add_cookies([{"name": "ucj_rute", "value": route, "url": served.url}])
                pages[worker] = context.new_page()
                log_in(pages[worker], served.url, "admin", TEST_PASSWORD)
            assert {w: claims_shown(page, f"{served.url}/{KLAIM}") for w, page in pages.items()} == {
                w: "2" for w in pinned}
            claims = write_csv(tmp_path / "klaim_maret.csv", [
                EXTRACTS["klaim"][0], ["C3", "K5", "JHT", "2025-03-31", "2025-03-31", "2500000"]])
            loaded = run_cli("load", "klaim", claims, "--db", str(served.db), "--by", "penguji",
                             env={"UCJ_NIK_KEY": TEST_NIK_KEY})
            assert loaded.returncode == 0, loaded.stderr  # the warehouse is not held by the running app
            assert {w: claims_shown(page, f"{served.url}/{KLAIM}") for w, page in pages.items()} == {
                w: "3" for w in pinned}
        finally:
            browser.close()
    for worker, route in pinned.items():
        assert workers_of(served.runtime, route) == {worker}


def test_a_killed_worker_is_started_again_and_sigterm_stops_everything(served):
    port = sorted(worker_ports(served.runtime))[0].split(":")[1]
    children = subprocess.run(["ps", "-ww", "-o", "pid=,args=", "--ppid", str(served.process.pid)], capture_output=True,
                              text=True, check=True).stdout.splitlines()
    worker = next(int(line.split()[0]) for line in children if f"--server.port {port}" in line)
    number = 1 + sorted(worker_ports(served.runtime), key=lambda a: order_in_config(served.runtime, a)).index(
        f"127.0.0.1:{port}")
    os.kill(worker, signal.SIGKILL)
    line = wait_for_text(served.err, "dijalankan lagi", served.process, 120)
    assert line == f"Proses dasbor {number} berhenti (kode -9); dijalankan lagi."
    wait_for_health(int(port))
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(timeout=60) == 0
    assert served.err.read_text(encoding="utf-8").strip().endswith("Dasbor UCJ dihentikan.")
    for address in (*worker_ports(served.runtime), served.url.removeprefix("http://")):
        host, _, number = address.rpartition(":")
        with socket.socket() as s:
            assert s.connect_ex((host, int(number))) != 0, f"{address} still answers"


def order_in_config(runtime: Path, address: str) -> int:
    return (runtime / "nginx.conf").read_text(encoding="utf-8").index(f"server {address} ")


def wait_for_health(port: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"worker on port {port} did not come back")


def test_a_taken_port_or_no_nginx_is_one_sentence_and_exit_2(served, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--workers", "2", "--port", str(port), "--db", str(served.db))
    assert result.returncode == 2
    assert result.stderr == (f"Port {port} di 127.0.0.1 tidak dapat dipakai (Address already in use); pilih port lain "
                             "dengan --port atau hentikan proses yang memakainya.\n")
    result = run_cli("serve", "--db", str(served.db), env={"UCJ_NGINX": str(tmp_path / "tidak-ada")})
    assert (result.returncode, result.stderr) == (2, "nginx tidak ditemukan; pasang dengan 'sudo apt-get install "
                                                     "nginx' lalu jalankan 'python -m ucj serve' lagi.\n")


def test_the_serve_unit_and_container_keep_the_site_and_loopback():
    """deploy/ucj-serve.service puts serve's nginx where the TLS site proxies to (127.0.0.1:8501), for the site's
    name, with a runtime folder of its own; the container publishes nothing but serve's port."""
    import re

    from proxy import SITE

    unit = (ROOT / "deploy" / "ucj-serve.service").read_text(encoding="utf-8").replace("\\\n", " ")
    execstart = " ".join(re.search(r"^ExecStart=(.*)$", unit, re.MULTILINE).group(1).split())
    site = SITE.read_text(encoding="utf-8")
    assert execstart.startswith("/opt/ucj/.venv/bin/python -m ucj serve ")
    assert "--host 127.0.0.1" in execstart and "--port 8501" in execstart
    assert set(re.findall(r"proxy_pass (\S+);", site)) == {"http://127.0.0.1:8501"}
    assert set(re.findall(r"server_name (\S+);", site)) == {re.search(r"--allowed-host (\S+)", execstart).group(1)}
    assert {"RuntimeDirectory=ucj", "RuntimeDirectoryMode=0700", "UMask=0077", "User=ucj", "KillMode=mixed"} <= set(
        unit.splitlines())
    container = (ROOT / "deploy" / "Containerfile").read_text(encoding="utf-8")
    installed = re.search(r"apt-get install ([^\n]*)", container).group(1).split()
    assert "nginx" in installed and not [p for p in installed if "chromium" in p]
    assert re.findall(r"^EXPOSE (\S+)$", container, re.MULTILINE) == ["8080"] and "USER ucj" in container
