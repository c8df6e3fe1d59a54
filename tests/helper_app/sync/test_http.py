"""ApiSession against a real HTTP server on loopback that misbehaves on purpose.

The server is a stdlib ``http.server`` in a thread: each path plays one situation the volunteer's
laptop meets (a captive portal's login page, a busy server, an expired token, a slow answer).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from helper_app.sync import errors
from helper_app.sync.http import ApiSession, parse_retry_after
from helper_app.sync.policy import BusyRetry
from helper_app.sync.protocol import PROTOCOL_HEADER


class _Handler(BaseHTTPRequestHandler):
    seen: list[dict[str, object]] = []
    hits: dict[str, int] = {}
    slow_done = threading.Event()

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
        self._send(status, json.dumps(obj).encode(), ctype="application/json", ours=True, **hdrs)

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
        elif path == "/too-slow":
            self._json(408, {"code": "request_timeout", "message": "body too slow"})
        elif path == "/boom":
            self._json(500, {"code": "internal", "message": "internal error"})
        elif path == "/bad":
            self._json(422, {"code": "invalid", "message": "device_id: expected a UUID"})
        elif path == "/notjson":
            self._send(200, b"{not json", ctype="application/json")
        elif path == "/slow":
            time.sleep(1.5)
            # The client gave up long ago: writing to it fails, which is the point, not news.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._json(200, {})
            _Handler.slow_done.set()
        elif path == "/busy-then-ok":
            # ?key=K&busy=N&after=S: the first N requests of key K are busy (Retry-After S).
            query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
            key = query["key"]
            _Handler.hits[key] = _Handler.hits.get(key, 0) + 1
            if _Handler.hits[key] > int(query["busy"]):
                self._json(200, {"hits": _Handler.hits[key]})
            elif "after" in query:
                status = 503 if _Handler.hits[key] % 2 else 429
                self._json(status, {"code": "busy", "message": "busy"}, Retry_After=query["after"])
            else:
                self._json(503, {"code": "busy", "message": "busy"})
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
        # the server's body minimum rate (a slow link): retry, the engine shrinks its batch
        ("/too-slow", errors.RequestTimeoutError, True),
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


def test_read_timeout(server: str, capfd: pytest.CaptureFixture[str]) -> None:
    _Handler.slow_done.clear()
    api = ApiSession(server, timeout=(1.0, 0.3))
    with pytest.raises(errors.RequestTimeoutError):
        api.request("GET", "/slow")
    api.close()
    assert _Handler.slow_done.wait(5)
    time.sleep(0.1)  # let the handler thread finish writing whatever it writes
    assert "Traceback" not in capfd.readouterr().err  # a passing run prints no tracebacks


class _Sleeps:
    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def _busy_session(server: str, sleeps: _Sleeps) -> ApiSession:
    return ApiSession(server, busy_retry=BusyRetry(jitter=0), sleep=sleeps)


def test_a_busy_answer_with_retry_after_is_waited_out(server: str) -> None:
    sleeps = _Sleeps()
    api = _busy_session(server, sleeps)
    answer = api.request("GET", "/busy-then-ok", params={"key": "a", "busy": 2, "after": "0"})
    assert answer.body == {"hits": 3}
    assert sleeps.waits == [0.0, 0.0]
    assert api.traffic.busy_retries == 2 and api.traffic.by_status == {503: 1, 429: 1, 200: 1}


def test_the_wait_honours_retry_after_with_jitter_on_top(server: str) -> None:
    sleeps = _Sleeps()
    api = ApiSession(server, busy_retry=BusyRetry(jitter=0.1, rng=lambda: 0.5), sleep=sleeps)
    api.request("GET", "/busy-then-ok", params={"key": "j", "busy": 1, "after": "2"})
    assert sleeps.waits == [pytest.approx(2.1)]


@pytest.mark.parametrize(
    ("key", "busy", "after", "waits"),
    [
        ("long", 1, "45", []),  # longer than 30 s: the scheduler's backoff waits instead
        ("none", 1, None, []),  # no Retry-After: the server did not say when
        ("often", 9, "0", [0.0, 0.0, 0.0]),  # three retries, then the answer fails the pass
        ("total", 9, "25", [25.0, 25.0]),  # a third 25 s wait would pass 60 s in all
    ],
)
def test_busy_retries_are_bounded(
    server: str, key: str, busy: int, after: str | None, waits: list[float]
) -> None:
    sleeps = _Sleeps()
    params: dict[str, str | int] = {"key": key, "busy": busy}
    if after is not None:
        params["after"] = after
    with pytest.raises(errors.RateLimitedError):
        _busy_session(server, sleeps).request("GET", "/busy-then-ok", params=params)
    assert sleeps.waits == waits
    assert _Handler.hits[key] == len(waits) + 1


def test_without_a_policy_a_busy_answer_is_raised_at_once(server: str) -> None:
    with pytest.raises(errors.RateLimitedError):
        ApiSession(server).request(
            "GET", "/busy-then-ok", params={"key": "p", "busy": 1, "after": "0"}
        )
    assert _Handler.hits["p"] == 1


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
