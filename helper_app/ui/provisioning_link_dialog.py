"""Take the ward's provisioning QR code: a photo or screenshot of it, or its text pasted.

The officer console's "set up laptops" page shows the code. A volunteer photographs it (or an
admin saves the page's image) and picks the picture here; the code is decoded in the pool
(:meth:`SyncController.read_qr_image`). Its text can also be pasted, e.g. from a phone's
scanner. The dialog only checks that the text is a provisioning link
(:func:`helper_app.provisioning.link.parse_link`); the sign-in dialog then downloads and applies
the file, so every refusal of the file itself is shown there.
"""

from __future__ import annotations

from pathlib import Path

from helper_app.provisioning.format import ProvisioningError
from helper_app.provisioning.link import SCHEME, parse_link
from helper_app.ui.i18n import pick
from helper_app.ui.qr_image import QrImageError
from helper_app.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from helper_app.ui.sync_controller import SyncController


class ProvisioningLinkDialog(QDialog):
    """Ask for the console's QR code.

    Attributes:
        text: the code's text (filled from a picture, or pasted).
        image_button: "pick a photo of the QR code".
        message: why the picture or the text cannot be used.
        buttons: Apply / Cancel.
    """

    def __init__(
        self, controller: SyncController, language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._language = language
        self.setWindowTitle(self.tr("Mã QR cấu hình của phường"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Trên trang cán bộ (mục “Cấu hình máy”), quản trị viên tạo một mã QR. Chụp ảnh "
                "mã rồi chọn ảnh ở đây, hoặc dán nội dung của mã. Máy cần có mạng để tải cấu hình."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.image_button = QPushButton(self.tr("Chọn ảnh chụp mã QR…"), self)
        self.image_button.setObjectName("qrImage")
        self.image_button.clicked.connect(self.on_image_button_clicked)
        layout.addWidget(self.image_button)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("linkText")
        self.text.setPlaceholderText(f"{SCHEME}?url=…&sha256=…&fp=…")
        self.text.setMaximumHeight(90)
        layout.addWidget(self.text)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Áp dụng"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Huỷ"))
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def link_text(self) -> str:
        """The code's text, as typed, pasted or decoded."""
        return self.text.toPlainText().strip()

    def on_image_button_clicked(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Chọn ảnh chụp mã QR"),
            str(Path.home()),
            self.tr("Ảnh (*.png *.jpg *.jpeg *.bmp *.gif *.webp);;Mọi tệp (*)"),
        )
        if chosen:
            self.read_image(Path(chosen))

    def read_image(self, file: Path) -> None:
        """Decode the picture in the pool; the text box is filled when a code is found."""
        self.message.setText(self.tr("Đang đọc mã QR trong ảnh…"))
        self.image_button.setEnabled(False)
        self._controller.read_qr_image(file, done=self._on_decoded, error=self._on_not_decoded)

    def _on_decoded(self, texts: list[str]) -> None:
        self.image_button.setEnabled(True)
        ours = [t for t in texts if t.startswith(SCHEME)]
        if not ours:
            self.message.setText(self.tr("Mã QR trong ảnh không phải mã cấu hình của Helper."))
            return
        self.text.setPlainText(ours[0])
        self.message.setText("")

    def _on_not_decoded(self, exc: BaseException) -> None:
        self.image_button.setEnabled(True)
        if isinstance(exc, QrImageError) and exc.key == "none":
            self.message.setText(
                self.tr(
                    "Không tìm thấy mã QR trong ảnh. Hãy chụp lại gần hơn, đủ sáng, cả mã nằm "
                    "trong khung."
                )
            )
        else:
            self.message.setText(self.tr("Không mở được tệp ảnh này."))

    def on_buttons_accepted(self) -> None:
        try:
            parse_link(self.link_text())
        except ProvisioningError as exc:
            self.message.setText(pick(self._language, exc.message_vi, exc.message_en))
            return
        self.accept()
