"""The sign-in dialog: server address, user name, password.

The password goes to :meth:`SyncController.sign_in` (run in the pool) and is cleared from the
box as soon as the answer comes; only the token is kept, in the OS keyring. Wrong credentials,
an unreachable server and a missing keyring each get a plain sentence under the boxes.
"""

from __future__ import annotations

from typing import Any

from helper_app.sync import errors
from helper_app.sync.credentials import KeyringUnavailableError
from helper_app.ui.i18n import pick
from helper_app.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    Signal,
)
from helper_app.ui.sync_controller import SyncController


class SignInDialog(QDialog):
    """Ask for the account and sign in.

    Args:
        controller: the sync controller.
        language: ``vi`` or ``en`` (for messages that carry both).
        parent: the main window.

    Signals:
        signed_in(object): the server's user record after a successful sign-in.

    Attributes:
        server, username, password: the three boxes.
        message: the error line.
        buttons: OK / Cancel.
    """

    signed_in = Signal(object)

    def __init__(
        self, controller: SyncController, language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._language = language
        self.setWindowTitle(self.tr("Đăng nhập máy chủ"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Đăng nhập một lần để gửi hồ sơ lên máy chủ của phường. Mật khẩu không được lưu "
                "trên máy; máy chỉ giữ phiên đăng nhập trong kho khoá của hệ điều hành."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        account = controller.account or {}
        self.server = QLineEdit(account.get("server_url", ""), self)
        self.server.setObjectName("server")
        self.server.setPlaceholderText("https://hoso.phuong.gov.vn")
        self.username = QLineEdit(account.get("username", ""), self)
        self.username.setObjectName("username")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Địa chỉ máy chủ"), self.server)
        form.addRow(self.tr("Tên đăng nhập"), self.username)
        form.addRow(self.tr("Mật khẩu"), self.password)
        layout.addLayout(form)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Đăng nhập"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Huỷ"))
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if controller.keyring_error is not None:
            self._show_keyring_error(controller.keyring_error)
        (self.password if account else self.server).setFocus()

    def on_buttons_accepted(self) -> None:
        server = self.server.text().strip()
        user = self.username.text().strip()
        password = self.password.text()
        if not server.startswith(("http://", "https://")):
            self.message.setText(
                self.tr("Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://.")
            )
            self.server.setFocus()
            return
        if not user or not password:
            self.message.setText(self.tr("Hãy nhập tên đăng nhập và mật khẩu."))
            return
        self.message.setText(self.tr("Đang đăng nhập…"))
        self.buttons.setEnabled(False)
        self._controller.sign_in(server, user, password, done=self._on_done, error=self._on_error)

    def _on_done(self, user: Any) -> None:
        self.password.clear()
        self.buttons.setEnabled(True)
        self.signed_in.emit(user)
        self.accept()

    def _on_error(self, exc: BaseException) -> None:
        self.password.clear()
        self.buttons.setEnabled(True)
        if isinstance(exc, KeyringUnavailableError):
            self._show_keyring_error(exc)
        elif isinstance(exc, errors.UnauthorizedError):
            self.message.setText(self.tr("Sai tên đăng nhập hoặc mật khẩu."))
        elif isinstance(exc, errors.OfflineError | errors.RequestTimeoutError):
            self.message.setText(
                self.tr("Không kết nối được máy chủ. Kiểm tra địa chỉ và mạng rồi thử lại.")
            )
        elif isinstance(exc, errors.RateLimitedError):
            self.message.setText(self.tr("Đăng nhập sai quá nhiều lần. Hãy chờ vài phút."))
        elif isinstance(exc, ValueError):
            self.message.setText(
                self.tr("Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://.")
            )
        else:
            self.message.setText(
                self.tr("Máy chủ trả lời không như mong đợi. Hãy thử lại sau hoặc báo cán bộ.")
            )
        self.password.setFocus()

    def _show_keyring_error(self, exc: KeyringUnavailableError) -> None:
        self.message.setText(pick(self._language, exc.message_vi, exc.message_en))
