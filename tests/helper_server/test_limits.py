"""Login rate limits (429 + Retry-After) and the overload cap (503 + Retry-After, never 500)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.helper_server.world import make_ward, mutation, upload
from tests.helpers.live_server import LiveServer, live_server


@pytest.fixture(scope="module")
def strict_server(
    tmp_path_factory: pytest.TempPathFactory, forms_dir: Path
) -> Iterator[LiveServer]:
    """A server with tight limits (SQLite: the limits live in the process, not the database)."""
    with live_server(
        tmp_path_factory.mktemp("strict"),
        forms_dir=forms_dir,
        args=["--login-per-account", "3", "--login-per-address", "1000", "--max-in-flight", "2"],
    ) as running:
        yield running


def _login(server: LiveServer, username: str, password: str) -> httpx.Response:
    return server.browser().post(
        "/api/v1/auth/login",
        json={"username": username, "password": password, "device_id": "d"},
    )


def test_login_is_rate_limited_per_account(strict_server: LiveServer) -> None:
    user = strict_server.create_user()
    statuses = [
        _login(strict_server, user.username, "wrong-password").status_code for _ in range(3)
    ]
    assert statuses == [401, 401, 401]
    limited = _login(strict_server, user.username, user.password)
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) >= 1
    assert limited.json()["code"] == "auth.rate_limited"
    other = strict_server.create_user()
    assert _login(strict_server, other.username, other.password).status_code == 200


def test_login_is_rate_limited_per_address(tmp_path: Path, forms_dir: Path) -> None:
    with live_server(tmp_path, forms_dir=forms_dir, args=["--login-per-address", "4"]) as server:
        answers = [_login(server, f"nobody-{i}", "password!").status_code for i in range(6)]
    assert answers[:4] == [401] * 4
    assert answers[4:] == [429, 429]


def test_overload_answers_503_with_retry_after(strict_server: LiveServer) -> None:
    ward = make_ward(strict_server)
    ref = upload(ward.vol, b"load" * 100)
    token = ward.vol.headers["Authorization"]
    statuses: Counter[int] = Counter()
    retry_after: set[str] = set()
    lock = threading.Lock()
    barrier = threading.Barrier(24)

    def hammer() -> None:
        body = {"device_id": "d", "mutations": [mutation(attachments=[ref]) for _ in range(40)]}
        with httpx.Client(
            base_url=strict_server.url, headers={"Authorization": token}, timeout=60
        ) as c:
            barrier.wait()
            for _ in range(3):
                response = c.post("/api/v1/sync/push", json=body)
                with lock:
                    statuses[response.status_code] += 1
                    if response.status_code == 503:
                        retry_after.add(response.headers["Retry-After"])
                        assert response.json()["code"] == "overloaded"

    threads = [threading.Thread(target=hammer) for _ in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ward.close()
    assert set(statuses) <= {200, 503}, statuses
    assert statuses[503] > 0 and statuses[200] > 0, statuses
    assert retry_after == {"1"}
