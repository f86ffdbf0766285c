"""`python -m ucj serve --workers N`: N dashboard processes behind Debian's nginx, one command.

Each worker is `streamlit run dashboard.py` on a loopback port of its own; every worker reads the published
version of the warehouse read-only (ucj.warehouse.write publishes a write as a new version), so adding processes
adds people served. nginx runs unprivileged with its own configuration, pid, temporary and log files in a
private runtime folder (0700), and keeps each browser on one worker: a Streamlit session lives in the memory of
the process that opened it, its websocket must come back there.

Sticky routing: nginx gives each browser a random route cookie (`ucj_rute`, its $request_id, HttpOnly,
SameSite=Strict) and picks the worker by a consistent hash of it. Not ip_hash, which would send an office behind
one NAT address to one process. OSS nginx has no `sticky cookie`; the hash of a cookie nginx sets itself does
the same. A worker that dies is started again on its port; its browsers reconnect to it (or, while it is down,
to another worker: the login cookie is checked against the accounts file every worker reads, so no one logs in
again). SIGTERM or Ctrl-C stops nginx and every worker.
"""
import grp
import ipaddress
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from ucj import warehouse
from ucj.errors import UserError
from ucj.paths import PROJECT_ROOT

MAX_WORKERS = 32
UPLOAD_LIMIT = "51m"  # as deploy/nginx-ucj.conf: the app's 50 MB and the multipart envelope
ROUTE_COOKIE = "ucj_rute"


