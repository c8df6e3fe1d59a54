"""The volunteer changes their password from the app (real widgets, real server).

The dialog is opened from the settings page; a mismatch is caught before anything is sent; a
wrong current password and a common new one are refused with the server's reason in
Vietnamese; a good one is accepted, this laptop stays signed in and the volunteer's other
laptop is signed out by the ward.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from helper_app.ui.app import UiRuntime
from helper_app.ui.change_password import ChangePasswordDialog
from helper_app.ui.qt import QDialogButtonBox
from tests.helpers.live_server import LiveServer
from tests.helpers.sync_world import VolunteerWard


def _me(live: LiveServer, token: str) -> httpx.Response:
    with live.client(token) as client:
        return client.get("/api/v1/auth/me")


def _submit(dialog: ChangePasswordDialog, current: str, new: str, repeat: str) -> None:
    dialog.current.setText(current)
    dialog.new.setText(new)
    dialog.repeat.setText(repeat)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_volunteer_changes_the_password_and_the_other_laptop_is_signed_out(
    app_factory: Callable[[], UiRuntime], server: LiveServer, ward: VolunteerWard, qtbot: Any
) -> None:
    runtime = app_factory()
    sync = runtime.sync
    assert sync is not None
    user = ward.volunteer
    other_laptop = server.login(user, device_id="laptop-khac")
    with qtbot.waitSignal(sync.pass_finished, timeout=30000):
        sync.sign_in(server.url, user.username, user.password)
    window = runtime.window
    window.refresh_status()
    button = window.settings_page.change_password_button
    qtbot.waitUntil(lambda: not button.isHidden(), timeout=5000)
    button.click()
    dialog = window.change_password_dialog
    assert dialog is not None and dialog.isVisible()
    message = dialog.message

    _submit(dialog, user.password, "song-hong-mua-lu-9", "song-hong-mua-lu-8")
    assert message.text() == "Hai lần nhập mật khẩu mới không giống nhau."

    _submit(dialog, "khong-phai-mat-khau", "song-hong-mua-lu-9", "song-hong-mua-lu-9")
    qtbot.waitUntil(lambda: message.text() == "Mật khẩu hiện tại không đúng.", timeout=15000)
    assert dialog.current.text() == "", "passwords are not left in the boxes"

    _submit(dialog, user.password, "Password123", "Password123")
    qtbot.waitUntil(lambda: "phổ biến" in message.text(), timeout=15000)
    assert _me(server, other_laptop).status_code == 200, "a refusal changes nothing"

    _submit(dialog, user.password, "song-hong-mua-lu-9", "song-hong-mua-lu-9")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15000)
    answer = _me(server, other_laptop)
    assert answer.status_code == 401 and answer.json()["code"] == "auth.signed_out_by_ward"
    assert sync.signed_in
    with qtbot.waitSignal(sync.pass_finished, timeout=30000):  # this laptop still syncs
        sync.sync_now()
    signed_in = httpx.post(
        f"{server.url}/api/v1/auth/login",
        json={"username": user.username, "password": "song-hong-mua-lu-9", "device_id": "x"},
        timeout=30,
    )
    assert signed_in.status_code == 200
