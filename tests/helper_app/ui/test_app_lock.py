"""The app lock: idle timeout, lock screen hiding every window, PIN or passphrase, lockout."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from helper_app.ui.app import UiRuntime
from helper_app.ui.app_lock import load_lock_data
from helper_app.ui.qt import QApplication, QEvent, QKeyEvent, QKeySequence, Qt
from tests.helper_app.ui.conftest import PASSPHRASE, wait_idle

pytestmark = pytest.mark.gui

PIN = "246810"


def is_locked(ui: UiRuntime) -> bool:
    """Read through a call, so the type checker does not narrow the property between asserts."""
    return ui.window.lock.locked


def set_pin(ui: UiRuntime, qtbot: Any, pin: str = PIN) -> None:
    saved: list[bool] = []
    ui.window.lock.set_pin(pin, done=lambda: saved.append(True))
    qtbot.waitUntil(lambda: saved == [True], timeout=5000)


def type_secret(ui: UiRuntime, qtbot: Any, secret: str) -> str:
    screen = ui.window.lock_screen
    with qtbot.waitSignal(ui.window.lock.attempt_failed, timeout=5000, raising=False) as failed:
        screen.secret.setText(secret)
        screen.unlock_button.click()
        qtbot.waitUntil(lambda: screen.unlock_button.isEnabled() or not ui.window.lock.locked)
    return str(failed.args[0]) if failed.signal_triggered else ""


def test_locks_after_idle_and_unlocks_with_the_pin(ui: UiRuntime, qtbot: Any) -> None:
    set_pin(ui, qtbot)
    window = ui.window.show_dossier(ui.services.dossiers.create_draft("vneid_level2_precheck"))
    wait_idle(qtbot, ui)
    assert window.isVisible()
    lock = ui.window.lock
    lock.set_idle_minutes(0.003)  # 0.18 s
    qtbot.waitUntil(lambda: lock.locked, timeout=5000)
    lock.set_idle_minutes(5)  # so it does not lock again at once after the unlock below
    assert ui.window.root.currentWidget() is ui.window.lock_screen
    assert not ui.window.status.isVisible()
    assert not window.isVisible()  # the resident's dossier is hidden too
    assert ui.window.lock_screen.hint.text().startswith("Nhập mã PIN hoặc mật khẩu")
    message = type_secret(ui, qtbot, "111111")
    assert message == "Sai mã PIN hoặc mật khẩu. Còn 4 lần thử trước khi phải chờ."
    assert is_locked(ui) and not window.isVisible()
    assert type_secret(ui, qtbot, PIN) == ""
    assert not is_locked(ui)
    assert ui.window.root.currentIndex() == 0
    assert window.isVisible() and ui.window.status.isVisible()
    wait_idle(qtbot, ui)


def test_typing_keeps_it_unlocked_and_a_pause_locks_it(ui: UiRuntime, qtbot: Any) -> None:
    """Input seen by the (self-removing) filter resets the idle time; silence locks."""
    set_pin(ui, qtbot)
    lock = ui.window.lock
    lock.set_idle_minutes(0.01)  # 0.6 s, checked every 150 ms
    for _ in range(20):  # 2 s of typing, one key every 100 ms
        press = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
        QApplication.sendEvent(ui.window, press)
        qtbot.wait(100)
        assert not is_locked(ui)
    qtbot.waitUntil(lambda: lock.locked, timeout=3000)
    lock.set_idle_minutes(5)
    assert type_secret(ui, qtbot, PIN) == ""
    wait_idle(qtbot, ui)


def test_lock_now_and_the_passphrase_unlocks(ui: UiRuntime, qtbot: Any) -> None:
    assert ui.window.lock_shortcut.key() == QKeySequence("Ctrl+L")
    ui.window.lock_now()  # what Ctrl+L calls
    assert is_locked(ui)
    assert ui.window.lock_screen.hint.text().startswith("Nhập mật khẩu để tiếp tục.")
    assert type_secret(ui, qtbot, "không phải") != ""
    assert type_secret(ui, qtbot, PASSPHRASE) == ""
    assert not is_locked(ui)
    wait_idle(qtbot, ui)


def test_too_many_wrong_tries_lock_out_even_after_a_restart(
    ui_factory: Callable[..., UiRuntime], qtbot: Any
) -> None:
    ui = ui_factory()
    set_pin(ui, qtbot)
    ui.window.lock_now()
    messages = [type_secret(ui, qtbot, f"00000{i}") for i in range(5)]
    assert messages[3].endswith("Còn 1 lần thử trước khi phải chờ.")
    assert messages[4].startswith("Nhập sai quá nhiều lần. Hãy thử lại sau")
    assert type_secret(ui, qtbot, PIN).startswith("Nhập sai quá nhiều lần")  # even the right one
    assert ui.window.lock.locked
    wait_idle(qtbot, ui)
    saved = load_lock_data(ui.services.store)
    assert saved["lockouts"] == 1 and saved["locked_until"]
    assert saved["pin_hash"].startswith("$argon2id$") and PIN not in str(saved)
    ui.window.lock.stop()
    ui.shutdown()
    again = ui_factory()
    qtbot.waitUntil(lambda: again.window.lock.pin_hash != "", timeout=5000)
    again.window.lock_now()
    assert type_secret(again, qtbot, PIN).startswith("Nhập sai quá nhiều lần")
    wait_idle(qtbot, again)


def test_without_pin_or_passphrase_ctrl_l_points_to_settings(ui: UiRuntime, qtbot: Any) -> None:
    ui.window.lock.pin_hash = ""
    ui.services.vault = None  # as in keyring mode: nothing to unlock with yet
    ui.window.lock_now()
    assert not ui.window.lock.locked
    assert ui.window.pages.currentWidget() is ui.window.settings_page
    assert ui.window.security.result.text() == "Hãy đặt mã PIN trước: chưa có gì để mở khoá lại."
    wait_idle(qtbot, ui)


def test_pin_is_set_and_changed_from_settings(ui: UiRuntime, qtbot: Any) -> None:
    box = ui.window.security
    assert box.pin_button.text() == "Đặt mã PIN…"
    box.on_pin_button_clicked()
    dialog = box.dialog
    assert dialog is not None and dialog.current is None
    assert dialog.first is not None and dialog.second is not None
    dialog.first.setText("12345")
    assert not dialog.ok.isEnabled() and dialog.hint.text() == "Mã PIN gồm ít nhất 6 chữ số."
    dialog.first.setText(PIN)
    dialog.second.setText(PIN)
    with qtbot.waitSignal(box.message_shown, timeout=5000) as shown:
        dialog.ok.click()
    assert shown.args == ["Đã lưu mã PIN."]
    assert box.pin_button.text() == "Đổi mã PIN…"
    box.on_pin_button_clicked()
    change = box.dialog
    assert change is not None and change.current is not None and change.first is not None
    assert change.second is not None
    change.current.setText("999999")
    change.first.setText("135790")
    change.second.setText("135790")
    with qtbot.waitSignal(box.message_shown, timeout=5000) as shown:
        change.ok.click()
    assert shown.args == ["Mã PIN hiện tại không đúng. Không có gì thay đổi."]
    assert ui.window.lock.check_pin(PIN)
    wait_idle(qtbot, ui)
