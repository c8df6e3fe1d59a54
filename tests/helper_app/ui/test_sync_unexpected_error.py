"""A pass that fails with something other than a sync error (a bug, a database locked by an
import on the store worker) ends "syncing" in the window and says so in the status bar."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import pytest

from helper_app.sync.engine import PassResult
from helper_app.sync.scheduler import SchedulerEvent
from helper_app.ui.app import UiRuntime

pytestmark = pytest.mark.gui


def _locked() -> PassResult:
    raise sqlite3.OperationalError("database is locked")


def _run_one_pass(ui: UiRuntime, run_pass: Callable[[], PassResult]) -> SchedulerEvent | None:
    """One scheduler step, as its thread would run it, with ``run_pass`` as the pass."""
    sync = ui.sync
    assert sync is not None
    scheduler = sync._scheduler
    scheduler._run_pass = run_pass
    return scheduler.step()


def test_an_unexpected_error_ends_syncing_and_is_shown(
    ui_factory: Callable[..., UiRuntime], qtbot: Any
) -> None:
    ui = ui_factory()
    sync = ui.sync
    assert sync is not None
    sync.signed_in = True
    kinds: list[str] = []
    sync.pass_failed.connect(lambda error: kinds.append(type(error).__name__))
    event = _run_one_pass(ui, _locked)
    assert event is not None and event.kind == "failed"
    qtbot.waitUntil(lambda: kinds == ["OperationalError"], timeout=5000)
    assert not sync.running and sync.progress is None
    message = ui.window.status.currentMessage()
    assert "Đồng bộ gặp lỗi ngoài dự kiến (OperationalError)" in message
    assert "hàng đợi vẫn được giữ" in message
    ui.window.refresh_status()
    qtbot.waitUntil(lambda: ui.window.status.sync_now.isEnabled(), timeout=5000)
    assert not ui.window.status.progress.isVisible()

    # The next pass that goes through takes the message away.
    sync._scheduler.notify_online()  # skip the backoff
    finished = _run_one_pass(ui, PassResult)
    assert finished is not None and finished.kind == "finished"
    qtbot.waitUntil(lambda: ui.window.status.currentMessage() == "", timeout=5000)
    assert sync.problem is None


def test_the_message_is_translated(ui_factory: Callable[..., UiRuntime], qtbot: Any) -> None:
    ui = ui_factory("en")
    sync = ui.sync
    assert sync is not None
    sync.signed_in = True
    _run_one_pass(ui, _locked)
    qtbot.waitUntil(lambda: "OperationalError" in ui.window.status.currentMessage(), timeout=5000)
    assert ui.window.status.currentMessage().startswith("Sync hit an unexpected error")
