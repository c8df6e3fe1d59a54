"""The admin's accounts page in a real browser (Debian's Chromium driven by Playwright).

An admin finds the volunteer's lost laptop with its last sync time, signs it out with one
click (the laptop's token is then answered 401 ``auth.signed_out_by_ward``, the other laptop
keeps working), is told in Vietnamese why a common password cannot be set, sets a good one
(every laptop of the account ends) and disables the account.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import httpx
from sqlmodel import select

from helper_server.console.rendering import local_time
from helper_server.models import AccessToken
from helper_server.security import token_digest
from tests.helpers.browser import needs_chromium, save_shot, sign_in
from tests.helpers.live_server import LiveServer

pytestmark = needs_chromium


def _last_seen(live: LiveServer, token: str) -> dt.datetime | None:
    with live.db.read() as session:
        row = session.exec(
            select(AccessToken).where(AccessToken.token_hash == token_digest(token))
        ).one()
        return row.last_seen_at


def _me(live: LiveServer, token: str) -> httpx.Response:
    with live.client(token) as client:
        return client.get("/api/v1/auth/me")


def test_admin_cuts_off_a_lost_laptop_in_the_browser(
    server: LiveServer,
    page: Any,
    tmp_path: Path,
) -> None:
    admin = server.create_user(role="admin")
    volunteer = server.create_user(role="volunteer", ward=admin.ward)
    lost = server.login(volunteer, device_id="laptop-mat-cap")
    kept = server.login(volunteer, device_id="laptop-con-lai")
    assert _me(server, lost).status_code == 200  # the lost laptop synced once

    sign_in(page, server, admin)
    page.click("text=Tài khoản và máy")
    page.wait_for_url("**/console/accounts")
    row = page.locator(f"#acct-{volunteer.username}")
    lost_item = row.locator("li.device[data-device=laptop-mat-cap]")
    # in the ward's time (UTC+7), as every time on the console, not UTC (issue 14 #7)
    assert lost_item.locator(".last-sync").inner_text() == local_time(_last_seen(server, lost))
    kept_item = row.locator("li.device[data-device=laptop-con-lai]")
    assert kept_item.locator(".last-sync").inner_text() == "chưa đồng bộ"
    save_shot(page, tmp_path, "console_accounts.png")

    lost_item.locator("button", has_text="Đăng xuất máy này").click()
    page.wait_for_url("**/console/accounts?ok=revoke_device")
    assert page.locator("#acct-flash").inner_text() == "Đã đăng xuất máy đó."
    assert row.locator("li.device[data-device=laptop-mat-cap]").count() == 0
    answer = _me(server, lost)
    assert answer.status_code == 401 and answer.json()["code"] == "auth.signed_out_by_ward"
    assert _me(server, kept).status_code == 200

    row.locator("input[name=new_password]").fill("Password123")
    row.locator("button", has_text="Đặt mật khẩu mới").click()
    error = page.locator("#acct-error")
    assert "new_password" in error.inner_text() and "phổ biến" in error.inner_text()
    assert _me(server, kept).status_code == 200

    row = page.locator(f"#acct-{volunteer.username}")
    row.locator("input[name=new_password]").fill("cau-go-ben-song-42")
    row.locator("button", has_text="Đặt mật khẩu mới").click()
    page.wait_for_url("**/console/accounts?ok=reset_password")
    assert _me(server, kept).json()["code"] == "auth.signed_out_by_ward"

    row = page.locator(f"#acct-{volunteer.username}")
    row.locator("button", has_text="Khoá tài khoản").click()
    page.wait_for_url("**/console/accounts?ok=disable")
    assert "đã khoá" in page.locator(f"#acct-{volunteer.username} .state").inner_text()
    refused = httpx.post(
        f"{server.url}/api/v1/auth/login",
        json={"username": volunteer.username, "password": "cau-go-ben-song-42", "device_id": "x"},
        timeout=30,
    )
    assert refused.status_code == 401