def nginx_binary() -> str:
    """Debian's nginx (`UCJ_NGINX` names another binary)."""
    named = os.environ.get("UCJ_NGINX")
    found = (shutil.which(named) if named else None) if named else (
        shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin"))
    if not found:
        raise UserError("nginx tidak ditemukan; pasang dengan 'sudo apt-get install nginx' lalu jalankan "
                        "'python -m ucj serve' lagi.")
    return found


def check_port_free(host: str, port: int) -> None:
    """Refused before anything starts: a port another process holds."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise UserError(f"Port {port} di {host} tidak dapat dipakai ({exc.strerror}); pilih port lain dengan "
                            "--port atau hentikan proses yang memakainya.") from exc


def free_loopback_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def check_trusted(addresses: list[str]) -> list[str]:
    """The proxies whose X-Forwarded-For is believed: addresses or networks, checked before anything starts."""
    checked = []
    for text in addresses:
        try:
            checked.append(str(ipaddress.ip_network(text.strip(), strict=False)))
        except ValueError as exc:
            raise UserError(f"--trusted-proxy {text} bukan alamat atau jaringan IP; tulis misalnya --trusted-proxy "
                            "127.0.0.1 atau --trusted-proxy 10.88.0.0/16.") from exc
    return checked


def nginx_config(runtime: Path, host: str, port: int, worker_ports: list[int],
                 trusted: tuple[str, ...] = ("127.0.0.1", "::1")) -> str:
    """The whole nginx configuration: plain HTTP on host:port (TLS stays with the site of deploy/nginx-ucj.conf in
    front, or any TLS proxy), the route cookie and the hash, the websocket upgrade, the upload limit, and
    X-Forwarded-For set, never appended: from a proxy on this machine (the TLS site) its client's address, from
    anyone else the connection's own address. The app then knows it is proxied (no login-free demo) and counts
    failed logins by the real address."""
    user = ""
    if os.geteuid() == 0:  # a root master would hand requests to 'nobody', who cannot write the runtime folder
        user = f"user {pwd.getpwuid(os.getuid()).pw_name} {grp.getgrgid(os.getgid()).gr_name};"
    temp = "\n".join(f"    {kind}_temp_path {runtime / kind};" for kind in ("client_body", "proxy", "fastcgi",
                                                                             "uwsgi", "scgi"))
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in worker_ports)
    listen = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    real_ip = "\n".join(f"        set_real_ip_from {address};" for address in trusted)
    return f"""# made by `python -m ucj serve` at each start; edits are lost
daemon off;
{user}
worker_processes 1;
pid {runtime / "nginx.pid"};
error_log {runtime / "error.log"} warn;
events {{
    worker_connections 4096;
}}
http {{
    # which worker served which route: no address, no query string (the region chosen), owner-only folder
    log_format ucj_rute '$msec $ucj_rute $upstream_addr $status $request_method $uri';
    access_log {runtime / "access.log"} ucj_rute;
{temp}
    server_tokens off;

    # a browser without the route cookie gets a new random one (this request's id); with it, it keeps it
    map $cookie_{ROUTE_COOKIE} $ucj_rute {{
        ""      $request_id;
        default $cookie_{ROUTE_COOKIE};
    }}
    map $http_x_forwarded_proto $ucj_rute_secure {{
        https   "; Secure";
        default "";
    }}
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ''      close;
    }}

    upstream ucj_dasbor {{
        hash $ucj_rute consistent;
{servers}
    }}

    server {{
        listen {listen};
        # the TLS site in front (deploy/nginx-ucj.conf, on this machine or the container's host): its
        # X-Forwarded-For is believed, anyone else's is replaced by the connection's address
{real_ip}
        real_ip_header X-Forwarded-For;

        client_max_body_size {UPLOAD_LIMIT};
        add_header Set-Cookie "{ROUTE_COOKIE}=$ucj_rute; Path=/; HttpOnly; SameSite=Strict$ucj_rute_secure" always;

        proxy_http_version 1.1;
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $remote_addr;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;
        proxy_set_header X-Forwarded-Host $host;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;

        location / {{
            proxy_pass http://ucj_dasbor;
        }}
        location /_stcore/stream {{
            proxy_pass http://ucj_dasbor;
            proxy_read_timeout 12h;
            proxy_send_timeout 12h;
            proxy_buffering off;
        }}
    }}
}}
"""


@dataclass
class Worker:
    number: int
    port: int
    process: subprocess.Popen | None = None
    started: list[float] = field(default_factory=list)


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


class Server:
    def __init__(self, db: Path, workers: int, host: str, port: int, allowed_hosts: list[str],
                 runtime: Path | None = None, trusted: list[str] = ()) -> None:
        if not 1 <= workers <= MAX_WORKERS:
            raise UserError(f"--workers {workers} harus antara 1 dan {MAX_WORKERS}; misalnya --workers 2 untuk dua "
                            "proses dasbor.")
        warehouse.require_warehouse(db)
        self.trusted = tuple(check_trusted(list(trusted) or ["127.0.0.1", "::1"]))
        self.nginx = nginx_binary()
        check_port_free(host, port)
        self.db = db.absolute()
        self.host, self.port, self.allowed_hosts = host, port, allowed_hosts
        self.own_runtime = runtime is None
        self.runtime = runtime or Path(tempfile.mkdtemp(prefix="ucj-serve-"))
        self.runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.runtime, 0o700)
        self.workers = [Worker(i + 1, p) for i, p in enumerate(free_loopback_ports(workers))]
        self.proxy: subprocess.Popen | None = None
        self.stopping = False
        # one secret for every worker and its restarts (streamlit makes a random one per process otherwise): a
        # cookie streamlit signed (an organisation login, st.login) stays valid on the worker that replaces it.
        # In the environment, not on the command line that `ps` shows to every user.
        self.cookie_secret = os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32)

    # -- processes

    def _start_worker(self, worker: Worker) -> None:
        options = ["--server.address", "127.0.0.1", "--server.port", str(worker.port), "--server.headless", "true",
                   "--browser.gatherUsageStats", "false"]
        if self.allowed_hosts:
            options += ["--server.allowedHosts", ",".join(self.allowed_hosts)]
        env = {**os.environ, "UCJ_DB": str(self.db), "UCJ_WORKER": str(worker.number),
               "STREAMLIT_SERVER_COOKIE_SECRET": self.cookie_secret}
        worker.process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard.py", *options],
                                          cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL)
        worker.started.append(time.monotonic())

    def _proxy_command(self) -> list[str]:
        return [self.nginx, "-p", str(self.runtime), "-c", str(self.runtime / "nginx.conf"),
                "-e", str(self.runtime / "error.log")]

    def _start_proxy(self) -> None:
        (self.runtime / "nginx.conf").write_text(
            nginx_config(self.runtime, self.host, self.port, [w.port for w in self.workers], self.trusted),
            encoding="utf-8")
        checked = subprocess.run([*self._proxy_command(), "-t"], capture_output=True, text=True, check=False)
        if checked.returncode != 0:
            raise UserError("nginx menolak konfigurasinya (" + " ".join(checked.stderr.split())[-300:] + "); periksa "
                            "--host dan --port lalu ulangi.")
        self.proxy = subprocess.Popen(self._proxy_command(), stdin=subprocess.DEVNULL)

    def _healthy(self, worker: Worker) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{worker.port}/_stcore/health", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def start(self, timeout_s: float = 120) -> None:
        for worker in self.workers:
            self._start_worker(worker)
        self._start_proxy()
        deadline = time.monotonic() + timeout_s
        waiting = list(self.workers)
        while waiting and not self.stopping:
            if self.proxy.poll() is not None:
                raise UserError(f"nginx berhenti saat dimulai ({self._proxy_log()}); periksa --host dan --port lalu "
                                "ulangi.")
            for worker in list(waiting):
                if worker.process.poll() is not None:
                    raise UserError(f"Proses dasbor {worker.number} berhenti saat dimulai (kode "
                                    f"{worker.process.returncode}); lihat pesannya di atas lalu ulangi.")
                if self._healthy(worker):
                    waiting.remove(worker)
            if time.monotonic() > deadline:
                raise UserError(f"Proses dasbor belum siap setelah {timeout_s:.0f} detik; lihat pesannya di atas.")
            time.sleep(0.3)
        address = f"[{self.host}]" if ":" in self.host else self.host
        print(f"Dasbor UCJ siap di http://{address}:{self.port} ({len(self.workers)} proses, gudang data "
              f"{self.db}).", flush=True)

    def _proxy_log(self) -> str:
        try:
            return " ".join((self.runtime / "error.log").read_text(errors="replace").split())[-300:]
        except OSError:
            return "tanpa log"

    def supervise(self) -> None:
        """Until asked to stop: a worker that exits is started again on its port (after a pause when it keeps
        failing); nginx likewise."""
        while not self.stopping:
            for worker in self.workers:
                code = worker.process.poll()
                if code is None or self.stopping:
                    continue
                recent = [t for t in worker.started if t > time.monotonic() - 60]
                if len(recent) >= 5:  # failing at once every time: do not spin
                    if time.monotonic() - recent[-1] < 30:
                        continue
                _say(f"Proses dasbor {worker.number} berhenti (kode {code}); dijalankan lagi.")
                self._start_worker(worker)
            if self.proxy.poll() is not None and not self.stopping:
                _say(f"nginx berhenti (kode {self.proxy.returncode}: {self._proxy_log()}); dijalankan lagi.")
                self.proxy = subprocess.Popen(self._proxy_command(), stdin=subprocess.DEVNULL)
            time.sleep(0.5)

    def stop(self) -> None:
        self.stopping = True
        running = [p for p in [self.proxy, *(w.process for w in self.workers)] if p is not None]
        for process in running:
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 15
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.own_runtime:
            shutil.rmtree(self.runtime, ignore_errors=True)


def serve(db: Path, workers: int, host: str, port: int, allowed_hosts: list[str], trusted: list[str] = ()) -> int:
    runtime = Path(os.environ["RUNTIME_DIRECTORY"]) if os.environ.get("RUNTIME_DIRECTORY") else None  # systemd's
    server = Server(db, workers, host, port, allowed_hosts, runtime, trusted)

    def ask_to_stop(signum, frame) -> None:
        server.stopping = True

    previous = {s: signal.signal(s, ask_to_stop) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    try:
        server.start()
        server.supervise()
    finally:
        server.stop()
        for s, handler in previous.items():
            signal.signal(s, handler)
    _say("Dasbor UCJ dihentikan.")
    return 0
