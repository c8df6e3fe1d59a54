"""Slow clients cannot take the server offline (issue 12 item 1).

300 raw sockets send the head of ``POST /api/v1/auth/login`` and then a byte now and then:
before the fix they filled the in-flight cap (every request, ``/health`` included, answered 503
for as long as they stayed open). Now their bodies are read before the cap counts them, they
are answered 408 and closed once they miss the body-rate window, and an honest client signs in
and syncs meanwhile. The guards live in the process, not in the database: SQLite only.
"""

from __future__ import annotations

import resource
import selectors
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.helper_server.world import blob_of, mutation, push, upload
from tests.helpers.live_server import LiveServer, live_server

WINDOW = 3.0  # --body-rate-window of the test server (production default: 15 s)
MIN_RATE = 2048  # --body-min-rate (the production default)
HEADER_TIMEOUT = 3.0
SLOW_SOCKETS = 300
CALL_BUDGET = 2.0  # seconds each honest call may take while the slow sockets are open
CLOSE_MARGIN = 6.0  # scheduling slack on a shared 2-core machine, on top of the deadline


@pytest.fixture(scope="module")
def guarded_server(
    tmp_path_factory: pytest.TempPathFactory, forms_dir: Path
) -> Iterator[LiveServer]:
    """A server with short slow-client deadlines (the default in-flight cap of 64)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 4 * SLOW_SOCKETS + 256
    if soft < wanted:  # inherited by the server process too
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))
    with live_server(
        tmp_path_factory.mktemp("slow"),
        forms_dir=forms_dir,
        args=[
            "--body-rate-window",
            str(WINDOW),
            "--body-min-rate",
            str(MIN_RATE),
            "--header-timeout",
            str(HEADER_TIMEOUT),
        ],
    ) as running:
        yield running
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def _connect(server: LiveServer) -> socket.socket:
    host, port = server.url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    sock.setblocking(False)
    return sock


class Trickler:
    """Open sockets and send each a few bytes every so often until the server closes it."""

    def __init__(self, socks: list[socket.socket], chunk: bytes, every: float) -> None:
        self.socks = socks
        self.chunk = chunk
        self.every = every
        self.closed_at: dict[int, float] = {}
        self.answers: dict[int, bytes] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.started = time.monotonic()

    def start(self) -> None:
        self.started = time.monotonic()
        self._thread.start()

    def _run(self) -> None:
        selector = selectors.DefaultSelector()
        for i, sock in enumerate(self.socks):
            selector.register(sock, selectors.EVENT_READ, i)
        next_send = time.monotonic()
        while not self._stop.is_set() and len(self.closed_at) < len(self.socks):
            for key, _ in selector.select(timeout=0.05):
                i = key.data
                try:
                    data = self.socks[i].recv(65536)
                except (ConnectionResetError, BlockingIOError):
                    data = b""  # reset by the server: closed
                if data:
                    self.answers[i] = self.answers.get(i, b"") + data
                else:
                    self.closed_at[i] = time.monotonic()
                    selector.unregister(self.socks[i])
            if time.monotonic() >= next_send:
                next_send += self.every
                for i, sock in enumerate(self.socks):
                    if i in self.closed_at:
                        continue
                    try:
                        sock.send(self.chunk)
                    except (BrokenPipeError, ConnectionResetError, BlockingIOError):
                        pass
        selector.close()

    def wait_all_closed(self, timeout: float) -> None:
        self._thread.join(timeout)
        self._stop.set()
        self._thread.join(5)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        for sock in self.socks:
            sock.close()


def _timed(call: str, started: float) -> float:
    took = time.monotonic() - started
    assert took < CALL_BUDGET, f"{call} took {took:.2f}s with slow clients connected"
    return took


def test_slow_login_bodies_do_not_take_the_server_offline(guarded_server: LiveServer) -> None:
    server = guarded_server
    user = server.create_user()
    head = (
        b"POST /api/v1/auth/login HTTP/1.1\r\nHost: helper\r\n"
        b"Content-Type: application/json\r\nContent-Length: 4000\r\n\r\n{"
    )
    socks = [_connect(server) for _ in range(SLOW_SOCKETS)]
    for sock in socks:
        sock.send(head)
    trickler = Trickler(socks, b" ", every=0.5)
    trickler.start()
    try:
        time.sleep(1.0)  # every slow request is in, its body dribbling
        with httpx.Client(base_url=server.url, timeout=10) as client:
            t = time.monotonic()
            assert client.get("/api/v1/health").status_code == 200
            _timed("health", t)
            t = time.monotonic()
            login = client.post(
                "/api/v1/auth/login",
                json={"username": user.username, "password": user.password, "device_id": "d"},
            )
            _timed("login", t)
            assert login.status_code == 200, login.text
            token = login.json()["access_token"]
        with server.client(token) as vol:
            t = time.monotonic()
            ref = upload(vol, b"scan of an id card" * 50)
            _timed("blob upload", t)
            t = time.monotonic()
            [result] = push(vol, mutation(attachments=[ref]))
            _timed("push", t)
            assert result["outcome"] == "applied", result
            t = time.monotonic()
            feed = vol.get("/api/v1/sync/changes", params={"since": 0})
            _timed("changes feed", t)
            assert feed.status_code == 200, feed.text
            assert len(feed.json()["changes"]) == 1
        # every slow socket is answered 408 and closed by the server within the window
        trickler.wait_all_closed(WINDOW + CLOSE_MARGIN)
        assert len(trickler.closed_at) == SLOW_SOCKETS, (
            f"only {len(trickler.closed_at)} of {SLOW_SOCKETS} slow sockets were closed"
        )
        latest = max(trickler.closed_at.values()) - trickler.started
        assert latest < WINDOW + CLOSE_MARGIN, f"the last slow socket closed after {latest:.1f}s"
        answered = [a for a in trickler.answers.values() if a.startswith(b"HTTP/1.1 408")]
        assert len(answered) == SLOW_SOCKETS, "each slow body is answered 408"
        assert all(b"request_timeout" in a and b"connection: close" in a for a in answered)
    finally:
        trickler.close()


def test_slow_request_heads_are_dropped(guarded_server: LiveServer) -> None:
    """Sockets that send their request head a few bytes at a time (or nothing) are closed."""
    socks = [_connect(guarded_server) for _ in range(50)]
    for sock in socks[:25]:
        sock.send(b"POST /api/v1/auth/login HTTP/1.1\r\n")
    trickler = Trickler(socks[:25], b"X-A: b\r\n", every=0.5)
    silent = Trickler(socks[25:], b"", every=60)
    trickler.start()
    silent.start()
    try:
        trickler.wait_all_closed(HEADER_TIMEOUT + CLOSE_MARGIN)
        silent.wait_all_closed(2)
        assert len(trickler.closed_at) == 25, "slow heads must be cut at the header deadline"
        assert len(silent.closed_at) == 25, "silent connections must be cut too"
        latest = max(trickler.closed_at.values()) - trickler.started
        assert latest < HEADER_TIMEOUT + CLOSE_MARGIN
        assert httpx.get(f"{guarded_server.url}/api/v1/health").status_code == 200
    finally:
        trickler.close()
        silent.close()


def _upload_slowly(server: LiveServer, token: str, content: bytes, *, rate: int) -> bytes:
    """PATCH ``content`` at about ``rate`` bytes/s on a raw socket; the server's answer."""
    sha = blob_of(content)
    sock = socket.create_connection(
        tuple(server.url.removeprefix("http://").split(":")),  # type: ignore[arg-type]
        timeout=60,
    )
    try:
        sock.sendall(
            f"PATCH /api/v1/blobs/{sha} HTTP/1.1\r\nHost: helper\r\n"
            f"Authorization: Bearer {token}\r\nX-Helper-Protocol: 1\r\n"
            f"Upload-Offset: 0\r\nUpload-Length: {len(content)}\r\n"
            f"Content-Type: application/offset+octet-stream\r\n"
            f"Content-Length: {len(content)}\r\n\r\n".encode()
        )
        step = max(1, rate // 4)
        for start in range(0, len(content), step):
            try:
                sock.sendall(content[start : start + step])
            except (BrokenPipeError, ConnectionResetError):
                break
            time.sleep(0.25)
        answer = b""
        while True:
            try:
                data = sock.recv(65536)
            except ConnectionResetError:
                break
            if not data:
                break
            answer += data
        return answer
    finally:
        sock.close()


def test_a_slow_but_honest_blob_upload_completes(guarded_server: LiveServer) -> None:
    """A blob upload above the minimum rate but far longer than the window goes through."""
    user = guarded_server.create_user()
    token = guarded_server.login(user)
    content = bytes(range(256)) * 96  # 24 KiB at ~3 KiB/s: about 8 s, well past WINDOW
    answer = _upload_slowly(guarded_server, token, content, rate=3 * 1024)
    assert answer.startswith(b"HTTP/1.1 200"), answer[:300]


def test_a_stalled_blob_upload_is_cut_and_resumable(guarded_server: LiveServer) -> None:
    """Below the minimum rate the upload is answered 408; the bytes received are kept."""
    user = guarded_server.create_user()
    token = guarded_server.login(user)
    content = bytes(range(256)) * 64  # 16 KiB at ~400 B/s: below the 2 KiB/s minimum
    started = time.monotonic()
    answer = _upload_slowly(guarded_server, token, content, rate=400)
    assert answer.startswith(b"HTTP/1.1 408"), answer[:300]
    assert b"request_timeout" in answer
    assert time.monotonic() - started < WINDOW + CLOSE_MARGIN + 2
    with guarded_server.client(token) as client:
        state = client.head(f"/api/v1/blobs/{blob_of(content)}")
    assert state.status_code == 200, state.text
    assert 0 < int(state.headers["Upload-Offset"]) < len(content)
