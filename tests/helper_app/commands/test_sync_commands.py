"""``helper-app login | sync | status | logout`` as a volunteer runs them, in real subprocesses,
against a real server, with the token in a real Secret Service keyring."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helper_app.security.os_keyring import SERVICE
from tests.helpers.keyring_service import KeyringSession, secret_service
from tests.helpers.live_server import LiveServer, TestUser, free_port, live_server
from tests.helpers.sync_world import birth_example, random_bytes_file

HELPER_APP = [str(Path(sys.executable).parent / "helper-app")]


@pytest.fixture(scope="module")
def keyring_session() -> Iterator[KeyringSession]:
    with secret_service() as session:
        yield session


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("server")) as running:
        yield running


def run(
    data_dir: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*HELPER_APP, "--data-dir", str(data_dir), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def login(data_dir: Path, server: LiveServer, user: TestUser) -> subprocess.CompletedProcess[str]:
    return run(
        data_dir,
        "login",
        "--server",
        server.url,
        "--username",
        user.username,
        "--password-stdin",
        stdin=user.password + "\n",
    )


def queue_dossiers(data_dir: Path, tmp_path: Path, count: int) -> None:
    data, slots = birth_example()
    items = []
    for n in range(count):
        scan = random_bytes_file(tmp_path / f"scan-{n}.pdf", 4000, seed=n)
        items.append(
            {
                "procedure": "birth_registration",
                "data": data,
                "attachments": [{"slot": slots[0], "path": str(scan)}],
                "consent": {"help": True, "processing": True},
                "finalize": True,
            }
        )
    batch = tmp_path / "batch.json"
    batch.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    done = run(data_dir, "dossiers", "import", str(batch))
    assert done.returncode == 0, done.stderr


def test_login_sync_status_logout(
    keyring_session: KeyringSession, server: LiveServer, tmp_path: Path
) -> None:
    data_dir = tmp_path / "laptop"
    user = server.create_user(role="volunteer")

    signed_in = login(data_dir, server, user)
    assert signed_in.returncode == 0, signed_in.stderr
    assert user.username in signed_in.stdout and "Đã đăng nhập" in signed_in.stdout

    # The token is in the keyring and nowhere in the laptop's files.
    token = keyring_session.backend.get_password(SERVICE, f"{user.username}@{server.url}")
    assert token
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path
            assert user.password.encode() not in path.read_bytes(), path

    queue_dossiers(data_dir, tmp_path, 3)
    before = json.loads(run(data_dir, "status", "--json").stdout)
    assert before["waiting"] == 3 and before["last_success_at"] is None

    synced = run(data_dir, "sync")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert "applied=3" in synced.stdout and "remaining=0" in synced.stdout

    after = json.loads(run(data_dir, "status", "--json").stdout)
    assert after["waiting"] == 0 and after["by_status"] == {"submitted": 3}
    assert after["last_success_at"] is not None
    text = run(data_dir, "status").stdout
    assert "submitted=3" in text and "Đang chờ gửi" in text

    assert run(data_dir, "logout").returncode == 0
    assert keyring_session.backend.get_password(SERVICE, f"{user.username}@{server.url}") is None
    queue_dossiers(data_dir, tmp_path, 1)
    waiting = run(data_dir, "sync")
    assert waiting.returncode == 3
    assert "Chưa đăng nhập" in waiting.stderr or "sign" in waiting.stderr


def test_wrong_password_exit_1(
    keyring_session: KeyringSession, server: LiveServer, tmp_path: Path
) -> None:
    user = server.create_user(role="volunteer")
    wrong = TestUser(user.id, user.username, "not-the-password", user.role, user.ward)
    result = login(tmp_path / "laptop", server, wrong)
    assert result.returncode == 1
    assert "Sai tên đăng nhập hoặc mật khẩu" in result.stderr


def test_unreachable_server_keeps_queue_exit_3(
    keyring_session: KeyringSession, server: LiveServer, tmp_path: Path
) -> None:
    data_dir = tmp_path / "laptop"
    user = server.create_user(role="volunteer")
    assert login(data_dir, server, user).returncode == 0
    queue_dossiers(data_dir, tmp_path, 2)
    offline = run(data_dir, "sync", "--server", f"http://127.0.0.1:{free_port()}")
    assert offline.returncode == 3
    assert "tiếp tục lần sau" in offline.stderr
    assert json.loads(run(data_dir, "status", "--json").stdout)["waiting"] == 2
    assert run(data_dir, "sync").returncode == 0


def test_login_without_a_keyring_says_what_to_install(server: LiveServer, tmp_path: Path) -> None:
    user = server.create_user(role="volunteer")
    # What keyring falls back to on a machine with no Secret Service, Keychain or Vault.
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = run(
        tmp_path / "laptop",
        "login",
        "--server",
        server.url,
        "--username",
        user.username,
        "--password-stdin",
        stdin=user.password + "\n",
        env=env,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "gnome-keyring" in result.stderr
