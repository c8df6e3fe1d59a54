"""The main window: Vietnamese navigation, status bar placeholders wired to the store."""

from __future__ import annotations

from typing import Any

import pytest

from helper_app.ui.app import UiRuntime
from tests.helpers.ui import wait_idle

pytestmark = pytest.mark.gui


def test_navigation_lists_the_five_screens_in_vietnamese(ui: UiRuntime) -> None:
    nav = ui.window.nav
    names = [nav.item(i).text() for i in range(nav.count())]
    assert names == ["Hồ sơ", "Cư dân", "Hàng đợi & đồng bộ", "Xung đột", "Cài đặt"]
    nav.setCurrentRow(1)
    assert ui.window.pages.currentWidget() is ui.window.residents


def test_status_bar_shows_waiting_count_and_never_synced(ui: UiRuntime, qtbot: Any) -> None:
    status = ui.window.status
    qtbot.waitUntil(lambda: "0 hồ sơ đang chờ gửi" in status.waiting.text())
    assert status.last_sync.text() == "Đồng bộ lần cuối: chưa đồng bộ"
    qtbot.waitUntil(lambda: status.online.text() == "● Chưa đăng nhập")
    assert status.sync_now.isEnabled()
    assert status.sync_now.text() == "Đăng nhập để đồng bộ"


def test_waiting_count_follows_the_outbox(ui: UiRuntime, qtbot: Any) -> None:
    services = ui.services
    definition = services.catalog.get("vneid_level2_precheck")
    example = definition.examples[0]
    view = services.dossiers.create_draft(definition.code, data=example.data)
    assert not example.documents  # finalizable without attachments
    services.dossiers.record_consent(view.id, help_accepted=True, processing_accepted=True)
    services.dossiers.finalize(view.id)
    ui.window.refresh_status()
    qtbot.waitUntil(lambda: "1 hồ sơ đang chờ gửi" in ui.window.status.waiting.text())
    wait_idle(qtbot, ui)


def test_last_sync_is_shown_as_minutes_ago(ui: UiRuntime) -> None:
    import datetime as dt

    from helper_app.ui.queries import SyncStatus

    now = dt.datetime(2025, 8, 1, 7, 0, tzinfo=dt.UTC)
    status = SyncStatus(online=False, waiting=2, last_success=now - dt.timedelta(minutes=3))
    ui.window.status.show_status(status, now)
    assert ui.window.status.last_sync.text() == "Đồng bộ lần cuối: 3 phút trước"
    assert ui.window.status.online.text() == "● Ngoại tuyến"


def test_the_window_has_the_helper_icon(ui: UiRuntime) -> None:
    """The icon (resources/icons, made from helper.svg) is set for every window of the app."""
    icon = ui.window.windowIcon()
    assert not icon.isNull()
    pixmap = icon.pixmap(64, 64)
    assert pixmap.width() == 64
    middle = pixmap.toImage().pixelColor(4, 32)  # the blue rim, not a blank square
    assert (middle.red(), middle.green(), middle.blue()) == (0x15, 0x65, 0xC0)


def test_a_pass_that_ends_after_the_window_closed_is_ignored(ui: UiRuntime, qtbot: Any) -> None:
    """Closing during the first sync pass: its late result raised "TaskRunner is shut down"."""
    from helper_app.sync.engine import PassResult

    window = ui.window
    ui.tasks.shutdown()
    window.on_sync_pass_finished(PassResult())  # raised RuntimeError before the fix
    window.on_sync_pass_failed(RuntimeError("late"))
    assert ui.tasks.closed
