"""The Settings screen's data-protection part: app lock, PIN, passphrase mode, retention purge.

:class:`SecurityBox` shows where the data key is (OS keyring or passphrase) and switches it with
the vault's own operations (:meth:`Vault.use_passphrase`, :meth:`Vault.change_passphrase`,
:meth:`Vault.use_keyring`): they re-wrap the same data key, so nothing is re-encrypted and
nothing can be lost; a wrong current passphrase changes nothing. It also sets the idle time of
the lock, sets or changes the PIN and locks at once. :class:`RetentionBox` sets the retention
days and runs :func:`helper_app.security.retention.purge_received` on the store worker, showing how
many dossiers it removed and how many it kept. Argon2id work runs in the pool, never on the UI
thread.
"""

from __future__ import annotations

from collections.abc import Callable

from helper_app.security.lock import MIN_PIN, is_valid_pin
from helper_app.security.retention import PurgeReport
from helper_app.security.vault import MIN_PASSPHRASE
from helper_app.text import BilingualError
from helper_app.ui.app_lock import AppLock
from helper_app.ui.i18n import pick
from helper_app.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from helper_app.ui.services import Services
from helper_app.ui.settings import IDLE_LOCK_RANGE, RETENTION_RANGE, UiSettings
from helper_app.ui.tasks import TaskRunner
from helper_app.ui.unlock import strength_hint
from helper_app.ui.wheel import FocusWheelSpinBox


def _password_box(parent: QWidget, name: str) -> QLineEdit:
    box = QLineEdit(parent)
    box.setObjectName(name)
    box.setEchoMode(QLineEdit.EchoMode.Password)
    return box


