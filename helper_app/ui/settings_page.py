"""The Settings screen: the server account (sign in / sign out), interface language, photo size
limit, where the data is (read-only), and the data-protection boxes (app lock, key mode,
retention: :mod:`helper_app.ui.security_settings`), whose numbers are saved with the rest."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from helper_app.ui.qt import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from helper_app.ui.security_settings import RetentionBox, SecurityBox
from helper_app.ui.settings import IMAGE_MAX_SIDE_RANGE, UiSettings, save_settings
from helper_app.ui.wheel import FocusWheelComboBox, FocusWheelSpinBox


class SettingsPage(QWidget):
    """Change and save the UI settings (the language applies at the next start).

    Signals:
        saved(object): the :class:`UiSettings` just written.
        sign_in_requested(): "Đăng nhập…" was pressed.
        sign_out_requested(): "Đăng xuất" was pressed.
    """

    saved = Signal(object)
    sign_in_requested = Signal()
    sign_out_requested = Signal()
    change_password_requested = Signal()

    def __init__(
        self,
        settings: UiSettings,
        settings_file: Path,
        data_dir: Path,
        parent: QWidget | None = None,
        *,
        security: SecurityBox | None = None,
        retention: RetentionBox | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._file = settings_file
        self.security = security
        self.retention = retention
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(scroll)
        content = QWidget(scroll)
        scroll.setWidget(content)
        layout = QVBoxLayout(content)
        layout.addWidget(self._account_box())
        form = QFormLayout()
        self.language = FocusWheelComboBox(self)
        self.language.setObjectName("language")
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(self.language.findData(settings.language), 0))
        self.language.setMaximumWidth(260)
        form.addRow(self.tr("Ngôn ngữ giao diện"), self.language)
        self.image_size = FocusWheelSpinBox(self)
        self.image_size.setObjectName("imageMaxSide")
        self.image_size.setRange(*IMAGE_MAX_SIDE_RANGE)
        self.image_size.setSingleStep(100)
        self.image_size.setSuffix(self.tr(" điểm ảnh"))
        self.image_size.setValue(settings.image_max_side)
        self.image_size.setMaximumWidth(260)
        form.addRow(self.tr("Thu nhỏ ảnh chụp còn cạnh dài tối đa"), self.image_size)
        data = QLabel(str(data_dir), self)
        data.setObjectName("dataDir")
        data.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Thư mục dữ liệu"), data)
        layout.addLayout(form)
        for box in (security, retention):
            if box is not None:
                box.setParent(content)
                layout.addWidget(box)
        self.note = QLabel(self.tr("Ngôn ngữ mới được áp dụng khi mở lại ứng dụng."), self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.save_button = QPushButton(self.tr("Lưu cài đặt"), self)
        self.save_button.setObjectName("saveSettings")
        self.save_button.clicked.connect(self.on_save_button_clicked)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.result = QLabel(self)
        layout.addWidget(self.result)
        layout.addStretch(1)

    def _account_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Tài khoản máy chủ"), self)
        inner = QVBoxLayout(box)
        self.account = QLabel(box)
        self.account.setObjectName("account")
        self.account.setWordWrap(True)
        inner.addWidget(self.account)
        buttons = QHBoxLayout()
        self.sign_in_button = QPushButton(self.tr("Đăng nhập…"), box)
        self.sign_in_button.setObjectName("signIn")
        self.sign_in_button.clicked.connect(self.sign_in_requested)
        self.sign_out_button = QPushButton(self.tr("Đăng xuất"), box)
        self.sign_out_button.setObjectName("signOut")
        self.sign_out_button.setToolTip(
            self.tr("Xoá phiên đăng nhập khỏi máy này. Hàng đợi vẫn được giữ.")
        )
        self.sign_out_button.clicked.connect(self.sign_out_requested)
        self.change_password_button = QPushButton(self.tr("Đổi mật khẩu…"), box)
        self.change_password_button.setObjectName("changePassword")
        self.change_password_button.clicked.connect(self.change_password_requested)
        buttons.addWidget(self.sign_in_button)
        buttons.addWidget(self.change_password_button)
        buttons.addWidget(self.sign_out_button)
        buttons.addStretch(1)
        inner.addLayout(buttons)
        self.show_account(None, False)
        return box

    def show_account(self, account: dict[str, str] | None, signed_in: bool) -> None:
        """Say who is signed in where (or that nobody is)."""
        if account and signed_in:
            text = self.tr("Đã đăng nhập: %1 tại %2")
        elif account:
            text = self.tr("Đã đăng xuất (lần trước: %1 tại %2). Hàng đợi vẫn được giữ.")
        else:
            text = self.tr("Chưa đăng nhập máy chủ nào.")
        if account:
            text = text.replace("%1", account["username"]).replace("%2", account["server_url"])
        self.account.setText(text)
        self.sign_out_button.setVisible(signed_in)
        self.change_password_button.setVisible(signed_in)
        self.sign_in_button.setText(
            self.tr("Đăng nhập lại…") if account and not signed_in else self.tr("Đăng nhập…")
        )
        self.sign_in_button.setVisible(not signed_in)

    def on_save_button_clicked(self) -> None:
        chosen = replace(
            self._settings,
            language=str(self.language.currentData()),
            image_max_side=self.image_size.value(),
        )
        if self.security is not None:
            chosen = replace(chosen, idle_lock_minutes=self.security.idle.value())
        if self.retention is not None:
            chosen = replace(chosen, retention_days=self.retention.days.value())
        save_settings(self._file, chosen)
        self._settings = chosen
        self.result.setText(self.tr("Đã lưu."))
        self.saved.emit(chosen)
