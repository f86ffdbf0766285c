"""deploy/nginx-ucj.conf run for real in front of `streamlit run`: a certificate made at test time, nginx in the
foreground with everything it writes inside a temporary folder, on unprivileged loopback ports."""
import grp
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "deploy" / "nginx-ucj.conf"
UNIT = ROOT / "deploy" / "ucj.service"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
OPENSSL = shutil.which("openssl")


def require_nginx_and_openssl() -> None:
    if not NGINX:
        pytest.skip("nginx is not installed (apt-get install -y nginx; .ci/run does it)")
    if not OPENSSL:
        pytest.skip("openssl is not installed (apt-get install -y openssl; .ci/run does it)")


def wait_for_port(port: int, process: subprocess.Popen, what: str, timeout_s: float = 90) -> None:
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{what} did not open port {port}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def streamlit_from_config(db_path: Path, port: int, log: Path):
    """`streamlit run dashboard.py` from the repository with no --server.address: where it listens is whatever
    .streamlit/config.toml says. allowedHosts as deploy/ucj.service has it, for the test's host name. Its output
    goes to log: the server's side of an error the app shows as a sentence."""
    env = {**os.environ, "UCJ_DB": str(db_path)}
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
             "--server.allowedHosts", "127.0.0.1"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, process, "streamlit")
        yield process
    finally:
        stop(process)


def add_account(warehouse: Path, name: str, role: str, password: str, *regions: str) -> None:
    """An account in the accounts file beside the warehouse, made as an operator would (`python -m ucj users add`)."""
    result = subprocess.run(
        [sys.executable, "-m", "ucj", "users", "add", name, "--role", role, "--db", str(warehouse),
         *(["--wilayah", *regions] if regions else [])],
        cwd=ROOT, input=password + "\n", capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, standing in for the organisation's; never kept."""
    certificate, key = folder / "ucj.crt", folder / "ucj.key"
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True)
    return certificate, key


def replace_once(text: str, old: str, new: str, count: int = 1) -> str:
    """Every substitution must find what it replaces, so that a changed deploy file fails here loudly rather than
    being tested with its production ports."""
    found = text.count(old)
    assert found == count, f"deploy/nginx-ucj.conf has {found} × {old!r}, expected {count}"
    return text.replace(old, new)


def site_for_test(*, https_port: int, http_port: int, upstream_port: int, certificate: Path, key: Path) -> str:
    """deploy/nginx-ucj.conf with only its ports, listening addresses and certificate paths changed."""
    text = SITE.read_text(encoding="utf-8")
    text = replace_once(text, "listen 80;", f"listen 127.0.0.1:{http_port};")
    text = replace_once(text, "listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;")
    text = replace_once(text, "    listen [::]:80;\n", "")
    text = replace_once(text, "    listen [::]:443 ssl;\n", "")
    text = replace_once(text, "return 301 https://$host$request_uri;",
                        f"return 301 https://$host:{https_port}$request_uri;")
    text = replace_once(text, "proxy_pass http://127.0.0.1:8501;", f"proxy_pass http://127.0.0.1:{upstream_port};",
                        count=2)
    text = replace_once(text, "/etc/ssl/ucj/ucj.crt", str(certificate))
    return replace_once(text, "/etc/ssl/ucj/ucj.key", str(key))


def main_config(folder: Path) -> str:
    """What /etc/nginx/nginx.conf gives a site, with every path inside folder and the master in the foreground."""
    # a root master hands requests to workers running as 'nobody', which could not write the temporary folder
    user = ""
    if os.geteuid() == 0:
        user = f"user {pwd.getpwuid(os.getuid()).pw_name} {grp.getgrgid(os.getgid()).gr_name};"
    temp = "\n".join(f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi",
                                                                            "uwsgi", "scgi"))
    return f"""daemon off;
{user}
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{
    worker_connections 256;
}}
http {{
    access_log {folder / "access.log"};
{temp}
    include {folder / "ucj.conf"};
}}
"""


@contextmanager
def nginx_server(folder: Path, *, https_port: int, http_port: int, upstream_port: int):
    """nginx with deploy/nginx-ucj.conf in front of streamlit on upstream_port; yields the certificate to trust."""
    certificate, key = make_certificate(folder)
    (folder / "ucj.conf").write_text(site_for_test(https_port=https_port, http_port=http_port,
                                                   upstream_port=upstream_port, certificate=certificate, key=key),
                                     encoding="utf-8")
    (folder / "nginx.conf").write_text(main_config(folder), encoding="utf-8")
    command = [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        try:
            wait_for_port(https_port, process, "nginx", timeout_s=30)
        except RuntimeError as error:
            raise RuntimeError(f"{error}: {(folder / 'error.log').read_text(errors='replace')}") from error
        yield certificate
    finally:
        stop(process)


def tls_context(certificate: Path) -> ssl.SSLContext:
    """Verifies the server against the test's certificate, host name included, as a browser trusting it would."""
    return ssl.create_default_context(cafile=str(certificate))


def non_loopback_addresses() -> list[str]:
    """This machine's addresses other machines could use: `hostname -I`, else the one a UDP socket would send
    from (no packet is sent). Empty when the machine has none."""
    addresses = []
    try:
        output = subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=10, check=False).stdout
        addresses = output.split()
    except (OSError, subprocess.SubprocessError):
        pass
    if not addresses:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            try:
                probe.connect(("192.0.2.1", 9))  # TEST-NET-1: only routing is consulted
                addresses = [probe.getsockname()[0]]
            except OSError:
                pass
    return [a for a in addresses if not a.startswith("127.") and a not in ("::1", "0.0.0.0", "::")]


def accepts_connections(address: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as client:
        client.settimeout(5)
        try:
            client.connect((address, port))
        except OSError:  # refused, or unreachable
            return False
        return True


@contextmanager
def browser_trusting_any_certificate():
    """Debian's chromium as tests/browser.py launches it, accepting the self-signed certificate."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--ignore-certificate-errors"])
        context = browser.new_context(viewport={"width": 1400, "height": 2600}, locale="id-ID",
                                      ignore_https_errors=True)
        try:
            yield context
        finally:
            browser.close()
