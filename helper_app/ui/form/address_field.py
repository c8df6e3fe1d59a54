"""The address widget: commune chosen from the unit directory (searchable) plus a detail line.

Post-2025 addresses have two levels (commune/ward and province): the volunteer picks the commune
by typing part of its name, with or without accents ("dai son" finds "Xã Đại Sơn"), and the
province follows from it. Old documents still carry three-level addresses; the "địa chỉ cũ"
toggle switches to free name fields (commune, district, province) stored with ``legacy=True``.
"""

from __future__ import annotations

from helper_app.forms.model import FieldDef
from helper_app.text import fold
from helper_app.ui.form.base import WARNING_STYLE, FieldWidget, FormContext
from helper_app.ui.form.communes import CODE_ROLE, SEARCH_KEY_SEPARATOR, SEARCH_ROLE
from helper_app.ui.qt import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from helper_app.ui.wheel import FocusWheelComboBox


def _code_of_key(key: str) -> str:
    """The commune code at the end of a completer search key (``SEARCH_ROLE``)."""
    return key.rsplit(SEARCH_KEY_SEPARATOR, 1)[-1].strip()


class AddressField(FieldWidget):
    """Commune (searchable combo) + house number/street/hamlet, or a legacy three-level address."""

    typing = True

    def __init__(
        self, field: FieldDef, context: FormContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(field, context, parent)
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.commune = self._commune_combo(box)
        self.no_match = QLabel(box)
        self.no_match.setObjectName(f"noMatch_{field.id}")
        self.no_match.setWordWrap(True)
        self.no_match.setStyleSheet(WARNING_STYLE)
        self.no_match.setVisible(False)
        self.detail = QLineEdit(box)
        self.detail.setObjectName(f"input_{field.id}_detail")
        self.detail.setPlaceholderText(self.tr("Số nhà, đường, thôn/xóm"))
        self.detail.textEdited.connect(self.on_any_textEdited)
        self.legacy = QCheckBox(self.tr("Địa chỉ cũ (3 cấp)"), box)
        self.legacy.setToolTip(
            self.tr("Địa chỉ ghi trên giấy tờ cũ trước 01/07/2025: xã, huyện, tỉnh theo tên.")
        )
        self.legacy.toggled.connect(self.on_legacy_toggled)
        self.legacy_box = QWidget(box)
        form = QFormLayout(self.legacy_box)
        form.setContentsMargins(0, 0, 0, 0)
        self.old_commune = QLineEdit(self.legacy_box)
        self.old_district = QLineEdit(self.legacy_box)
        self.old_province = QLineEdit(self.legacy_box)
        for label, edit in (
            (self.tr("Xã/phường"), self.old_commune),
            (self.tr("Quận/huyện"), self.old_district),
            (self.tr("Tỉnh/thành phố"), self.old_province),
        ):
            edit.textEdited.connect(self.on_any_textEdited)
            form.addRow(label, edit)
        self.legacy_box.setVisible(False)
        layout.addWidget(self.commune)
        layout.addWidget(self.no_match)
        layout.addWidget(self.legacy_box)
        layout.addWidget(self.detail)
        layout.addWidget(self.legacy)
        self._loading = False
        self.add_input(box)

    def _commune_combo(self, parent: QWidget) -> QComboBox:
        combo = FocusWheelComboBox(parent)
        combo.setObjectName(f"input_{self.field.id}_commune")
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._communes = self.context.communes.for_units(self.context.units)
        model = self._communes.model
        combo.setModel(model)
        completer = QCompleter(model, combo)
        completer.setCompletionRole(SEARCH_ROLE)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        combo.setCompleter(completer)
        completer.activated.connect(self.on_completer_activated)  # the text overload
        line = combo.lineEdit()
        assert line is not None  # editable combos always have one
        line.setPlaceholderText(self.tr("Gõ tên xã/phường để tìm (có dấu hoặc không)"))
        combo.currentIndexChanged.connect(self.on_commune_currentIndexChanged)
        line.textEdited.connect(self.on_any_textEdited)
        line.textChanged.connect(self.on_commune_textChanged)
        return combo

    def on_commune_textChanged(self, _text: str) -> None:
        """Say at once when what is typed names no commune of the directory (it would be
        stored as free text, and finalize would refuse it)."""
        text = self.commune.currentText().strip()
        code = self._commune_code() if text else None
        unknown = bool(text) and (code is None or self.context.units.commune(code) is None)
        if unknown:
            self.no_match.setText(
                self.tr(
                    "Không tìm thấy xã/phường “%1” trong danh mục; hãy chọn trong danh sách gợi ý."
                ).replace("%1", text)
            )
        self.no_match.setVisible(unknown)

    def on_completer_activated(self, key: str) -> None:
        """A commune picked from the popup: the completer writes its search key ("name | folded
        name | code") into the line; select the commune, which shows its name instead. Done
        once the completer has finished writing (the next turn of the event loop)."""
        index = self.commune.findData(_code_of_key(key), CODE_ROLE)
        if index > 0:
            QTimer.singleShot(0, self, lambda: self._select_commune(index))

    def _select_commune(self, index: int) -> None:
        self.commune.setCurrentIndex(index)
        self.commune.setEditText(self.commune.itemText(index))
        if not self._loading:
            self.edited.emit()

    def on_commune_currentIndexChanged(self, _index: int) -> None:
        if not self._loading:
            self.edited.emit()

    def on_any_textEdited(self, _text: str) -> None:
        if not self._loading:
            self.edited.emit()

    def on_legacy_toggled(self, on: bool) -> None:
        self.commune.setVisible(not on)
        self.legacy_box.setVisible(on)
        if not self._loading:
            self.edited.emit()

    def _commune_code(self) -> str | None:
        text = self.commune.currentText().strip()
        if SEARCH_KEY_SEPARATOR in text:  # a search key left in the line: it names its code
            text = _code_of_key(text)
        index = self.commune.findText(text, Qt.MatchFlag.MatchExactly) if text else 0
        if index > 0:
            code = self.commune.itemData(index, CODE_ROLE)
            return str(code) if code else None
        if text.isdigit():
            return text
        return self._communes.code_by_folded_name.get(fold(text), text or None)

    def value(self) -> object:
        detail = self.detail.text()
        if self.legacy.isChecked():
            value: dict[str, object] = {
                "detail": detail,
                "commune_name": self.old_commune.text() or None,
                "district_name": self.old_district.text() or None,
                "province_name": self.old_province.text() or None,
                "legacy": True,
            }
        else:
            code = self._commune_code()
            commune = self.context.units.commune(code) if code else None
            value = {
                "detail": detail,
                "commune_code": code,
                "province_code": commune.province_code if commune else None,
            }
        compact = {k: v for k, v in value.items() if v not in (None, "")}
        return compact if any(k != "legacy" for k in compact) else None

    def set_value(self, value: object) -> None:
        data = value if isinstance(value, dict) else {}
        self._loading = True
        try:
            legacy = bool(data.get("legacy"))
            self.legacy.setChecked(legacy)
            self.commune.setVisible(not legacy)
            self.legacy_box.setVisible(legacy)
            self.detail.setText(str(data.get("detail") or ""))
            self.old_commune.setText(str(data.get("commune_name") or ""))
            self.old_district.setText(str(data.get("district_name") or ""))
            self.old_province.setText(str(data.get("province_name") or ""))
            code = data.get("commune_code")
            index = self.commune.findData(code, CODE_ROLE) if code else 0
            if index >= 0:
                self.commune.setCurrentIndex(index)
            else:
                self.commune.setEditText(str(code))
        finally:
            self._loading = False

    def choose_commune(self, code: str) -> None:
        """Pick a commune by code as the user would (tests, screenshots)."""
        self.commune.setCurrentIndex(self.commune.findData(code, CODE_ROLE))

    def focus_input(self) -> None:
        (self.old_commune if self.legacy.isChecked() else self.commune).setFocus()

    def set_read_only(self, read_only: bool) -> None:
        for w in (self.commune, self.legacy):
            w.setEnabled(not read_only)
        for e in (self.detail, self.old_commune, self.old_district, self.old_province):
            e.setReadOnly(read_only)
