"""The fault proxy really adds latency, limits bandwidth and resets connections.

The sync tests and benchmarks trust these figures, so the proxy itself is measured here against a
real HTTP server on loopback.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from tests.helpers.fault_proxy import FaultProxy

PAYLOAD = bytes(range(256)) * 1024  # 256 KiB


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:
        body = PAYLOAD if self.path == "/big" else b"ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        n = int(self.headers["Content-Length"])
        data = self.rfile.read(n)
        self.send_response(200)
        self.send_header("Content-Length", "8")
        self.end_headers()
        self.wfile.write(len(data).to_bytes(8, "big"))


@pytest.fixture(scope="module")
def origin() -> Iterator[tuple[str, int]]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield ("127.0.0.1", httpd.server_address[1])
    httpd.shutdown()
    httpd.server_close()


def test_transparent_without_faults(origin: tuple[str, int]) -> None:
    with FaultProxy(origin) as proxy:
        assert requests.get(f"{proxy.url}/big", timeout=10).content == PAYLOAD
        answer = requests.post(f"{proxy.url}/up", data=PAYLOAD, timeout=10)
        assert int.from_bytes(answer.content, "big") == len(PAYLOAD)
        assert proxy.stats.bytes_down >= len(PAYLOAD)
        assert proxy.stats.bytes_up >= len(PAYLOAD)


def test_adds_round_trip_latency(origin: tuple[str, int]) -> None:
    with FaultProxy(origin, rtt=0.2) as proxy, requests.Session() as s:
        s.get(f"{proxy.url}/small", timeout=10)  # connection set-up
        start = time.monotonic()
        s.get(f"{proxy.url}/small", timeout=10)
        elapsed = time.monotonic() - start
    assert 0.19 <= elapsed < 0.6


def test_limits_bandwidth(origin: tuple[str, int]) -> None:
    with FaultProxy(origin, bandwidth_bps=4_000_000) as proxy:  # 500 kB/s
        start = time.monotonic()
        body = requests.get(f"{proxy.url}/big", timeout=20).content
        elapsed = time.monotonic() - start
    assert body == PAYLOAD
    expected = len(PAYLOAD) / 500_000
    assert expected * 0.9 <= elapsed <= expected * 1.8


def test_resets_connections(origin: tuple[str, int]) -> None:
    with FaultProxy(origin, reset_probability=1.0, reset_after_max=50_000, seed=3) as proxy:
        with pytest.raises(requests.RequestException):  # reset mid-body: ChunkedEncodingError
            requests.get(f"{proxy.url}/big", timeout=10)
        assert proxy.stats.resets == 1
        proxy.set_faults(reset_probability=0.0)
        assert requests.get(f"{proxy.url}/big", timeout=10).content == PAYLOAD
