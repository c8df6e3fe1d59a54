"""The sign-in dialog: server address, user name, password; on a new laptop, the ward's file.

The password goes to :meth:`SyncController.sign_in` (run in the pool) and is cleared from the
box as soon as the answer comes; only the token is kept, in the OS keyring. Wrong credentials,
an unreachable server and a missing keyring each get a plain sentence under the boxes.

The server address is pre-filled from the provisioning pin when the laptop has one (the ward's
signed file is the authority on it), else from the last sign-in. On a laptop with neither, the
dialog offers "Nhập tệp cấu hình của phường…": the file is applied in the pool through
:func:`helper_app.provisioning.apply.provision` (trust on first use), or "Dùng mã QR của phường…":
the console's QR code (a photo, or its text) names a file on the server, which is downloaded and
must match it (:func:`helper_app.provisioning.apply.provision_from_link`). The key's fingerprint is
shown
for the officer to compare with the server's console, a refusal says why in the interface
language, and the address is filled in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helper_app.provisioning.apply import Pin, current_pin
from helper_app.provisioning.format import ProvisioningError, Verified
from helper_app.security.os_keyring import KeyringUnavailableError
from helper_app.sync import errors
from helper_app.sync.server_address import ServerAddressError, check_server_address
from helper_app.ui.i18n import pick
from helper_app.ui.provisioning_link_dialog import ProvisioningLinkDialog
from helper_app.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    Qt,
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
        provisioned: what the imported provisioning file set up (with its key fingerprint).
        import_button: "import the ward's file" (shown only on a laptop with no account and
            no provisioning yet).
        qr_button: "use the ward's QR code" (shown with ``import_button``).
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
        pin, pin_error = self._read_pin()
        server_url = pin.server_url if pin is not None else account.get("server_url", "")
        self.server = QLineEdit(server_url, self)
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
        self.import_button = QPushButton(self.tr("Nhập tệp cấu hình của phường…"), self)
        self.import_button.setObjectName("importProvisioning")
        self.import_button.setToolTip(
            self.tr("Tệp .json do quản trị viên của phường cấp (thường trên USB cùng ứng dụng).")
        )
        self.import_button.clicked.connect(self.on_import_button_clicked)
        self.qr_button = QPushButton(self.tr("Dùng mã QR của phường…"), self)
        self.qr_button.setObjectName("provisioningQr")
        self.qr_button.setToolTip(
            self.tr("Mã QR trên trang cán bộ, mục “Cấu hình máy” (cần mạng để tải cấu hình).")
        )
        self.qr_button.clicked.connect(self.on_qr_button_clicked)
        first_start = not account and pin is None and pin_error is None
        self.import_button.setVisible(first_start)
        self.qr_button.setVisible(first_start)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addWidget(self.qr_button)
        layout.addLayout(row)
        self.provisioned = QLabel(self)
        self.provisioned.setObjectName("provisioned")
        self.provisioned.setWordWrap(True)
        self.provisioned.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.provisioned.setVisible(False)
        layout.addWidget(self.provisioned)
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
        if pin_error is not None:
            self.message.setText(pick(language, pin_error.message_vi, pin_error.message_en))
        (self.password if account else self.server).setFocus()

    def _read_pin(self) -> tuple[Pin | None, ProvisioningError | None]:
        """The laptop's provisioning (a tiny JSON file), or why it cannot be read."""
        try:
            return current_pin(self._controller.paths), None
        except ProvisioningError as exc:
            return None, exc

    # ------------------------------------------------------------------ provisioning

    def on_import_button_clicked(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Chọn tệp cấu hình của phường"),
            str(Path.home()),
            self.tr("Tệp cấu hình (*.json);;Mọi tệp (*)"),
        )
        if chosen:
            self.import_file(Path(chosen))

    def import_file(self, file: Path) -> None:
        """Verify and apply a provisioning file in the pool (the file chooser calls this)."""
        self.message.setText(self.tr("Đang kiểm tra tệp cấu hình…"))
        self._set_provisioning_enabled(False)
        self._controller.provision(file, done=self._on_provisioned, error=self._on_refused)

    def on_qr_button_clicked(self) -> None:
        dialog = ProvisioningLinkDialog(self._controller, self._language, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.use_link(dialog.link_text())

    def use_link(self, text: str) -> None:
        """Download, verify and apply the file a QR code's link names, in the pool."""
        self.message.setText(self.tr("Đang tải và kiểm tra cấu hình của phường…"))
        self._set_provisioning_enabled(False)
        self._controller.provision_link(text, done=self._on_provisioned, error=self._on_refused)

    def _set_provisioning_enabled(self, enabled: bool) -> None:
        self.import_button.setEnabled(enabled)
        self.qr_button.setEnabled(enabled)
        self.buttons.setEnabled(enabled)

    def _on_provisioned(self, outcome: tuple[Verified, Pin | None]) -> None:
        verified, _pin = outcome
        payload = verified.payload
        self._set_provisioning_enabled(True)
        self.import_button.setVisible(False)
        self.qr_button.setVisible(False)
        self.message.setText("")
        self.server.setText(payload.server_url)
        ward = (
            f"{payload.ward_name} ({payload.ward_code})" if payload.ward_name else payload.ward_code
        )
        self.provisioned.setText(
            self.tr(
                "Đã cấu hình máy cho %1: %2 thủ tục, máy chủ %3.\n"
                "Dấu vân tay khoá: %4\n"
                "Hãy so dấu vân tay này với dấu vân tay trên trang cán bộ của máy chủ. Từ nay "
                "máy này chỉ nhận tệp do khoá này ký."
            )
            .replace("%1", ward)
            .replace("%2", str(len(verified.definitions)))
            .replace("%3", payload.server_url)
            .replace("%4", verified.fingerprint)
        )
        self.provisioned.setVisible(True)
        self.username.setFocus()

    def _on_refused(self, exc: BaseException) -> None:
        self._set_provisioning_enabled(True)
        if isinstance(exc, ProvisioningError):
            self.message.setText(pick(self._language, exc.message_vi, exc.message_en))
        else:
            self.message.setText(
                self.tr("Không áp dụng được tệp cấu hình (%1). Máy không bị thay đổi.").replace(
                    "%1", type(exc).__name__
                )
            )

    # ------------------------------------------------------------------ sign-in

    def on_buttons_accepted(self) -> None:
        server = self.server.text().strip()
        user = self.username.text().strip()
        password = self.password.text()
        try:
            server = check_server_address(server)  # nothing is sent to a refused address
        except ServerAddressError as exc:
            self.message.setText(pick(self._language, exc.message_vi, exc.message_en))
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
        elif isinstance(exc, ServerAddressError):
            self.message.setText(pick(self._language, exc.message_vi, exc.message_en))
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
