"""The person widget: pick a resident from the directory; the editor prefills mapped fields.

The value is the resident's id. Choosing a resident emits ``resident_picked`` with the
:class:`~helper_app.residents.ResidentView`; the editor then copies the attributes the field's
``prefill`` map names into the other fields (:func:`helper_app.residents.prefill_for`).
"""

from __future__ import annotations

from helper_app.forms.model import FieldDef
from helper_app.residents import ResidentView
from helper_app.ui.form.base import FieldWidget, FormContext
from helper_app.ui.qt import QHBoxLayout, QLabel, QPushButton, QWidget, Signal


class PersonField(FieldWidget):
    """A chosen resident (name shown) with "choose" and "clear" buttons.

    Signals:
        resident_picked(object): the volunteer chose this :class:`ResidentView`.
    """

    resident_picked = Signal(object)
    typing = False

    def __init__(
        self, field: FieldDef, context: FormContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(field, context, parent)
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.chosen = QLabel(self.tr("(chưa chọn cư dân)"), row)
        self.choose = QPushButton(self.tr("Chọn cư dân…"), row)
        self.choose.setObjectName(f"input_{field.id}")
        self.clear = QPushButton(self.tr("Bỏ chọn"), row)
        self.choose.clicked.connect(self.on_choose_clicked)
        self.clear.clicked.connect(self.on_clear_clicked)
        layout.addWidget(self.chosen, 1)
        layout.addWidget(self.choose)
        layout.addWidget(self.clear)
        self._resident_id: str | None = None
        self.clear.setEnabled(False)
        self.add_input(row)

    def on_choose_clicked(self) -> None:
        if self.context.pick_resident is not None:
            self.context.pick_resident(self, self._on_resident_chosen)

    def _on_resident_chosen(self, resident: ResidentView | None) -> None:
        if resident is not None:
            self.apply_resident(resident)

    def apply_resident(self, resident: ResidentView) -> None:
        """Take ``resident`` as the choice (and ask the editor to prefill)."""
        self._resident_id = resident.id
        self._show_name(resident.full_name)
        self.edited.emit()
        self.resident_picked.emit(resident)

    def on_clear_clicked(self) -> None:
        self._resident_id = None
        self.chosen.setText(self.tr("(chưa chọn cư dân)"))
        self.clear.setEnabled(False)
        self.edited.emit()

    def _show_name(self, name: str | None) -> None:
        self.chosen.setText(name or self.tr("(cư dân không còn trong danh bạ)"))
        self.clear.setEnabled(self._resident_id is not None and self.choose.isEnabled())

    def value(self) -> object:
        return self._resident_id

    def set_value(self, value: object) -> None:
        self._resident_id = str(value) if value else None
        if self._resident_id is None:
            self.chosen.setText(self.tr("(chưa chọn cư dân)"))
            self.clear.setEnabled(False)
            return
        self.chosen.setText("…")
        if self.context.lookup_resident is not None:
            wanted = self._resident_id

            def show(resident: ResidentView | None) -> None:
                if self._resident_id == wanted:
                    self._show_name(resident.full_name if resident else None)

            self.context.lookup_resident(wanted, show)

    def focus_input(self) -> None:
        self.choose.setFocus()

    def set_read_only(self, read_only: bool) -> None:
        self.choose.setEnabled(not read_only)
        self.clear.setEnabled(not read_only and self._resident_id is not None)
