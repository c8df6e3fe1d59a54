"""The admin's accounts page: sign one laptop out, every laptop, disable, reset a password.

Officers get a refusal and no menu entry; the forms are CSRF-protected; another ward's account
is not found; the admin's own account is not changed here; a weak new password is refused
naming the field; every action is in the audit log with the admin as the actor.
"""

from __future__ import annotations

import httpx
from sqlmodel import select

from helper_server.models import AuditEvent
from tests.helper_server.console.desk import csrf_of, sign_in
from tests.helpers.live_server import LiveServer, TestUser

LIVE_SERVER = True
"""A threat test of docs/security.md: against a real server process."""


def _me(server: LiveServer, token: str) -> httpx.Response:
    with server.client(token) as client:
        return client.get("/api/v1/auth/me")


def _events(server: LiveServer, user: TestUser) -> list[AuditEvent]:
    with server.db.read() as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.user_id == user.id)).all())


def test_admin_signs_out_a_laptop_and_resets_a_password(server: LiveServer) -> None:
    admin = server.create_user(role="admin")
    volunteer = server.create_user(role="volunteer", ward=admin.ward)
    lost = server.login(volunteer, device_id="lap-lost")
    kept = server.login(volunteer, device_id="lap-kept")
    assert _me(server, lost).status_code == 200  # its last sync time
    desk = sign_in(server, admin)
    assert 'href="/console/accounts"' in desk.get("/console/dossiers").text
    page = desk.get("/console/accounts")
    assert page.status_code == 200
    assert volunteer.username in page.text and "lap-lost" in page.text and "lap-kept" in page.text
    csrf = csrf_of(page.text)
    base = {"csrf": csrf, "user_id": str(volunteer.id)}

    done = desk.post(
        "/console/accounts", data={**base, "action": "revoke_device", "device_id": "lap-lost"}
    )
    assert (
        done.status_code == 303 and done.headers["location"] == "/console/accounts?ok=revoke_device"
    )
    assert _me(server, lost).json()["code"] == "auth.signed_out_by_ward"
    assert _me(server, kept).status_code == 200
    after = desk.get(done.headers["location"]).text
    assert "Đã đăng xuất máy đó." in after and "lap-lost" not in after

    weak = desk.post(
        "/console/accounts",
        data={**base, "action": "reset_password", "new_password": "Password123"},
    )
    assert weak.status_code == 422
    assert "new_password" in weak.text and "phổ biến" in weak.text
    assert _me(server, kept).status_code == 200, "a refused reset changes nothing"

    reset = desk.post(
        "/console/accounts",
        data={**base, "action": "reset_password", "new_password": "cay-da-dau-ngo-7"},
    )
    assert reset.status_code == 303
    assert _me(server, kept).json()["code"] == "auth.signed_out_by_ward"
    login = server.browser().post(
        "/api/v1/auth/login",
        json={"username": volunteer.username, "password": "cay-da-dau-ngo-7", "device_id": "x"},
    )
    assert login.status_code == 200

    events = {e.event: e for e in _events(server, volunteer)}
    assert events["device_revoked"].actor_id == admin.id
    assert events["device_revoked"].device_id == "lap-lost"
    assert events["password_reset"].actor_id == admin.id
    with server.db.read() as session:
        for event in session.exec(select(AuditEvent)).all():
            assert "cay-da-dau-ngo-7" not in repr(event.model_dump())
    desk.close()


def test_disable_then_enable(server: LiveServer) -> None:
    admin = server.create_user(role="admin")
    volunteer = server.create_user(role="volunteer", ward=admin.ward)
    token = server.login(volunteer)
    desk = sign_in(server, admin)
    base = {"csrf": csrf_of(desk.get("/console/accounts").text), "user_id": str(volunteer.id)}
    assert desk.post("/console/accounts", data={**base, "action": "disable"}).status_code == 303
    assert _me(server, token).json()["code"] == "auth.signed_out_by_ward"
    page = desk.get("/console/accounts").text
    assert "đã khoá" in page and 'value="enable"' in page
    assert desk.post("/console/accounts", data={**base, "action": "enable"}).status_code == 303
    assert _me(server, token).status_code == 401, "enabling does not bring the old laptop back"
    assert server.login(volunteer)
    assert {"user_disabled", "user_enabled"} <= {e.event for e in _events(server, volunteer)}
    desk.close()


def test_refusals(server: LiveServer) -> None:
    admin = server.create_user(role="admin")
    stranger = server.create_user(role="volunteer")  # another ward
    assert stranger.ward != admin.ward
    stranger_token = server.login(stranger)
    desk = sign_in(server, admin)
    csrf = csrf_of(desk.get("/console/accounts").text)
    other = desk.post(
        "/console/accounts", data={"csrf": csrf, "user_id": str(stranger.id), "action": "disable"}
    )
    assert other.status_code == 404 and "Không tìm thấy tài khoản này" in other.text
    assert _me(server, stranger_token).status_code == 200
    own = desk.post(
        "/console/accounts", data={"csrf": csrf, "user_id": str(admin.id), "action": "disable"}
    )
    assert own.status_code == 422 and "tài khoản của chính bạn" in own.text
    forged = desk.post("/console/accounts", data={"user_id": str(stranger.id), "action": "disable"})
    assert forged.status_code == 403
    desk.close()

    officer = server.create_user(role="officer", ward=admin.ward)
    volunteer = server.create_user(role="volunteer", ward=admin.ward)
    token = server.login(volunteer)
    desk = sign_in(server, officer)
    assert 'href="/console/accounts"' not in desk.get("/console/dossiers").text
    page = desk.get("/console/accounts")
    assert page.status_code == 403 and "Chỉ dành cho quản trị viên" in page.text
    csrf = csrf_of(desk.get("/console/dossiers").text)
    tried = desk.post(
        "/console/accounts", data={"csrf": csrf, "user_id": str(volunteer.id), "action": "disable"}
    )
    assert tried.status_code == 403
    assert _me(server, token).status_code == 200
    desk.close()
