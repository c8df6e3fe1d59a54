"""The "change my password" dialog: current password, the new one twice.

The passwords go to :meth:`SyncController.change_password` (run in the pool, never kept) and
the boxes are cleared as soon as the answer comes. The server checks the current password and
its rules (at least 10 characters, not a common password) and signs out the volunteer's other
laptops; this laptop stays signed in. A refusal is shown as the server explains it, in the
interface language.
"""

from __future__ import annotations

from helper_app.sync import errors
from helper_app.ui.i18n import pick
from helper_app.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from helper_app.ui.sync_controller import SyncController


class ChangePasswordDialog(QDialog):
    """Ask for the current and the new password and change it on the server.

    Attributes:
        current, new, repeat: the three password boxes.
        message: the error line.
        buttons: OK / Cancel.
    """

    def __init__(
        self, controller: SyncController, language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._language = language
        self.setWindowTitle(self.tr("Đổi mật khẩu"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Mật khẩu mới cần ít nhất 10 ký tự và không phải mật khẩu phổ biến. Các máy khác "
                "đang đăng nhập bằng tài khoản này sẽ bị đăng xuất; máy này vẫn đăng nhập."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.current = self._box("currentPassword")
        self.new = self._box("newPassword")
        self.repeat = self._box("repeatPassword")
        form.addRow(self.tr("Mật khẩu hiện tại"), self.current)
        form.addRow(self.tr("Mật khẩu mới"), self.new)
        form.addRow(self.tr("Nhập lại mật khẩu mới"), self.repeat)
        layout.addLayout(form)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Đổi mật khẩu"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Huỷ"))
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _box(self, name: str) -> QLineEdit:
        box = QLineEdit(self)
        box.setObjectName(name)
        box.setEchoMode(QLineEdit.EchoMode.Password)
        return box

    def on_buttons_accepted(self) -> None:
        current, new = self.current.text(), self.new.text()
        if not current or not new:
            self.message.setText(self.tr("Hãy nhập mật khẩu hiện tại và mật khẩu mới."))
            return
        if new != self.repeat.text():
            self.message.setText(self.tr("Hai lần nhập mật khẩu mới không giống nhau."))
            self.repeat.clear()
            self.repeat.setFocus()
            return
        self.message.setText(self.tr("Đang đổi mật khẩu…"))
        self.buttons.setEnabled(False)
        self._controller.change_password(current, new, done=self._on_done, error=self._on_error)

    def _clear(self) -> None:
        for box in (self.current, self.new, self.repeat):
            box.clear()
        self.buttons.setEnabled(True)

    def _on_done(self, _: object) -> None:
        self._clear()
        self.accept()

    def _on_error(self, exc: BaseException) -> None:
        self._clear()
        if isinstance(exc, errors.SignedOutByWardError):
            self.message.setText(pick(self._language, exc.message_vi, exc.message_en))
        elif isinstance(exc, errors.UnauthorizedError):
            self.message.setText(self.tr("Mật khẩu hiện tại không đúng."))
            self.current.setFocus()
        elif isinstance(exc, errors.ClientRequestError) and exc.server_message_vi:
            self.message.setText(pick(self._language, exc.server_message_vi, exc.server_message_en))
            self.new.setFocus()
        elif isinstance(exc, errors.OfflineError | errors.RequestTimeoutError):
            self.message.setText(self.tr("Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại."))
        else:
            self.message.setText(
                self.tr("Máy chủ trả lời không như mong đợi. Hãy thử lại sau hoặc báo cán bộ.")
            )
