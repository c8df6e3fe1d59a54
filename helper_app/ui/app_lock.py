"""The app lock in the window: idle timer, lock screen, PIN or passphrase, bounded attempts.

:class:`AppLock` drives :class:`helper_app.security.lock.Locker` (the state machine, no Qt): an
application-wide event filter calls ``touch()`` on keyboard and mouse input (and steps aside
until the next tick, see :meth:`AppLock._watch`), a timer calls ``tick()``, and when the locker
says "locked" the main window shows its :class:`LockScreen` instead of its pages and every
other top-level window (dossier windows, dialogs) is hidden until the right secret is typed. A
secret is the PIN (kept only as an Argon2id hash) or, in passphrase mode, the vault passphrase;
the check runs in the pool (Argon2id takes a few tenths of a second). The PIN hash and the
attempt counters (:class:`LockState`) are kept inside the encrypted store (sync state key
:data:`STATE_KEY`), so a restart does not reset a lockout and nothing about the PIN lies in a
plain file. Without a PIN or a passphrase there is nothing to unlock with, so the lock stays off
and Settings says how to turn it on.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from helper_app.security.lock import (
    MIN_PIN,
    LockedOut,
    Locker,
    LockPolicy,
    LockState,
    hash_pin,
    is_valid_pin,
    pin_matches,
)
from helper_app.security.vault import VaultError
from helper_app.store.db import Store
from helper_app.store.models import utc_now
from helper_app.sync import state
from helper_app.ui.i18n import pick
from helper_app.ui.qt import (
    QApplication,
    QEvent,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QObject,
    QPushButton,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from helper_app.ui.services import Services
from helper_app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

STATE_KEY = "ui.app_lock"
"""Sync-state key (in the encrypted store) of the PIN hash and the attempt counters."""

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


def load_lock_data(store: Store) -> dict[str, Any]:
    """Store worker: the saved PIN hash and counters (empty when never set)."""
    with store.read() as session:
        value = state.get(session, STATE_KEY, {})
    return value if isinstance(value, dict) else {}


def save_lock_data(store: Store, data: dict[str, Any]) -> None:
    """Store worker: keep the PIN hash and counters."""
    with store.write() as session:
        state.put(session, STATE_KEY, data)


def _state_from(data: dict[str, Any]) -> LockState:
    until = data.get("locked_until")
    return LockState(
        failures=int(data.get("failures", 0)),
        lockouts=int(data.get("lockouts", 0)),
        locked_until=dt.datetime.fromisoformat(until) if isinstance(until, str) else None,
    )


class AppLock(QObject):
    """Locks the session after idle time or on request; unlocks with a PIN or the passphrase.

    Args:
        services: the core services (store, vault).
        tasks: the task runner (secrets are checked in the pool, counters saved by the worker).
        idle_minutes: the idle time (Settings).
        clock: aware UTC now (tests).

    Signals:
        locked_changed(bool): the session was locked (True) or unlocked (False).
        ready(): the PIN hash and counters were read from the store (and, with a PIN set,
            the session locked: see :meth:`_loaded`).
        attempt_failed(str): a wrong secret or a lockout, with the message to show.

    Attributes:
        locker: the state machine.
        pin_hash: the Argon2id hash of the PIN ('' when none is set).
        loaded: whether the PIN hash and counters have been read (until then the main window
            keeps its pages covered).
        passphrase_unlocks: whether the vault passphrase arms and opens the lock. The demo
            turns it off: its passphrase is a throwaway one nobody was shown, so an idle lock
            could only be left by deleting the demo; it locks only once the user sets a PIN.
    """

    locked_changed = Signal(bool)
    ready = Signal()
    attempt_failed = Signal(str)

    def __init__(
        self,
        services: Services,
        tasks: TaskRunner,
        *,
        idle_minutes: float,
        clock: Callable[[], dt.datetime] = utc_now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._tasks = tasks
        self.pin_hash = ""
        self.passphrase_unlocks = True
        self.locker = Locker(
            LockPolicy(idle=dt.timedelta(minutes=idle_minutes)), self._verify, clock=clock
        )
        self._clock = clock
        self.loaded = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.on_timer_timeout)
        self._hidden: list[QWidget] = []
        self._checking = False
        self._watching = False
        self.set_idle_minutes(idle_minutes)

    # ------------------------------------------------------------------ setup

    def start(self) -> None:
        """Read the PIN and counters (store worker), then watch for input and idle time."""
        store = self._services.store
        self._tasks.run_db(lambda: load_lock_data(store), done=self._loaded, context=self)
        self._watch(True)
        self._timer.start()

    def stop(self) -> None:
        """Stop watching (the app quits)."""
        self._timer.stop()
        self._watch(False)

    def _watch(self, on: bool) -> None:
        """Install or remove the application-wide input filter.

        The filter is a Python call for *every* event of every widget (a long form's window
        makes thousands while it is built: tens of ms measured). So it is only installed until
        it sees the first input; the timer puts it back at its next tick. Idle time is then
        known to within one tick (at most a second), against idle limits of minutes.
        """
        app = QApplication.instance()
        if app is None or on == self._watching:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._watching = on

    def _loaded(self, data: dict[str, Any]) -> None:
        """The saved PIN and counters arrived: a set PIN or a running lockout locks at once.

        A restart must not be a way round the lock: in keyring mode nothing is asked when the
        app starts, so without this a closed-and-reopened window would show the data, and a
        lockout would be waited out by restarting. So the window starts locked whenever a PIN
        exists (or a lockout is still running and the passphrase can open the lock).
        """
        self.pin_hash = str(data.get("pin_hash", ""))
        self.locker.state = _state_from(data)
        self.loaded = True
        if self.available and (self.pin_hash or self.lockout_until() is not None):
            if not self.locker.locked:
                self.locker.lock()
                log.info("app locked at start")
                self._apply_lock()
        self.ready.emit()

    def lockout_until(self) -> dt.datetime | None:
        """When the running lockout ends (UTC), or None when tries are allowed now."""
        until = self.locker.state.locked_until
        return until if until is not None and self._clock() < until else None

    def lockout_message(self) -> str:
        """The lockout sentence in the interface language ('' when there is no lockout)."""
        until = self.lockout_until()
        if until is None:
            return ""
        exc = LockedOut(until)
        return pick(self._services.language, exc.message_vi, exc.message_en)

    def set_idle_minutes(self, minutes: float) -> None:
        """Change the idle time (Settings); the timer checks often enough for it."""
        idle = dt.timedelta(minutes=minutes)
        self.locker.policy = LockPolicy(
            idle=idle,
            max_attempts=self.locker.policy.max_attempts,
            lockout=self.locker.policy.lockout,
        )
        self._timer.setInterval(max(50, min(1000, int(idle.total_seconds() * 250))))
        self.locker.touch()

    @property
    def passphrase_mode(self) -> bool:
        """True when the store's key is wrapped by a passphrase (it can unlock the lock)."""
        vault = self._services.vault
        try:
            return vault is not None and vault.exists() and vault.info().mode == "passphrase"
        except VaultError:
            return False

    @property
    def unlocks_with_passphrase(self) -> bool:
        """True when the vault passphrase opens the lock (passphrase mode, not the demo)."""
        return self.passphrase_unlocks and self.passphrase_mode

    @property
    def available(self) -> bool:
        """True when there is a secret to unlock with (a PIN, or the passphrase)."""
        return bool(self.pin_hash) or self.unlocks_with_passphrase

    @property
    def locked(self) -> bool:
        """True while the lock screen is up."""
        return self.locker.locked

    # ------------------------------------------------------------------ PIN

    def set_pin(self, pin: str, *, done: Callable[[], None] | None = None) -> None:
        """Hash a new PIN (pool) and keep the hash in the store (worker).

        Raises:
            ValueError: the PIN is not at least :data:`MIN_PIN` digits (checked here, at once).
        """
        if not is_valid_pin(pin):
            raise ValueError(f"a PIN is at least {MIN_PIN} digits")
        self._services.add_secret(pin)
        store = self._services.store

        def hashed(value: str) -> None:
            self.pin_hash = value
            data = self._data()
            self._tasks.run_db(
                lambda: save_lock_data(store, data),
                done=lambda _none: done() if done is not None else None,
                context=self,
            )

        self._tasks.run_io(lambda: hash_pin(pin), done=hashed, context=self)

    def check_pin(self, pin: str) -> bool:
        """True when ``pin`` is the current PIN (Argon2id: call it off the UI thread)."""
        return bool(self.pin_hash) and pin_matches(self.pin_hash, pin)

    def _data(self, saved: LockState | None = None) -> dict[str, Any]:
        """What is kept in the store: the PIN hash and ``saved`` (the current counters)."""
        s = saved or self.locker.state
        return {
            "pin_hash": self.pin_hash,
            "failures": s.failures,
            "lockouts": s.lockouts,
            "locked_until": s.locked_until.isoformat() if s.locked_until else None,
        }

    # ------------------------------------------------------------------ locking

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Any keyboard or mouse input restarts the idle time."""
        if event.type() in _ACTIVITY and not self.locker.locked:
            self.locker.touch()
            self._watch(False)
        return False

    def on_timer_timeout(self) -> None:
        self._watch(True)
        if not self.available or self.locker.locked:
            return
        if self.locker.tick():
            log.info("app locked after %s idle", self.locker.policy.idle)
            self._apply_lock()

    def lock_now(self) -> bool:
        """Lock at once (Ctrl+L); False when no PIN or passphrase exists to unlock with."""
        if not self.available:
            return False
        if not self.locker.locked:
            self.locker.lock()
            log.info("app locked on request")
            self._apply_lock()
        return True

    def _apply_lock(self) -> None:
        app = QApplication.instance()
        main = self.parent()
        if isinstance(app, QApplication):
            for widget in app.topLevelWidgets():
                if widget is not main and widget.isVisible():
                    widget.hide()
                    self._hidden.append(widget)
        self.locked_changed.emit(True)

    def try_unlock(self, secret: str) -> None:
        """Check ``secret`` in the pool; unlock, or report the failure (bounded attempts)."""
        if self._checking or not self.locker.locked:
            return
        self._checking = True
        self._services.add_secret(secret)
        language = self._services.language
        if self.lockout_until() is None:
            # Counted as wrong before it is checked: closing the window during the check (it
            # takes tenths of a second) must not leave a try uncounted. See Locker.charged.
            charged, store = self._data(self.locker.charged()), self._services.store
            self._tasks.run_db(lambda: save_lock_data(store, charged), context=self)

        def attempt() -> tuple[bool, str]:
            try:
                return self.locker.unlock(secret), ""
            except LockedOut as exc:
                return False, pick(language, exc.message_vi, exc.message_en)

        self._tasks.run_io(attempt, done=self._after_attempt, context=self)

    def _after_attempt(self, outcome: tuple[bool, str]) -> None:
        self._checking = False
        if self._tasks.closed:
            return  # the app is closing: the try was already saved as wrong (try_unlock)
        ok, lockout = outcome
        data, store = self._data(), self._services.store
        self._tasks.run_db(lambda: save_lock_data(store, data), context=self)
        if ok:
            log.info("app unlocked")
            for widget in self._hidden:
                if not widget.isVisible():
                    widget.show()
            self._hidden = []
            self.locked_changed.emit(False)
            return
        if lockout:
            self.attempt_failed.emit(lockout)
        else:
            self.attempt_failed.emit(
                pick(
                    self._services.language,
                    f"Sai mã PIN hoặc mật khẩu. Còn {self.locker.attempts_left} lần thử trước "
                    "khi phải chờ.",
                    f"Wrong PIN or passphrase. {self.locker.attempts_left} tries left before "
                    "a wait.",
                )
            )

    def _verify(self, secret: str) -> bool:
        """Pool: the PIN first (digits), then the vault passphrase."""
        if self.pin_hash and secret.isdigit() and pin_matches(self.pin_hash, secret):
            return True
        vault = self._services.vault
        if vault is None or not self.unlocks_with_passphrase:
            return False
        try:
            vault.unlock(secret)
        except VaultError:
            return False
        return True


class LockScreen(QWidget):
    """What the main window shows while locked: one box for the PIN or passphrase.

    Attributes:
        secret: the box (never echoed).
        message: the last error or lockout.
        unlock_button: "Mở khoá".
    """

    def __init__(self, lock: AppLock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lock = lock
        self.setObjectName("lockScreen")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        title = QLabel(self.tr("Helper đã khoá"), self)
        title.setStyleSheet("font-size: 18pt; font-weight: 600;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(title)
        self.hint = QLabel(self)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        outer.addWidget(self.hint)
        row = QHBoxLayout()
        row.addStretch(1)
        self.secret = QLineEdit(self)
        self.secret.setObjectName("lockSecret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setMinimumWidth(280)
        self.secret.returnPressed.connect(self.on_unlock_button_clicked)
        self.unlock_button = QPushButton(self.tr("Mở khoá"), self)
        self.unlock_button.setObjectName("lockUnlock")
        self.unlock_button.clicked.connect(self.on_unlock_button_clicked)
        row.addWidget(self.secret)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        outer.addLayout(row)
        self.message = QLabel(self)
        self.message.setObjectName("lockMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet("color: #b3261e;")
        outer.addWidget(self.message)
        outer.addStretch(2)
        lock.attempt_failed.connect(self.on_lock_attempt_failed)

    def prepare(self) -> None:
        """Fresh state each time the lock comes down."""
        if self._lock.pin_hash and self._lock.unlocks_with_passphrase:
            text = self.tr("Nhập mã PIN hoặc mật khẩu để tiếp tục.")
        elif self._lock.pin_hash:
            text = self.tr("Nhập mã PIN để tiếp tục.")
        else:
            text = self.tr("Nhập mật khẩu để tiếp tục.")
        self.hint.setText(
            text + " " + self.tr("Dữ liệu vẫn an toàn; các hồ sơ đang mở được giữ nguyên.")
        )
        self.message.setText(self._lock.lockout_message())
        self.secret.clear()
        self.secret.setEnabled(True)
        self.unlock_button.setEnabled(True)
        self.secret.setFocus()

    def on_unlock_button_clicked(self) -> None:
        secret = self.secret.text()
        if not secret:
            return
        self.secret.clear()
        self.unlock_button.setEnabled(False)
        self.message.setText(self.tr("Đang kiểm tra…"))
        self._lock.try_unlock(secret)

    def on_lock_attempt_failed(self, message: str) -> None:
        self.message.setText(message)
        self.unlock_button.setEnabled(True)
        self.secret.setFocus()
