"""Cutting off a lost laptop (issue 12 item 5): the CLI's accounts commands, the password
change endpoint, "signed out by the ward" answers, the password rules and the audit log."""

from __future__ import annotations

import subprocess

import httpx
import pytest
import sqlalchemy as sa
from sqlmodel import select

from helper_app.demo import server_command
from helper_app.sync.protocol import Role
from helper_server.accounts import create_user
from helper_server.models import AuditEvent
from helper_server.password_policy import WeakPasswordError, check_password, common_passwords
from helper_server.security import Passwords
from tests.helpers.live_server import LiveServer, TestUser

LIVE_SERVER = True
"""A threat test of docs/security.md: against a real server process."""


def _cli(server: LiveServer, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*server_command(), "accounts", args[0], "--db", server.db_url, *args[1:]],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _me(server: LiveServer, token: str) -> httpx.Response:
    with server.client(token) as client:
        return client.get("/api/v1/auth/me")


def _login(server: LiveServer, user: TestUser, password: str, device: str) -> httpx.Response:
    return server.browser().post(
        "/api/v1/auth/login",
        json={"username": user.username, "password": password, "device_id": device},
    )


def _events(server: LiveServer, user: TestUser) -> list[AuditEvent]:
    with server.db.read() as session:
        rows = session.exec(select(AuditEvent).where(AuditEvent.user_id == user.id)).all()
        return list(rows)


def test_password_rules_length_and_common_list_case_insensitive() -> None:
    assert len(common_passwords()) > 5000
    with pytest.raises(WeakPasswordError, match="new_password: must be at least 10"):
        check_password("short-pw1", field="new_password")
    with pytest.raises(WeakPasswordError, match="common passwords"):
        check_password("QwertyUIOP")
    with pytest.raises(WeakPasswordError, match="common passwords"):
        check_password("Password123")
    check_password("ngõ-hẻm-số-12")


def test_create_user_refuses_a_common_password(server: LiveServer) -> None:
    with server.db.write() as session, pytest.raises(ValueError, match="common passwords"):
        create_user(
            session,
            username="weak-one",
            password="1234567890",
            role=Role.VOLUNTEER,
            ward_code="w-weak",
            passwords=Passwords(time_cost=1, memory_kib=64),
        )


def test_revoke_device_signs_out_one_laptop_with_the_ward_code(server: LiveServer) -> None:
    user = server.create_user()
    lost = server.login(user, device_id="lap-lost")
    kept = server.login(user, device_id="lap-kept")
    assert _me(server, lost).status_code == 200  # sets last_seen_at
    listed = _cli(server, "devices", "--username", user.username)
    assert listed.returncode == 0, listed.stderr
    lines = [line for line in listed.stdout.splitlines() if user.username in line]
    assert len(lines) == 2
    assert any("lap-lost" in line and line.split()[4] != "-" for line in lines)
    assert any("lap-kept" in line and line.split()[4] == "-" for line in lines)
    done = _cli(server, "revoke-device", "--username", user.username, "--device", "lap-lost")
    assert done.returncode == 0, done.stderr
    answer = _me(server, lost)
    assert answer.status_code == 401
    assert answer.json()["code"] == "auth.signed_out_by_ward"
    assert "Phường/xã đã đăng xuất máy này" in answer.json()["message_vi"]
    assert _me(server, kept).status_code == 200
    again = _cli(server, "revoke-device", "--username", user.username, "--device", "lap-lost")
    assert again.returncode == 1
    assert "--device" in again.stderr
    assert "device_revoked" in [e.event for e in _events(server, user)]


def test_logout_is_not_signed_out_by_ward(server: LiveServer) -> None:
    user = server.create_user()
    token = server.login(user)
    with server.client(token) as client:
        assert client.post("/api/v1/auth/logout").status_code == 204
    assert _me(server, token).json()["code"] == "auth.token_revoked"


def test_disable_ends_tokens_and_sign_in_enable_restores_sign_in(server: LiveServer) -> None:
    user = server.create_user()
    token = server.login(user)
    done = _cli(server, "disable", "--username", user.username)
    assert done.returncode == 0, done.stderr
    assert "1 token(s) revoked" in done.stdout
    assert _me(server, token).json()["code"] == "auth.signed_out_by_ward"
    assert _login(server, user, user.password, "lap-2").status_code == 401
    # The account is found as sign-in finds it (item 4's case-folded username_key).
    assert _cli(server, "enable", "--username", user.username.upper()).returncode == 0
    assert _login(server, user, user.password, "lap-2").status_code == 200
    assert _me(server, token).status_code == 401  # the old laptop stays signed out
    events = [e.event for e in _events(server, user)]
    assert "user_disabled" in events and "user_enabled" in events
    missing = _cli(server, "disable", "--username", "nobody-here")
    assert missing.returncode == 1
    assert "nobody-here" in missing.stderr


def test_reset_password_ends_old_tokens_and_checks_the_rules(server: LiveServer) -> None:
    user = server.create_user()
    token = server.login(user)
    weak = _cli(server, "reset-password", "--username", user.username, "--password-stdin",
                stdin="password123\n")  # fmt: skip
    assert weak.returncode == 1
    assert "new_password" in weak.stderr
    assert _me(server, token).status_code == 200
    new = "cau-thang-xoan-7"
    done = _cli(server, "revoke-tokens", "--username", user.username)
    assert done.returncode == 0
    token = server.login(user)
    done = _cli(server, "reset-password", "--username", user.username, "--password-stdin",
                stdin=new + "\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert _me(server, token).json()["code"] == "auth.signed_out_by_ward"
    assert _login(server, user, user.password, "d").status_code == 401
    assert _login(server, user, new, "d").status_code == 200
    with server.db.read() as session:
        texts = session.execute(sa.text("SELECT * FROM audit_events")).all()
    assert not any(new in str(row) for row in texts)
    assert {"password_reset", "tokens_revoked"} <= {e.event for e in _events(server, user)}


def test_change_own_password(server: LiveServer) -> None:
    user = server.create_user()
    here = server.login(user, device_id="lap-here")
    other = server.login(user, device_id="lap-other")
    new = "mat-khau-moi-cua-lan"
    with server.client(here) as client:
        wrong = client.post(
            "/api/v1/auth/password",
            json={"current_password": "not-the-password", "new_password": new},
        )
        assert wrong.status_code == 401
        assert wrong.json()["code"] == "auth.invalid_credentials"
        weak = client.post(
            "/api/v1/auth/password",
            json={"current_password": user.password, "new_password": "abc123"},
        )
        assert weak.status_code == 422
        assert weak.json()["code"] == "auth.password_weak"
        assert weak.json()["details"][0]["path"] == "new_password"
        assert _me(server, other).status_code == 200
        ok = client.post(
            "/api/v1/auth/password",
            json={"current_password": user.password, "new_password": new},
        )
        assert ok.status_code == 204
    assert _me(server, here).status_code == 200
    assert _me(server, other).json()["code"] == "auth.signed_out_by_ward"
    assert _login(server, user, new, "d").status_code == 200
    assert "password_changed" in [e.event for e in _events(server, user)]
