"""``helper-app login | sync | status | logout`` as a volunteer runs them, in real subprocesses,
against a real server, with the token in a real Secret Service keyring."""

from __future__ import annotations

import json
from pathlib import Path

from helper_app.demo import free_port
from helper_app.security.os_keyring import SERVICE
from tests.helpers.commands import login, queue_dossiers, run
from tests.helpers.keyring_service import KeyringSession
from tests.helpers.live_server import LiveServer, TestUser


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
    result = login(tmp_path / "laptop", server, user, env=env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "gnome-keyring" in result.stderr
