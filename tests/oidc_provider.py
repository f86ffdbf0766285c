"""A small but real OpenID Connect provider for the tests, on 127.0.0.1 in a thread of the test process: discovery,
an authorization endpoint that approves the configured test person at once (no login page), a token endpoint that
checks the client's secret, the code, its redirect_uri and PKCE, and returns an RS256-signed id_token (key made at
start, never written anywhere), the key set, userinfo, and an end-session endpoint.

It stands in for an organisation's Keycloak, Entra ID or Google Workspace: Streamlit's st.login (Authlib) talks to
it over HTTP exactly as it would to those, so the whole exchange (state, nonce, code, signature, issuer, audience,
expiry) is checked by Authlib for real. Only the person's own login at the provider is skipped.
"""
import base64
import hashlib
import json
import secrets
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "ucj-uji"


class Provider:
    """The provider's state: who is approved next (`person`), the codes and tokens it handed out, what it saw."""

    def __init__(self, base_url: str, redirect_uri: str):
        self.issuer = base_url
        self.redirect_uri = redirect_uri
        self.client_secret = secrets.token_urlsafe(24)  # made per run: nothing to keep secret in the repo
        self.key = RSAKey.generate_key(2048, parameters={"kid": "uji-1", "use": "sig", "alg": "RS256"})
        self.person = {"sub": "0", "email": "orang@instansi.go.id", "email_verified": True, "name": "Orang Uji"}
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self.seen: list[tuple[str, dict]] = []  # (path, query or form) of every request, for the tests to read
        self.lock = threading.Lock()

    def metadata(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "email", "email_verified", "name"],
        }

    def authorize(self, query: dict) -> tuple[int, dict, bytes]:
        """Approve self.person for this request: back to the client with a code, its `state` unchanged."""
        if query.get("client_id") != CLIENT_ID or query.get("redirect_uri") != self.redirect_uri:
            return 400, {}, b"unknown client or redirect_uri"
        if query.get("response_type") != "code" or "openid" not in query.get("scope", "").split():
            return 400, {}, b"only the code flow with scope openid"
        code = secrets.token_urlsafe(16)
        with self.lock:
            self.codes[code] = {"nonce": query.get("nonce"), "challenge": query.get("code_challenge"),
                                "method": query.get("code_challenge_method"), "person": dict(self.person)}
        back = {"code": code, "state": query.get("state", "")}
        return 302, {"Location": f"{self.redirect_uri}?{urlencode(back)}"}, b""

    def token(self, form: dict, authorization: str | None) -> tuple[int, dict, bytes]:
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if authorization and authorization.startswith("Basic "):
            client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
        if client_id != CLIENT_ID or secret != self.client_secret:
            return _json(401, {"error": "invalid_client"})
        with self.lock:
            grant = self.codes.pop(form.get("code", ""), None)  # a code is good once
        if grant is None or form.get("redirect_uri") != self.redirect_uri:
            return _json(400, {"error": "invalid_grant"})
        if grant["challenge"]:  # PKCE: the verifier must hash to the challenge sent to /authorize
            digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
                return _json(400, {"error": "invalid_grant", "error_description": "PKCE"})
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300, **grant["person"]}
        if grant["nonce"]:
            claims["nonce"] = grant["nonce"]
        id_token = jwt.encode({"alg": "RS256", "kid": self.key.kid}, claims, self.key)
        access = secrets.token_urlsafe(24)
        with self.lock:
            self.access_tokens[access] = grant["person"]
        return _json(200, {"access_token": access, "token_type": "Bearer", "expires_in": 300, "id_token": id_token,
                           "scope": "openid email profile"})

    def userinfo(self, authorization: str | None) -> tuple[int, dict, bytes]:
        person = self.access_tokens.get((authorization or "").removeprefix("Bearer "))
        return _json(200, person) if person else _json(401, {"error": "invalid_token"})

    def logout(self, query: dict) -> tuple[int, dict, bytes]:
        """The end of the session at the provider: back to the client's registered address only."""
        target = query.get("post_logout_redirect_uri")
        if target != self.redirect_uri:
            return 200, {"Content-Type": "text/plain"}, b"logged out"
        return 302, {"Location": target}, b""


def _json(status: int, body: dict) -> tuple[int, dict, bytes]:
    return status, {"Content-Type": "application/json", "Cache-Control": "no-store"}, json.dumps(body).encode()


def _handler(provider: Provider):
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, headers: dict, body: bytes) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):  # http.server's name
            url = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(url.query).items()}
            provider.seen.append((url.path, query))
            routes = {
                "/.well-known/openid-configuration": lambda: _json(200, provider.metadata()),
                "/jwks": lambda: _json(200, {"keys": [provider.key.as_dict(private=False)]}),
                "/authorize": lambda: provider.authorize(query),
                "/userinfo": lambda: provider.userinfo(self.headers.get("Authorization")),
                "/logout": lambda: provider.logout(query),
            }
            self._answer(*(routes[url.path]() if url.path in routes else (404, {}, b"")))

        def do_POST(self):
            url = urlsplit(self.path)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            form = {k: v[-1] for k, v in parse_qs(body).items()}
            provider.seen.append((url.path, {k: v for k, v in form.items() if k in ("grant_type", "redirect_uri")}))
            if url.path == "/token":
                self._answer(*provider.token(form, self.headers.get("Authorization")))
            else:
                self._answer(404, {}, b"")

        def log_message(self, *args):  # quiet: pytest shows the test's own output
            pass

    return Handler


@contextmanager
def oidc_provider(redirect_uri: str):
    """A provider on a free loopback port for the client whose callback is redirect_uri."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)
    provider = Provider(f"http://127.0.0.1:{server.server_address[1]}", redirect_uri)
    server.RequestHandlerClass = _handler(provider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
