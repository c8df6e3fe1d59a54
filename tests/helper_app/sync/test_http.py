"""ApiSession against a real HTTP server on loopback that misbehaves on purpose.

The server is a stdlib ``http.server`` in a thread: each path plays one situation the volunteer's
laptop meets (a captive portal's login page, a busy server, an expired token, a slow answer).
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from helper_app.sync import errors
from helper_app.sync.http import ApiSession, parse_retry_after
from helper_app.sync.protocol import PROTOCOL_HEADER


class _Handler(BaseHTTPRequestHandler):
    seen: list[dict[str, object]] = []

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _send(
        self, status: int, body: bytes, *, ctype: str, ours: bool = True, **hdrs: str
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if ours:
            self.send_header(PROTOCOL_HEADER, "1")
        for k, v in hdrs.items():
            self.send_header(k.replace("_", "-"), v)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, obj: object, **hdrs: str) -> None:
        self._send(status, json.dumps(obj).encode(), ctype="application/json", **hdrs)

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        if path == "/ok":
            self._json(200, {"hello": "xin chào", "auth": self.headers.get("Authorization")})
        elif path == "/portal":
            self._send(200, b"<html>Login to WiFi</html>", ctype="text/html", ours=False)
        elif path == "/portal-json":
            self._send(200, b'{"ok": true}', ctype="application/json", ours=False)
        elif path == "/busy":
            self._json(503, {"code": "overloaded", "message": "busy"}, Retry_After="7")
        elif path == "/limited":
            self._json(429, {"code": "rate_limited", "message": "slow down"}, Retry_After="2")
        elif path == "/expired":
            self._json(401, {"code": "token_expired", "message": "sign in again"})
        elif path == "/gone":
            self._json(404, {"code": "not_found", "message": "no such dossier"})
        elif path == "/offset":
            self._json(409, {"code": "wrong_offset", "message": "expected 10"})
        elif path == "/boom":
            self._json(500, {"code": "internal", "message": "internal error"})
        elif path == "/bad":
            self._json(422, {"code": "invalid", "message": "device_id: expected a UUID"})
        elif path == "/notjson":
            self._send(200, b"{not json", ctype="application/json")
        elif path == "/slow":
            time.sleep(1.5)
            self._json(200, {})
        else:
            self._json(404, {"code": "not_found", "message": "?"})

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        encoding = self.headers.get("Content-Encoding")
        body = gzip.decompress(raw) if encoding == "gzip" else raw
        _Handler.seen.append({"encoding": encoding, "wire": len(raw), "body": json.loads(body)})
        self._json(200, {"received": len(body)})


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_success_carries_protocol_header_and_token(server: str) -> None:
    api = ApiSession(server, token_provider=lambda: "tok-123")
    answer = api.request("GET", "/ok")
    assert answer.status == 200
    assert answer.body == {"hello": "xin chào", "auth": "Bearer tok-123"}
    assert api.traffic.requests == 1 and api.traffic.received > 0


def test_unauthenticated_request_sends_no_token(server: str) -> None:
    api = ApiSession(server, token_provider=lambda: "tok-123")
    assert api.request("GET", "/ok", authenticated=False).body["auth"] is None


@pytest.mark.parametrize("path", ["/portal", "/portal-json"])
def test_captive_portal_200_is_not_success(server: str, path: str) -> None:
    with pytest.raises(errors.ProtocolError):
        ApiSession(server).request("GET", path)


def test_invalid_json_from_our_server_is_protocol_error(server: str) -> None:
    with pytest.raises(errors.ProtocolError):
        ApiSession(server).request("GET", "/notjson")


@pytest.mark.parametrize(
    ("path", "exc", "status", "retry_after"),
    [("/busy", errors.RateLimitedError, 503, 7.0), ("/limited", errors.RateLimitedError, 429, 2.0)],
)
def test_busy_answers_carry_retry_after(
    server: str, path: str, exc: type[errors.RateLimitedError], status: int, retry_after: float
) -> None:
    with pytest.raises(exc) as info:
        ApiSession(server).request("GET", path)
    assert info.value.status == status
    assert info.value.retry_after == retry_after
    assert info.value.retryable


@pytest.mark.parametrize(
    ("path", "exc", "retryable"),
    [
        ("/expired", errors.UnauthorizedError, False),
        ("/gone", errors.NotFoundError, False),
        ("/offset", errors.ConflictError, False),
        ("/boom", errors.ServerError, True),
        ("/bad", errors.ClientRequestError, False),
    ],
)
def test_error_statuses_map_to_types(
    server: str, path: str, exc: type[errors.SyncError], retryable: bool
) -> None:
    with pytest.raises(exc) as info:
        ApiSession(server).request("GET", path)
    assert info.value.retryable is retryable


def test_client_error_keeps_server_code(server: str) -> None:
    with pytest.raises(errors.ClientRequestError) as info:
        ApiSession(server).request("GET", "/bad")
    assert info.value.code == "invalid"
    assert "device_id" in str(info.value)


def test_read_timeout(server: str) -> None:
    api = ApiSession(server, timeout=(1.0, 0.3))
    with pytest.raises(errors.RequestTimeoutError):
        api.request("GET", "/slow")


def test_connection_refused_is_offline() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(errors.OfflineError):
        ApiSession(f"http://127.0.0.1:{port}", timeout=(0.5, 0.5)).request("GET", "/ok")


def test_large_json_bodies_are_gzipped_small_ones_not(server: str) -> None:
    api = ApiSession(server)
    _Handler.seen.clear()
    api.request("POST", "/push", json_body={"x": "a"})
    big = {"mutations": [{"data": {"full_name": "Nguyễn Văn An", "n": i}} for i in range(300)]}
    api.request("POST", "/push", json_body=big)
    small, large = _Handler.seen
    assert small["encoding"] is None
    assert large["encoding"] == "gzip"
    assert large["body"] == big
    assert isinstance(large["wire"], int) and large["wire"] < len(json.dumps(big)) / 3


def test_tls_verification_cannot_be_disabled_by_configuration(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="CA bundle not found"):
        ApiSession("https://example.invalid", ca_bundle=tmp_path / "missing.pem")
    bundle = tmp_path / "ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")
    assert ApiSession("https://example.invalid", ca_bundle=bundle)._session.verify == str(bundle)
    assert ApiSession("https://example.invalid")._session.verify is True


def test_base_url_must_be_http() -> None:
    with pytest.raises(ValueError, match="http"):
        ApiSession("ftp://server")


def test_parse_retry_after_forms() -> None:
    assert parse_retry_after("5") == 5.0
    assert parse_retry_after(" 0 ") == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    when = "Wed, 21 Oct 2015 07:28:00 GMT"
    assert parse_retry_after(when, now=1445412480.0 - 30) == pytest.approx(30.0)
    assert parse_retry_after(when, now=1445412480.0 + 30) == 0.0
