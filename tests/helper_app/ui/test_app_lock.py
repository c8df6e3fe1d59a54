"""The app lock: idle timeout, lock screen hiding every window, PIN or passphrase, lockout."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import pytest

from helper_app.config import AppPaths
from helper_app.residents import ResidentRecord
from helper_app.security.vault import Vault
from helper_app.store.models import utc_now
from helper_app.ui.app import UiRuntime, build_ui, open_services
from helper_app.ui.app_lock import load_lock_data
from helper_app.ui.qapp import qapplication
from helper_app.ui.qt import QAbstractItemView, QApplication, QEvent, QKeyEvent, QKeySequence, Qt
from helper_app.ui.settings import UiSettings
from tests.helpers.keyring_service import secret_service
from tests.helpers.store import CHEAP_KDF
from tests.helpers.ui import PASSPHRASE, RecordingPresenter, wait_idle

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


# ---------------------------------------------------------------- restarts in keyring mode


def _keyring_runtime(paths: AppPaths, backend: Any, qtbot: Any) -> UiRuntime:
    """The app as ``run()`` builds it on start in keyring mode: no passphrase is asked."""
    vault = Vault(paths.database, backend=backend, kdf=CHEAP_KDF)
    services = open_services(paths, UiSettings(language="vi"), actor="tester", vault=vault)
    runtime = build_ui(qapplication(["pytest"]), services, presenter=RecordingPresenter())
    qtbot.waitUntil(lambda: runtime.window.lock.loaded and not runtime.tasks.busy, timeout=10000)
    assert vault.info().mode == "keyring"
    return runtime


def _errors(runtime: UiRuntime) -> list[BaseException]:
    presenter = runtime.tasks.presenter
    assert isinstance(presenter, RecordingPresenter)
    return presenter.errors


def _visible_texts() -> list[str]:
    """Every text a person could read on screen now: labels, boxes, buttons, list cells."""
    texts: list[str] = []
    for widget in QApplication.allWidgets():
        if not widget.isVisible():
            continue
        for getter in ("text", "toPlainText", "windowTitle", "placeholderText"):
            method = getattr(widget, getter, None)
            if callable(method):
                with contextlib.suppress(TypeError):
                    texts.append(str(method()))
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            root = widget.rootIndex()
            try:
                columns = model.columnCount(root)
            except TypeError:  # a list model: one column, its columnCount() is private
                columns = 1
            for row in range(model.rowCount(root)):
                for column in range(columns):
                    texts.append(str(model.data(model.index(row, column, root))))
    return texts


RESIDENT = "Trần Văn Khôi"


def test_keyring_restart_keeps_the_lockout_and_starts_locked(
    app_paths: AppPaths, qtbot: Any
) -> None:
    """Five wrong PINs, close the window, start again: locked, nothing shown, still waiting."""
    with secret_service() as keyring_session:
        ui = _keyring_runtime(app_paths, keyring_session.backend, qtbot)
        try:
            ui.services.residents.save(
                ResidentRecord(RESIDENT, "1980-03-04", "Nam", "027180004321")
            )
            ui.window.residents.refresh()
            wait_idle(qtbot, ui)
            set_pin(ui, qtbot)
            ui.window.lock_now()
            messages = [type_secret(ui, qtbot, f"00000{i}") for i in range(5)]
            assert messages[4].startswith("Nhập sai quá nhiều lần. Hãy thử lại sau")
            wait_idle(qtbot, ui)
            assert is_locked(ui)
            ui.window.close()  # closing while locked
        finally:
            wait_idle(qtbot, ui)
            ui.shutdown()
        QApplication.processEvents()

        again = _keyring_runtime(app_paths, keyring_session.backend, qtbot)
        try:
            ui_window = again.window
            assert is_locked(again)
            assert ui_window.root.currentWidget() is ui_window.lock_screen
            assert not ui_window.status.isVisible()
            ui_window.nav.setCurrentRow(1)  # the residents page, if it could be reached
            again.window.residents.refresh()
            wait_idle(qtbot, again)
            texts = _visible_texts()
            assert not any(RESIDENT in t or "027180004321" in t for t in texts), texts
            # The lockout is still running, and says so before anything is typed.
            until = again.window.lock.lockout_until()
            assert until is not None and until > utc_now()
            assert ui_window.lock_screen.message.text().startswith(
                "Nhập sai quá nhiều lần. Hãy thử lại sau"
            )
            assert type_secret(again, qtbot, PIN).startswith("Nhập sai quá nhiều lần")
            assert is_locked(again)
            wait_idle(qtbot, again)
            assert _errors(ui) == [] and _errors(again) == []
        finally:
            wait_idle(qtbot, again)
            again.shutdown()


def test_keyring_restart_with_a_pin_starts_locked_and_the_pin_opens(
    app_paths: AppPaths, qtbot: Any
) -> None:
    """No lockout, just a PIN: the restarted window is locked; the PIN shows the data again."""
    with secret_service() as keyring_session:
        ui = _keyring_runtime(app_paths, keyring_session.backend, qtbot)
        try:
            assert not is_locked(ui)  # no PIN yet: nothing to unlock with, the pages show
            assert ui.window.root.currentIndex() == 0
            ui.services.residents.save(
                ResidentRecord(RESIDENT, "1980-03-04", "Nam", "027180004321")
            )
            set_pin(ui, qtbot)
            assert not is_locked(ui)
        finally:
            wait_idle(qtbot, ui)
            ui.shutdown()
        QApplication.processEvents()

        again = _keyring_runtime(app_paths, keyring_session.backend, qtbot)
        try:
            assert is_locked(again)
            assert again.window.root.currentWidget() is again.window.lock_screen
            assert again.window.lock_screen.message.text() == ""
            assert again.window.lock_screen.hint.text().startswith("Nhập mã PIN để tiếp tục.")
            again.window.residents.refresh()
            wait_idle(qtbot, again)
            assert not any(RESIDENT in t for t in _visible_texts())
            assert type_secret(again, qtbot, PIN) == ""
            assert not is_locked(again)
            assert again.window.root.currentIndex() == 0
            again.window.nav.setCurrentRow(1)
            again.window.residents.refresh()
            wait_idle(qtbot, again)
            qtbot.waitUntil(lambda: any(RESIDENT in t for t in _visible_texts()), timeout=5000)
        finally:
            wait_idle(qtbot, again)
            again.shutdown()


def test_closing_during_the_check_still_counts_the_try(
    ui_factory: Callable[..., UiRuntime], qtbot: Any
) -> None:
    """A wrong PIN typed and the app quit at once (before the answer): the try is counted."""
    ui = ui_factory()
    set_pin(ui, qtbot)
    ui.window.lock_now()
    assert type_secret(ui, qtbot, "000001").endswith("Còn 4 lần thử trước khi phải chờ.")
    screen = ui.window.lock_screen
    screen.secret.setText("000002")
    screen.unlock_button.click()  # the check now runs in the pool
    ui.shutdown()  # the window is closed before the answer comes back
    again = ui_factory()
    assert is_locked(again)
    assert again.window.lock.locker.attempts_left == 3
    assert load_lock_data(again.services.store)["failures"] == 2
    assert type_secret(again, qtbot, PIN) == ""  # the right PIN still opens, and resets
    wait_idle(qtbot, again)
    assert load_lock_data(again.services.store)["failures"] == 0