class SecretDialog(QDialog):
    """Ask for a current secret and/or a new one typed twice (PIN or passphrase).

    Args:
        title: the window title.
        kind: ``pin`` (digits, at least 6) or ``passphrase`` (at least 8 characters).
        current: ask for the current secret (label given) or not (None).
        new: ask for a new secret twice.
        language: for the strength hint.

    Attributes:
        current, first, second: the boxes (None when not asked).
        hint: validation / strength hint.
        ok: the accept button.
    """

    def __init__(
        self,
        title: str,
        *,
        kind: str,
        current: str | None,
        new: bool,
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._kind = kind
        self._language = language
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.current = _password_box(self, "current") if current is not None else None
        if self.current is not None and current is not None:
            form.addRow(current, self.current)
        self.first = _password_box(self, "first") if new else None
        self.second = _password_box(self, "second") if new else None
        if self.first is not None and self.second is not None:
            form.addRow(self.tr("Mới"), self.first)
            form.addRow(self.tr("Nhập lại"), self.second)
        layout.addLayout(form)
        self.hint = QLabel(self)
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None
        self.ok = ok
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for box in (self.current, self.first, self.second):
            if box is not None:
                box.textChanged.connect(self.on_text_changed)
        self.on_text_changed("")

    def new_problem(self) -> str:
        """Why the new secret is not acceptable yet ('' when it is)."""
        if self.first is None or self.second is None:
            return ""
        first, second = self.first.text(), self.second.text()
        if self._kind == "pin":
            if not is_valid_pin(first):
                return self.tr("Mã PIN gồm ít nhất %1 chữ số.").replace("%1", str(MIN_PIN))
        elif len(first) < MIN_PASSPHRASE:
            return pick(self._language, *strength_hint(first)[1:])
        if first != second:
            return self.tr("Hai lần nhập chưa khớp.")
        return ""

    def on_text_changed(self, _text: str) -> None:
        problem = self.new_problem()
        hint = problem
        if not problem and self._kind == "passphrase" and self.first is not None:
            hint = pick(self._language, *strength_hint(self.first.text())[1:])
        self.hint.setText(hint)
        current_ok = self.current is None or bool(self.current.text())
        self.ok.setEnabled(current_ok and not problem)

    def values(self) -> tuple[str, str]:
        """(current, new), '' for what was not asked."""
        current = self.current.text() if self.current is not None else ""
        new = self.first.text() if self.first is not None else ""
        return current, new


class SecurityBox(QGroupBox):
    """App lock and where the data key is kept.

    Signals:
        lock_requested(): "Khoá ngay" was pressed.
        message_shown(str): a result line was shown (tests wait on it).

    Attributes:
        idle: minutes before the lock (saved with the settings).
        mode: where the key is.
        result: the last result line.
        dialog: the dialog while open.
    """

    lock_requested = Signal()
    message_shown = Signal(str)

    def __init__(
        self,
        services: Services,
        tasks: TaskRunner,
        lock: AppLock,
        settings: UiSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Bảo vệ dữ liệu"), parent)
        self.setObjectName("securityBox")
        self._services = services
        self._tasks = tasks
        self._lock = lock
        self.dialog: SecretDialog | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.idle = FocusWheelSpinBox(self)
        self.idle.setObjectName("idleMinutes")
        self.idle.setRange(*IDLE_LOCK_RANGE)
        self.idle.setSuffix(self.tr(" phút"))
        self.idle.setValue(settings.idle_lock_minutes)
        self.idle.setMaximumWidth(160)
        form.addRow(self.tr("Tự khoá sau khi không dùng"), self.idle)
        self.lock_state = QLabel(self)
        self.lock_state.setObjectName("lockState")
        self.lock_state.setWordWrap(True)
        form.addRow(self.tr("Khoá ứng dụng"), self.lock_state)
        self.mode = QLabel(self)
        self.mode.setObjectName("keyMode")
        self.mode.setWordWrap(True)
        form.addRow(self.tr("Khoá mã hoá dữ liệu"), self.mode)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.pin_button = QPushButton(self)
        self.pin_button.setObjectName("setPin")
        self.pin_button.clicked.connect(self.on_pin_button_clicked)
        self.lock_button = QPushButton(self.tr("Khoá ngay (Ctrl+L)"), self)
        self.lock_button.setObjectName("lockNow")
        self.lock_button.clicked.connect(self.lock_requested)
        row.addWidget(self.pin_button)
        row.addWidget(self.lock_button)
        row.addStretch(1)
        layout.addLayout(row)
        row2 = QHBoxLayout()
        self.use_passphrase = QPushButton(self.tr("Dùng mật khẩu…"), self)
        self.use_passphrase.setObjectName("usePassphrase")
        self.use_passphrase.clicked.connect(self.on_use_passphrase_clicked)
        self.change_passphrase = QPushButton(self.tr("Đổi mật khẩu…"), self)
        self.change_passphrase.setObjectName("changePassphrase")
        self.change_passphrase.clicked.connect(self.on_change_passphrase_clicked)
        self.use_keyring = QPushButton(self.tr("Dùng kho khoá hệ điều hành…"), self)
        self.use_keyring.setObjectName("useKeyring")
        self.use_keyring.clicked.connect(self.on_use_keyring_clicked)
        for b in (self.use_passphrase, self.change_passphrase, self.use_keyring):
            row2.addWidget(b)
        row2.addStretch(1)
        layout.addLayout(row2)
        self.result = QLabel(self)
        self.result.setObjectName("securityResult")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        lock.ready.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Show the lock and key mode as they are now."""
        lock, vault = self._lock, self._services.vault
        if lock.pin_hash:
            self.lock_state.setText(self.tr("Bật: mở bằng mã PIN."))
        elif lock.unlocks_with_passphrase:
            self.lock_state.setText(self.tr("Bật: mở bằng mật khẩu dữ liệu."))
        else:
            self.lock_state.setText(self.tr("Tắt: hãy đặt mã PIN để bật khoá tự động."))
        self.pin_button.setText(self.tr("Đổi mã PIN…") if lock.pin_hash else self.tr("Đặt mã PIN…"))
        self.lock_button.setEnabled(lock.available)
        encrypted = self._services.storage.key is not None and vault is not None
        passphrase = lock.passphrase_mode
        if not encrypted:
            self.mode.setText(self.tr("Không mã hoá (chế độ kiểm thử)."))
        elif passphrase:
            self.mode.setText(self.tr("Mật khẩu (không lưu ở đâu cả; nhập mỗi lần mở)."))
        else:
            self.mode.setText(self.tr("Kho khoá của hệ điều hành."))
        self.use_passphrase.setVisible(encrypted and not passphrase)
        self.change_passphrase.setVisible(encrypted and passphrase)
        self.use_keyring.setVisible(encrypted and passphrase)

    def _say(self, text: str) -> None:
        self.result.setText(text)
        self.message_shown.emit(text)

    def _error(self, exc: BaseException) -> None:
        if isinstance(exc, BilingualError):
            self._say(pick(self._services.language, exc.message_vi, exc.message_en))
        else:
            self._tasks.report(exc)

    def _ask(self, dialog: SecretDialog, then: Callable[[str, str], None]) -> SecretDialog:
        def finished(code: int) -> None:
            if code == QDialog.DialogCode.Accepted.value:
                current, new = dialog.values()
                for secret in (current, new):
                    self._services.add_secret(secret)
                then(current, new)
            self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        self.dialog = dialog
        dialog.open()
        return dialog

    # ------------------------------------------------------------------ PIN

    def on_pin_button_clicked(self) -> None:
        lock = self._lock
        dialog = SecretDialog(
            self.tr("Mã PIN mở khoá ứng dụng"),
            kind="pin",
            current=self.tr("Mã PIN hiện tại") if lock.pin_hash else None,
            new=True,
            language=self._services.language,
            parent=self,
        )

        def chosen(current: str, new: str) -> None:
            def checked(ok: bool) -> None:
                if not ok:
                    self._say(self.tr("Mã PIN hiện tại không đúng. Không có gì thay đổi."))
                    return
                lock.set_pin(new, done=self._pin_saved)

            if lock.pin_hash:
                self._tasks.run_io(lambda: lock.check_pin(current), done=checked, context=self)
            else:
                checked(True)

        self._ask(dialog, chosen)

    def _pin_saved(self) -> None:
        self.refresh()
        self._say(self.tr("Đã lưu mã PIN."))

    # ------------------------------------------------------------------ passphrase

    def on_use_passphrase_clicked(self) -> None:
        dialog = SecretDialog(
            self.tr("Khoá dữ liệu bằng mật khẩu"),
            kind="passphrase",
            current=None,
            new=True,
            language=self._services.language,
            parent=self,
        )
        self._ask(dialog, lambda _c, new: self._vault_op("use_passphrase", "", new))

    def on_change_passphrase_clicked(self) -> None:
        dialog = SecretDialog(
            self.tr("Đổi mật khẩu dữ liệu"),
            kind="passphrase",
            current=self.tr("Mật khẩu hiện tại"),
            new=True,
            language=self._services.language,
            parent=self,
        )
        self._ask(dialog, lambda old, new: self._vault_op("change", old, new))

    def on_use_keyring_clicked(self) -> None:
        dialog = SecretDialog(
            self.tr("Giữ khoá trong kho khoá của hệ điều hành"),
            kind="passphrase",
            current=self.tr("Mật khẩu hiện tại"),
            new=False,
            language=self._services.language,
            parent=self,
        )
        self._ask(dialog, lambda old, _n: self._vault_op("use_keyring", old, ""))

    def _vault_op(self, op: str, old: str, new: str) -> None:
        """Pool: re-wrap the same data key; a wrong current passphrase changes nothing."""
        vault, key = self._services.vault, self._services.storage.key
        if vault is None or key is None:
            return

        def work() -> str:
            if op == "use_passphrase":
                vault.use_passphrase(key, new)
                return self.tr("Dữ liệu giờ được khoá bằng mật khẩu. Hãy nhớ kỹ mật khẩu này.")
            if op == "change":
                vault.change_passphrase(old, new)
                return self.tr("Đã đổi mật khẩu. Dữ liệu không bị mã hoá lại, không mất gì.")
            vault.unlock(old)  # prove it first: raises WrongPassphrase, nothing changed
            vault.use_keyring(key)
            return self.tr("Khoá dữ liệu giờ nằm trong kho khoá của hệ điều hành.")

        def done(text: str) -> None:
            self.refresh()
            self._say(text)

        self._say(self.tr("Đang xử lý…"))
        self._tasks.run_io(work, done=done, error=self._error, context=self)


def purge_text(report: PurgeReport, language: str) -> str:
    """The purge result in one sentence."""
    vi = f"Đã xoá {report.dossiers} hồ sơ đã được tiếp nhận ({report.files} tệp)."
    en = f"Removed {report.dossiers} received dossier(s) ({report.files} file(s))."
    if report.kept_unconfirmed:
        vi += f" Giữ lại {report.kept_unconfirmed} hồ sơ vì máy chủ chưa xác nhận đủ tệp."
        en += f" Kept {report.kept_unconfirmed} whose files the server has not confirmed."
    return pick(language, vi, en)


class RetentionBox(QGroupBox):
    """How long received dossiers stay on the laptop, and the purge button.

    Signals:
        purge_requested(int): the button was pressed (days).

    Attributes:
        days: the retention days (saved with the settings).
        purge_button: "Xoá dữ liệu hồ sơ đã được tiếp nhận".
        result: the last purge's result.
    """

    purge_requested = Signal(int)

    def __init__(self, settings: UiSettings, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Lưu giữ hồ sơ trên máy"), parent)
        self.setObjectName("retentionBox")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.days = FocusWheelSpinBox(self)
        self.days.setObjectName("retentionDays")
        self.days.setRange(*RETENTION_RANGE)
        self.days.setSuffix(self.tr(" ngày"))
        self.days.setValue(settings.retention_days)
        self.days.setMaximumWidth(160)
        form.addRow(self.tr("Xoá hồ sơ đã được tiếp nhận sau"), self.days)
        layout.addLayout(form)
        note = QLabel(
            self.tr(
                "Hồ sơ máy chủ đã tiếp nhận (và đã xác nhận đủ tệp) được xoá khỏi máy này khi "
                "không thay đổi quá số ngày trên; máy chủ vẫn giữ bản của nó. Việc này chạy "
                "ngầm mỗi lần mở ứng dụng."
            ),
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.purge_button = QPushButton(self.tr("Xoá dữ liệu hồ sơ đã được tiếp nhận"), self)
        self.purge_button.setObjectName("purgeNow")
        self.purge_button.clicked.connect(lambda: self.purge_requested.emit(self.days.value()))
        row = QHBoxLayout()
        row.addWidget(self.purge_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.result = QLabel(self)
        self.result.setObjectName("purgeResult")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)

    def show_running(self) -> None:
        """The purge is running on the store worker."""
        self.purge_button.setEnabled(False)
        self.result.setText(self.tr("Đang xoá…"))

    def show_report(self, text: str) -> None:
        """The purge finished."""
        self.purge_button.setEnabled(True)
        self.result.setText(text)
