"""The repeat widget: a list of items, each a row of sub-field widgets, with add/remove.

Sub-field paths are ``<id>[<index>].<sub_id>`` (0-based, as :mod:`helper_app.forms.validate`
reports them); rows are renumbered when one is removed so problems land on the right row.
"""

from __future__ import annotations

from collections.abc import Callable

from helper_app.forms import Problem
from helper_app.forms.model import FieldDef
from helper_app.ui.form.base import FieldWidget, FormContext
from helper_app.ui.qt import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

WidgetFactory = Callable[[FieldDef, FormContext, QWidget], FieldWidget]


class RepeatRow(QFrame):
    """One item: its sub-field widgets and a remove button."""

    def __init__(
        self, field: FieldDef, context: FormContext, factory: WidgetFactory, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel(self)
        self.remove = QPushButton(self.tr("Xoá dòng này"), self)
        layout = QGridLayout(self)
        layout.addWidget(self.heading, 0, 0)
        layout.addWidget(self.remove, 0, 1)
        self.widgets: dict[str, FieldWidget] = {}
        for i, sub in enumerate(field.fields or ()):
            widget = factory(sub, context, self)
            self.widgets[sub.id] = widget
            layout.addWidget(widget, 1 + i // 2, i % 2)


class RepeatField(FieldWidget):
    """A growing list of items (members, periods, benefits)."""

    typing = True

    def __init__(
        self,
        field: FieldDef,
        context: FormContext,
        parent: QWidget | None = None,
        *,
        factory: WidgetFactory,
    ) -> None:
        super().__init__(field, context, parent)
        self._factory = factory
        box = QWidget(self)
        self._rows_layout = QVBoxLayout(box)
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows: list[RepeatRow] = []
        self.add = QPushButton(self.tr("Thêm dòng"), box)
        self.add.setObjectName(f"input_{field.id}")
        self.add.clicked.connect(self.on_add_clicked)
        self._rows_layout.addWidget(self.add)
        self._read_only = False
        self.add_input(box)

    def on_add_clicked(self) -> None:
        self.add_row()
        self.edited.emit()

    def add_row(self) -> RepeatRow:
        """Append an empty item row."""
        row = RepeatRow(self.field, self.context, self._factory, self)
        for widget in row.widgets.values():
            widget.edited.connect(self.edited)
            widget.set_read_only(self._read_only)
        row.remove.clicked.connect(lambda: self._remove_row(row))
        row.remove.setEnabled(not self._read_only)
        self._rows_layout.insertWidget(len(self.rows), row)
        self.rows.append(row)
        self._renumber()
        if self.field.max_items is not None:
            self.add.setEnabled(len(self.rows) < self.field.max_items and not self._read_only)
        return row

    def _remove_row(self, row: RepeatRow) -> None:
        self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self._renumber()
        self.add.setEnabled(not self._read_only)
        self.edited.emit()

    def _renumber(self) -> None:
        for i, row in enumerate(self.rows):
            row.heading.setText(self.tr("Dòng %1").replace("%1", str(i + 1)))
            for sub_id, widget in row.widgets.items():
                widget.set_path(f"{self.field.id}[{i}].{sub_id}")

    def value(self) -> object:
        items = []
        for row in self.rows:
            item = {k: w.value() for k, w in row.widgets.items()}
            items.append({k: v for k, v in item.items() if v is not None})
        return items or None

    def set_value(self, value: object) -> None:
        for row in list(self.rows):
            row.setParent(None)
            row.deleteLater()
        self.rows.clear()
        for item in value if isinstance(value, list) else []:
            row = self.add_row()
            if isinstance(item, dict):
                for key, widget in row.widgets.items():
                    widget.set_value(item.get(key))

    def sub_widget(self, path: str) -> FieldWidget | None:
        for row in self.rows:
            for widget in row.widgets.values():
                if widget.path == path:
                    return widget
        return None

    def show_problems(self, problems: list[Problem]) -> None:
        super().show_problems([p for p in problems if p.path == self.path])

    def set_relevant_paths(self, paths: set[str]) -> None:
        for row in self.rows:
            for widget in row.widgets.values():
                widget.setVisible(widget.path in paths)

    def focus_input(self) -> None:
        self.add.setFocus()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.add.setEnabled(not read_only)
        for row in self.rows:
            row.remove.setEnabled(not read_only)
            for widget in row.widgets.values():
                widget.set_read_only(read_only)
