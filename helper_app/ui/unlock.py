"""Opening the encrypted local store at start: the passphrase prompt and the first-start choice.

:func:`open_local_storage` is the loop the composition root runs before any window exists: it
calls :func:`helper_app.security.storage.open_store` and, when the vault answers that a passphrase
is needed (:class:`PassphraseRequired`), wrong (:class:`WrongPassphrase`) or that this machine has
no secure keyring for a new store (:class:`KeyringUnusable`), asks through a
:class:`StoragePrompt`. A wrong passphrase changes nothing (the vault guarantees it) and is
counted: after :data:`MAX_UNLOCK_ATTEMPTS` the app says so and quits. Every passphrase typed is
registered with the log redactor before it is used.

The dialogs (:class:`UnlockDialog`, :class:`NewPassphraseDialog`) are modal and run before the
main window; :class:`DialogPrompt` wires them to the loop. Tests drive the loop with a scripted
prompt and the dialogs directly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from helper_app.config import AppPaths
from helper_app.security.storage import LocalStorage, open_store
from helper_app.security.vault import (
    MIN_PASSPHRASE,
    KeyringUnusable,
    PassphraseRequired,
    Vault,
    WrongKey,
    WrongPassphrase,
)
from helper_app.text import BilingualError
from helper_app.ui.i18n import pick
from helper_app.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)

MAX_UNLOCK_ATTEMPTS = 5
"""Wrong passphrases accepted at start before the app quits (each costs ~0.3 s of Argon2id)."""


class StoragePrompt(Protocol):
    """How the loop asks the volunteer (dialogs in the app, a script in tests)."""

    def ask_passphrase(self, error: str, attempts_left: int) -> str | None:
        """The passphrase of an existing store, or None to quit."""

    def choose_passphrase(self, reason: str) -> str | None:
        """A new passphrase (typed twice) for a new store, or None to quit."""

    def fail(self, message: str) -> None:
        """Say why the app cannot open the store (then it quits)."""


def strength_hint(passphrase: str) -> tuple[int, str, str]:
    """A rough strength score 0-3 and a hint in both languages.

    Length counts most (a sentence of a few words beats a short mix of symbols); the classes of
    characters add a little. This is a hint, not a rule: only the minimum length is enforced.
    """
    if len(passphrase) < MIN_PASSPHRASE:
        return (
            0,
            f"Quá ngắn: cần ít nhất {MIN_PASSPHRASE} ký tự.",
            f"Too short: at least {MIN_PASSPHRASE} characters.",
        )
    classes = sum(
        (
            any(c.islower() for c in passphrase),
            any(c.isupper() for c in passphrase),
            any(c.isdigit() for c in passphrase),
            any(not c.isalnum() for c in passphrase),
        )
    )
    score = 1 + (len(passphrase) >= 12) + (len(passphrase) >= 16 or classes >= 3)
    if score == 1:
        return (1, "Yếu: dùng một câu dài hơn, dễ nhớ.", "Weak: use a longer, memorable sentence.")
    if score == 2:
        return (2, "Khá: dài hơn nữa thì tốt hơn.", "Fair: longer is better.")
    return (3, "Mạnh.", "Strong.")


def open_local_storage(
    paths: AppPaths,
    vault: Vault,
    prompt: StoragePrompt,
    *,
    language: str,
    on_secret: Callable[[str], None] = lambda _s: None,
    max_attempts: int = MAX_UNLOCK_ATTEMPTS,
) -> LocalStorage | None:
    """Open the store, asking for a passphrase when needed; None when the volunteer quits.

    Args:
        paths: the data directory.
        vault: where the key is (the OS keyring or a passphrase).
        prompt: asks the volunteer.
        language: ``vi`` or ``en`` for the messages.
        on_secret: registers a typed passphrase with the log redactor (before it is used).
        max_attempts: wrong passphrases allowed before giving up.
    """
    passphrase: str | None = None
    failures = 0
    error = ""
    while True:
        try:
            return open_store(paths, vault, passphrase=passphrase)
        except WrongPassphrase as exc:
            failures += 1
            log.info("wrong passphrase at start (%d of %d)", failures, max_attempts)
            if failures >= max_attempts:
                prompt.fail(
                    pick(
                        language,
                        f"Nhập sai mật khẩu {failures} lần. Dữ liệu không thay đổi; ứng dụng sẽ "
                        "đóng. Hãy mở lại và thử lần nữa.",
                        f"{failures} wrong passphrases. Nothing was changed; the app will close. "
                        "Open it again to retry.",
                    )
                )
                return None
            error = pick(language, exc.message_vi, exc.message_en)
        except PassphraseRequired:
            error = ""
        except KeyringUnusable as exc:
            chosen = prompt.choose_passphrase(pick(language, exc.message_vi, exc.message_en))
            if chosen is None:
                return None
            on_secret(chosen)
            passphrase = chosen
            continue
        except (WrongKey, BilingualError) as exc:
            prompt.fail(pick(language, exc.message_vi, exc.message_en))
            return None
        typed = prompt.ask_passphrase(error, max_attempts - failures)
        if typed is None:
            return None
        on_secret(typed)
        passphrase = typed


class UnlockDialog(QDialog):
    """Ask for the passphrase of the store (at start).

    Attributes:
        passphrase: the box (never echoed).
        error: the last error, in the interface language.
        attempts: how many tries are left.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockDialog")
        self.setWindowTitle(self.tr("Mở khoá dữ liệu — Helper"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Dữ liệu của cư dân trên máy này được mã hoá. Nhập mật khẩu để mở. "
                "Mật khẩu không được lưu ở đâu cả."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Mật khẩu"), self.passphrase)
        layout.addLayout(form)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.error)
        self.attempts = QLabel(self)
        self.attempts.setObjectName("attempts")
        layout.addWidget(self.attempts)
        buttons = QDialogButtonBox(self)
        ok = buttons.addButton(self.tr("Mở khoá"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("unlock")
        ok.setDefault(True)
        quit_button = buttons.addButton(self.tr("Thoát"), QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setObjectName("quit")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def show_state(self, error: str, attempts_left: int) -> None:
        """Show the last error and the tries left; empty the box for the next try."""
        self.error.setText(error)
        self.error.setVisible(bool(error))
        self.attempts.setText(self.tr("Còn %n lần thử.", "", attempts_left))
        self.passphrase.clear()
        self.passphrase.setFocus()


class NewPassphraseDialog(QDialog):
    """Choose a passphrase for a new store on a machine without a secure keyring.

    OK is enabled only when both boxes match and the passphrase is long enough; a strength hint
    follows the typing. "Thoát" quits without creating anything.

    Attributes:
        first, second: the two boxes.
        hint: the strength hint.
        ok: the accept button.
    """

    def __init__(self, reason: str, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self.setObjectName("newPassphraseDialog")
        self.setWindowTitle(self.tr("Đặt mật khẩu bảo vệ dữ liệu — Helper"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        why = QLabel(reason, self)
        why.setObjectName("reason")
        why.setWordWrap(True)
        layout.addWidget(why)
        note = QLabel(
            self.tr(
                "Mật khẩu này mở khoá dữ liệu mỗi lần khởi động. Không ai khôi phục được nếu quên: "
                "hãy chọn một câu dễ nhớ và giữ nó cẩn thận."
            ),
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.first = QLineEdit(self)
        self.first.setObjectName("first")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit(self)
        self.second.setObjectName("second")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Mật khẩu mới"), self.first)
        form.addRow(self.tr("Nhập lại"), self.second)
        layout.addLayout(form)
        self.hint = QLabel(self)
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton(self.tr("Đặt mật khẩu"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("choose")
        quit_button = buttons.addButton(self.tr("Thoát"), QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setObjectName("quit")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.first.textChanged.connect(self.on_text_changed)
        self.second.textChanged.connect(self.on_text_changed)
        self.on_text_changed("")

    def on_text_changed(self, _text: str) -> None:
        first, second = self.first.text(), self.second.text()
        score, vi, en = strength_hint(first)
        hint = pick(self._language, vi, en)
        if score and second and first != second:
            hint += " " + self.tr("Hai lần nhập chưa khớp.")
        colour = ("#b3261e", "#b06000", "#7a6a00", "#1b5e20")[score]
        self.hint.setStyleSheet(f"color: {colour};")
        self.hint.setText(hint)
        self.ok.setEnabled(score > 0 and first == second)

    def chosen(self) -> str:
        """The passphrase typed (both boxes agree once OK is enabled)."""
        return self.first.text()


class DialogPrompt:
    """:class:`StoragePrompt` with modal dialogs (before the main window exists)."""

    def __init__(self, language: str) -> None:
        self._language = language
        self.dialog: QDialog | None = None

    def ask_passphrase(self, error: str, attempts_left: int) -> str | None:
        """Show :class:`UnlockDialog` until the volunteer unlocks or quits."""
        dialog = UnlockDialog()
        dialog.show_state(error, attempts_left)
        self.dialog = dialog
        accepted = dialog.exec() == QDialog.DialogCode.Accepted.value
        text = dialog.passphrase.text()
        dialog.passphrase.clear()
        dialog.deleteLater()
        self.dialog = None
        return text if accepted else None

    def choose_passphrase(self, reason: str) -> str | None:
        """Show :class:`NewPassphraseDialog`."""
        dialog = NewPassphraseDialog(reason, self._language)
        self.dialog = dialog
        accepted = dialog.exec() == QDialog.DialogCode.Accepted.value
        text = dialog.chosen()
        dialog.deleteLater()
        self.dialog = None
        return text if accepted else None

    def fail(self, message: str) -> None:
        """A message box, then the caller quits."""
        title = "Helper"
        QMessageBox.critical(None, title, message)
