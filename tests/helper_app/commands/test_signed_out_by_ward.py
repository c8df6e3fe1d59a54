"""A laptop the ward cut off (issue 12 item 5): its next sync says so in Vietnamese and keeps
the queue; ``helper-app password`` changes the volunteer's password and signs out the others."""

from __future__ import annotations

import json
from pathlib import Path

from helper_app.security.os_keyring import SERVICE
from helper_server.accounts import require_user, revoke_by_admin
from tests.helpers.commands import login, queue_dossiers, run
from tests.helpers.keyring_service import KeyringSession
from tests.helpers.live_server import LiveServer, TestUser


def test_revoked_laptop_is_told_and_keeps_its_queue(
    keyring_session: KeyringSession,
    server: LiveServer,
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "laptop"
    user = server.create_user(role="volunteer")
    assert login(data_dir, server, user).returncode == 0
    queue_dossiers(data_dir, tmp_path, 2)
    before = json.loads(run(data_dir, "status", "--json").stdout)
    assert before["waiting"] == 2
    with server.db.write() as session:
        revoke_by_admin(session, user=require_user(session, username=user.username), actor_id=None)

    cut = run(data_dir, "sync")
    assert cut.returncode == 3
    assert "Phường/xã đã đăng xuất máy này. Hãy liên hệ cán bộ để đăng nhập lại." in cut.stderr
    after = json.loads(run(data_dir, "status", "--json").stdout)
    assert after["waiting"] == 2
    assert after["by_status"] == before["by_status"]
    listed = run(data_dir, "dossiers", "list")
    assert listed.returncode == 0, listed.stderr

    # Signed in again by the ward's staff: the same queue goes out.
    assert login(data_dir, server, user).returncode == 0
    assert run(data_dir, "sync").returncode == 0
    assert json.loads(run(data_dir, "status", "--json").stdout)["waiting"] == 0


def test_password_command_changes_it_and_signs_out_other_laptops(
    keyring_session: KeyringSession,
    server: LiveServer,
    tmp_path: Path,
) -> None:
    user = server.create_user(role="volunteer")
    here, other = tmp_path / "here", tmp_path / "other"
    # Both laptops share this test's one keyring, under one key: keep the other laptop's token
    # aside and put it back after the change, as its own keyring would still hold it.
    key = f"{user.username}@{server.url.rstrip('/')}"
    assert login(other, server, user).returncode == 0
    other_token = keyring_session.backend.get_password(SERVICE, key)
    assert other_token
    assert login(here, server, user).returncode == 0
    assert keyring_session.backend.get_password(SERVICE, key) != other_token
    weak = run(here, "password", "--password-stdin", stdin=f"{user.password}\nqwertyuiop\n")
    assert weak.returncode == 1
    assert "phổ biến" in weak.stderr
    wrong = run(here, "password", "--password-stdin", stdin="not-my-password\nduong-lang-ha-9\n")
    assert wrong.returncode == 1
    assert "Mật khẩu hiện tại không đúng" in wrong.stderr
    done = run(here, "password", "--password-stdin", stdin=f"{user.password}\nduong-lang-ha-9\n")
    assert done.returncode == 0, done.stderr
    assert run(here, "sync").returncode == 0
    keyring_session.backend.set_password(SERVICE, key, other_token)
    assert "Phường/xã đã đăng xuất máy này" in run(other, "sync").stderr
    renamed = TestUser(user.id, user.username, "duong-lang-ha-9", user.role, user.ward)
    assert login(other, server, renamed).returncode == 0
