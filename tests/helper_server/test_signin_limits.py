"""Sign-in limits against the real server: kept in the database, failures only, known devices.

The server listens on loopback, so "strangers at other addresses" come through a trusted proxy
(``--trusted-proxy 127.0.0.1`` and ``X-Forwarded-For``), as they would behind the ward's proxy.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
import threading
import unicodedata
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
import pytest
from sqlmodel import col, select

from helper_app.demo import server_command
from helper_server.models import AuditEvent, SigninFailure
from helper_server.ratelimit import SWEEP_BATCH
from tests.helpers.live_server import (
    BACKENDS,
    LiveServer,
    fresh_pg_database,
    live_server,
)

PER_ACCOUNT = 3
PER_ADDRESS = 5


@contextlib.contextmanager
def _server(
    backend: str, directory: Path, forms_dir: Path, args: Sequence[str]
) -> Iterator[LiveServer]:
    if backend == "postgres":
        with fresh_pg_database(os.environ["HELPER_TEST_PG_URL"]) as url:
            with live_server(directory, db_url=url, forms_dir=forms_dir, args=args) as running:
                yield running
    else:
        with live_server(directory, forms_dir=forms_dir, args=args) as running:
            yield running


LIMIT_ARGS = ["--login-per-account", str(PER_ACCOUNT), "--login-per-address", str(PER_ADDRESS)]


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """SQLite or PostgreSQL."""
    return str(request.param)


@pytest.fixture(scope="module")
def proxied(
    backend: str, tmp_path_factory: pytest.TempPathFactory, forms_dir: Path
) -> Iterator[LiveServer]:
    """Tight limits, behind a trusted proxy on loopback (the test plays the proxy)."""
    args = [*LIMIT_ARGS, "--trusted-proxy", "127.0.0.0/8"]
    with _server(backend, tmp_path_factory.mktemp("proxied"), forms_dir, args) as running:
        yield running


@pytest.fixture(scope="module")
def direct(
    backend: str, tmp_path_factory: pytest.TempPathFactory, forms_dir: Path
) -> Iterator[LiveServer]:
    """Tight limits, no trusted proxy (the default)."""
    with _server(backend, tmp_path_factory.mktemp("direct"), forms_dir, LIMIT_ARGS) as running:
        yield running


def _login(
    server: LiveServer,
    username: str,
    password: str,
    *,
    device: str = "stranger-device",
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    return server.browser().post(
        "/api/v1/auth/login",
        json={"username": username, "password": password, "device_id": device},
        headers=headers or {},
        timeout=60,
    )


def _from(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


def _fresh_address() -> str:
    raw = uuid.uuid4().bytes
    return f"10.{raw[0]}.{raw[1]}.{raw[2]}"


def _failed_addresses(server: LiveServer, device: str) -> list[str | None]:
    with server.db.read() as session:
        rows = session.exec(
            select(AuditEvent).where(
                col(AuditEvent.event) == "login_failed", col(AuditEvent.device_id) == device
            )
        ).all()
        return [row.address for row in rows]


def test_strangers_failures_do_not_stop_the_known_device(proxied: LiveServer) -> None:
    user = proxied.create_user()
    home = _from(_fresh_address())
    assert _login(proxied, user.username, user.password, device="laptop", headers=home).is_success
    strangers = [
        _login(proxied, user.username, f"guess-{i}", headers=_from(_fresh_address())).status_code
        for i in range(10)
    ]
    assert strangers == [401] * PER_ACCOUNT + [429] * (10 - PER_ACCOUNT)
    # the volunteer's own laptop still signs in; an unknown device is held by the lock
    again = _login(proxied, user.username, user.password, device="laptop", headers=home)
    assert again.status_code == 200
    held = _login(proxied, user.username, user.password, headers=_from(_fresh_address()))
    assert held.status_code == 429
    assert held.json()["code"] == "auth.rate_limited"
    assert int(held.headers["Retry-After"]) >= 1


def test_the_known_device_has_its_own_limit_and_success_clears_it(proxied: LiveServer) -> None:
    user = proxied.create_user()
    home = _from(_fresh_address())

    def own(password: str) -> int:
        return _login(proxied, user.username, password, device="laptop", headers=home).status_code

    assert own(user.password) == 200
    assert [own("typo") for _ in range(PER_ACCOUNT - 1)] == [401] * (PER_ACCOUNT - 1)
    assert own(user.password) == 200  # a success forgets the device's failures...
    assert [own("typo") for _ in range(PER_ACCOUNT)] == [401] * PER_ACCOUNT  # ...all of them
    assert own(user.password) == 429  # its own failures do lock the device


def test_successes_are_not_counted(proxied: LiveServer) -> None:
    user = proxied.create_user()
    home = _from(_fresh_address())
    answers = [
        _login(proxied, user.username, user.password, device=f"d{i}", headers=home).status_code
        for i in range(PER_ACCOUNT + PER_ADDRESS)
    ]
    assert answers == [200] * (PER_ACCOUNT + PER_ADDRESS)


def test_per_address_limit_counts_failures_on_any_account(proxied: LiveServer) -> None:
    address = _from(_fresh_address())
    answers = [
        _login(proxied, f"nobody-{uuid.uuid4().hex[:8]}", "password!", headers=address).status_code
        for _ in range(PER_ADDRESS + 2)
    ]
    assert answers == [401] * PER_ADDRESS + [429, 429]
    user = proxied.create_user()
    assert _login(proxied, user.username, user.password, headers=address).status_code == 429
    elsewhere = _login(proxied, user.username, user.password, headers=_from(_fresh_address()))
    assert elsewhere.status_code == 200


def test_usernames_are_case_folded_for_sign_in_and_the_limit(proxied: LiveServer) -> None:
    tag = uuid.uuid4().hex[:6]
    user = proxied.create_user(username=f"Lân-{tag}")
    decomposed_upper = unicodedata.normalize("NFD", f"LÂN-{tag.upper()}")
    ok = _login(proxied, decomposed_upper, user.password, headers=_from(_fresh_address()))
    assert ok.status_code == 200
    assert ok.json()["user"]["username"] == user.username
    spellings = [f"lân-{tag}", f"LÂN-{tag}", unicodedata.normalize("NFD", f"lÂn-{tag}")]
    answers = [
        _login(proxied, name, "guess", headers=_from(_fresh_address())).status_code
        for name in spellings
    ]
    assert answers == [401] * PER_ACCOUNT
    held = _login(proxied, f"LÂN-{tag.upper()}", user.password, headers=_from(_fresh_address()))
    assert held.status_code == 429
    with pytest.raises(ValueError, match="already taken"):
        proxied.create_user(username=f"LÂN-{tag}")


def test_forged_forwarded_for_from_an_untrusted_peer_is_ignored(direct: LiveServer) -> None:
    device = f"forger-{uuid.uuid4().hex[:8]}"
    answers = [
        _login(
            direct, f"nobody-{i}", "password!", device=device, headers=_from(f"192.0.2.{i}")
        ).status_code
        for i in range(PER_ADDRESS + 1)
    ]
    # every try counted against the real peer, whatever the header claims
    assert answers[-1] == 429
    addresses = set(_failed_addresses(direct, device))
    assert addresses == {"127.0.0.1"}


def test_forwarded_headers_are_honoured_from_a_trusted_proxy(proxied: LiveServer) -> None:
    device = f"proxied-{uuid.uuid4().hex[:8]}"
    # an account of its own: the per-account limit must not be reached by other tests' tries
    nobody = f"nobody-{uuid.uuid4().hex[:8]}"
    _login(proxied, nobody, "password!", device=device, headers=_from("203.0.113.9"))
    _login(
        proxied,
        nobody,
        "password!",
        device=device,
        headers={"Forwarded": 'for="[2001:db8::7]:4711";proto=https'},
    )
    # a chain: the client is the right-most hop that is not a trusted proxy
    _login(proxied, nobody, "password!", device=device, headers=_from("198.51.100.1, 127.0.0.5"))
    assert sorted(a or "" for a in _failed_addresses(proxied, device)) == sorted(
        ["203.0.113.9", "2001:db8::7", "198.51.100.1"]
    )


def test_the_sweep_of_expired_rows_is_bounded(proxied: LiveServer) -> None:
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    marker = f"sweep-{uuid.uuid4().hex[:8]}"
    with proxied.db.write() as session:
        for _ in range(SWEEP_BATCH + 50):
            session.add(SigninFailure(at=old, account_key=marker, address="10.9.9.9"))

    def left() -> int:
        with proxied.db.read() as session:
            rows = session.exec(
                select(SigninFailure.id).where(col(SigninFailure.account_key) == marker)
            ).all()
            return len(rows)

    nobody = f"nobody-{uuid.uuid4().hex[:8]}"
    _login(proxied, nobody, "password!", headers=_from(_fresh_address()))
    assert left() == 50
    _login(proxied, nobody, "password!", headers=_from(_fresh_address()))
    assert left() == 0


def test_the_limit_holds_exactly_with_two_workers(
    backend: str, tmp_path: Path, forms_dir: Path
) -> None:
    limit = 4
    tries = 40
    args = ["--workers", "2", "--login-per-account", str(limit), "--login-per-address", "1000"]
    with _server(backend, tmp_path, forms_dir, args) as server:
        user = server.create_user()
        statuses: Counter[int] = Counter()
        lock = threading.Lock()
        barrier = threading.Barrier(8)

        def guess(thread: int) -> None:
            barrier.wait()
            for i in range(tries // 8):
                # a new connection each time, so both workers take some of them
                response = server.browser().post(
                    "/api/v1/auth/login",
                    json={
                        "username": user.username,
                        "password": f"g{thread}-{i}",
                        "device_id": "x",
                    },
                    timeout=120,
                )
                with lock:
                    statuses[response.status_code] += 1

        threads = [threading.Thread(target=guess, args=(t,)) for t in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert statuses == Counter({401: limit, 429: tries - limit})


def test_serve_refuses_a_trusted_proxy_that_is_not_an_address(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            *server_command(),
            "serve",
            "--db",
            f"sqlite:///{tmp_path / 's.sqlite3'}",
            "--trusted-proxy",
            "10.0.0.0/8",
            "--trusted-proxy",
            "proxy.example",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "'proxy.example' is not an IP address or CIDR network" in done.stderr
