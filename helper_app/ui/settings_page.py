"""The Settings screen: interface language, photo size limit, where the data is (read-only)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from helper_app.ui.qt import (
    QComboBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from helper_app.ui.settings import IMAGE_MAX_SIDE_RANGE, UiSettings, save_settings


class SettingsPage(QWidget):
    """Change and save the UI settings (the language applies at the next start).

    Signals:
        saved(object): the :class:`UiSettings` just written.
    """

    saved = Signal(object)

    def __init__(
        self,
        settings: UiSettings,
        settings_file: Path,
        data_dir: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._file = settings_file
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.language = QComboBox(self)
        self.language.setObjectName("language")
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(self.language.findData(settings.language), 0))
        self.language.setMaximumWidth(260)
        form.addRow(self.tr("Ngôn ngữ giao diện"), self.language)
        self.image_size = QSpinBox(self)
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

    def on_save_button_clicked(self) -> None:
        chosen = replace(
            self._settings,
            language=str(self.language.currentData()),
            image_max_side=self.image_size.value(),
        )
        save_settings(self._file, chosen)
        self._settings = chosen
        self.result.setText(self.tr("Đã lưu."))
        self.saved.emit(chosen)
