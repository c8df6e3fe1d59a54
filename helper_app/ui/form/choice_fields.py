"""Choice field widgets: select (combo, editable when ``allow_other``), multiselect, yes/no."""

from __future__ import annotations

from helper_app.forms.model import FieldDef
from helper_app.ui.form.base import FieldWidget, FormContext
from helper_app.ui.qt import QCheckBox, QComboBox, QListWidget, QListWidgetItem, Qt, QWidget
from helper_app.ui.wheel import FocusWheelComboBox

_VALUE_ROLE = Qt.ItemDataRole.UserRole


class SelectField(FieldWidget):
    """One option out of a list; an empty first entry means "not chosen"."""

    typing = False

    def __init__(
        self, field: FieldDef, context: FormContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(field, context, parent)
        self.combo = FocusWheelComboBox(self)
        self.combo.setObjectName(f"input_{field.id}")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.addItem("" if field.allow_other else self.tr("— chọn —"), None)
        for option in field.options or ():
            self.combo.addItem(context.text(option.label_vi, option.label_en), option.value)
        if field.allow_other:
            self.combo.setEditable(True)
            self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            line = self.combo.lineEdit()
            assert line is not None  # editable combos always have one
            line.setPlaceholderText(self.tr("— chọn hoặc gõ —"))
            line.textEdited.connect(self.on_combo_textEdited)
            self.typing = True
        self.combo.activated.connect(self.on_combo_activated)
        self.add_input(self.combo)

    def on_combo_activated(self, _index: int) -> None:
        self.edited.emit()

    def on_combo_textEdited(self, _text: str) -> None:
        self.edited.emit()

    def value(self) -> object:
        index = self.combo.currentIndex()
        if self.field.allow_other:
            text = self.combo.currentText().strip()
            if index >= 0 and self.combo.itemText(index) == self.combo.currentText():
                return self.combo.itemData(index, _VALUE_ROLE)
            return text or None
        return self.combo.itemData(index, _VALUE_ROLE) if index >= 0 else None

    def set_value(self, value: object) -> None:
        index = self.combo.findData(value, _VALUE_ROLE) if value is not None else 0
        if index >= 0:
            self.combo.setCurrentIndex(index)
        elif self.field.allow_other:
            self.combo.setEditText(str(value))
        else:
            # A stored value no longer offered: keep it visible so validation can name it.
            self.combo.addItem(str(value), value)
            self.combo.setCurrentIndex(self.combo.count() - 1)

    def select_value(self, value: object) -> None:
        """Choose the option with this value as the user would (emits ``edited``)."""
        self.set_value(value)
        self.edited.emit()

    def focus_input(self) -> None:
        self.combo.setFocus()

    def set_read_only(self, read_only: bool) -> None:
        self.combo.setEnabled(not read_only)


class MultiSelectField(FieldWidget):
    """Several options, each a checkable line."""

    typing = False

    def __init__(
        self, field: FieldDef, context: FormContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(field, context, parent)
        self.list = QListWidget(self)
        self.list.setObjectName(f"input_{field.id}")
        for option in field.options or ():
            item = QListWidgetItem(context.text(option.label_vi, option.label_en), self.list)
            item.setData(_VALUE_ROLE, option.value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        rows = max(1, min(self.list.count(), 8))
        self.list.setFixedHeight(rows * (self.list.sizeHintForRow(0) + 2) + 6)
        self._loading = False
        self.list.itemChanged.connect(self.on_list_itemChanged)
        self.add_input(self.list)

    def on_list_itemChanged(self, _item: QListWidgetItem) -> None:
        if not self._loading:
            self.edited.emit()

    def value(self) -> object:
        chosen = [
            self.list.item(i).data(_VALUE_ROLE)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]
        return chosen or None

    def set_value(self, value: object) -> None:
        wanted = set(value) if isinstance(value, list) else set()
        self._loading = True
        try:
            for i in range(self.list.count()):
                item = self.list.item(i)
                on = item.data(_VALUE_ROLE) in wanted
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        finally:
            self._loading = False

    def focus_input(self) -> None:
        self.list.setFocus()

    def set_read_only(self, read_only: bool) -> None:
        self.list.setEnabled(not read_only)


class YesNoField(FieldWidget):
    """A yes/no question as a check box carrying the label (checked = yes)."""

    typing = False

    def __init__(
        self, field: FieldDef, context: FormContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(field, context, parent)
        self.title.setVisible(False)
        self.box = QCheckBox(self.label_text(), self)
        self.box.setObjectName(f"input_{field.id}")
        self.box.toggled.connect(self.on_box_toggled)
        self._loading = False
        self.add_input(self.box)

    def _render_title(self) -> None:
        super()._render_title()
        box = getattr(self, "box", None)
        if box is not None:
            box.setText(self.title.text())

    def on_box_toggled(self, _checked: bool) -> None:
        if not self._loading:
            self.edited.emit()

    def value(self) -> object:
        return self.box.isChecked()

    def set_value(self, value: object) -> None:
        self._loading = True
        try:
            self.box.setChecked(value is True)
        finally:
            self._loading = False

    def focus_input(self) -> None:
        self.box.setFocus()

    def set_read_only(self, read_only: bool) -> None:
        self.box.setEnabled(not read_only)
