"""The server's own settings that the security review relied on (issue 13): loopback only, no tracebacks in the
browser, the upload limit enforced by the server, XSRF protection on. Each failed on the code before issue 13
(config.toml had none of them), and docs/security.md names each."""
import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"


def _config() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def test_the_server_listens_on_loopback_only():
    """Finding: the server listened on every interface (0.0.0.0:8501)."""
    assert _config()["server"]["address"] == "127.0.0.1"


def test_the_browser_gets_no_error_details():
    """Finding: client.showErrorDetails showed full tracebacks."""
    assert _config()["client"]["showErrorDetails"] == "none"


def test_the_server_refuses_uploads_over_50_mb_and_checks_xsrf():
    """Finding: upload limits were only in the browser (the app checks again before parsing, tests/test_import_hardening.py)."""
    server = _config()["server"]
    assert (server["maxUploadSize"], server["enableXsrfProtection"]) == (50, True)
