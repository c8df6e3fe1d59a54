"""Text-box field widgets: text, multiline, integer, date (with calendar), time, ID, phone, email.

They store what was typed (trimmed of nothing: ``normalize`` does the cleaning) so a volunteer's
spelling is never rewritten under their fingers; canonical values (ISO dates, integers) coming
back from the store are shown in the display form of their kind (``dd/mm/yyyy``).
"""

from __future__ import annotations

import logging

from helper_app.forms.fieldtypes import kind_for
from helper_app.forms.model import FieldDef, FieldType
from helper_app.forms.validators import ValidationError
from helper_app.ui.form.base import FieldWidget, FormContext
from helper_app.ui.qt import (
    QCalendarWidget,
    QDate,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QRegularExpression,
    QRegularExpressionValidator,
    QToolButton,
    QWidget,
    QWidgetAction,
)

log = logging.getLogger(__name__)


def display_text(field: FieldDef, value: object, context: FormContext) -> str:
    """The text a box shows for a stored value (canonical values in their display form)."""
    if value is None:
        return ""
    kind = kind_for(field, today=context.today)
    if kind is not None and kind.accepts_type(value):
        try:
            if not kind.validate(value):
                return kind.to_str(value)  # type: ignore[arg-type]
        except (ValidationError, ValueError, TypeError):
            pass
    return str(value)


class LineField(FieldWidget):
    """A one-line text box (text, personal ID, phone, email, time)."""

    def __init__(
        self, field: FieldDef, context: FormContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(field, context, parent)
        self.line = QLineEdit(self)
        self.line.setObjectName(f"input_{field.id}")
        if field.placeholder:
            self.line.setPlaceholderText(field.placeholder)
        else:
            self.line.setPlaceholderText(self.default_placeholder())
        if field.text_limit:
            self.line.setMaxLength(max(field.text_limit * 2, 50))
        self.line.textEdited.connect(self.on_line_textEdited)
        self.add_input(self.input_widget())

    def input_widget(self) -> QWidget:
        """What goes under the title (the line edit, or a row holding it)."""
        return self.line

    def default_placeholder(self) -> str:
        """A hint of the expected shape, by type."""
        hints = {
            FieldType.PERSONAL_ID: self.tr("12 chữ số"),
            FieldType.PHONE: self.tr("Ví dụ 0912345678"),
            FieldType.EMAIL: self.tr("ten@example.com"),
            FieldType.TIME: self.tr("giờ:phút, ví dụ 07:30"),
        }
        return hints.get(self.field.type, "")

    def on_line_textEdited(self, _text: str) -> None:
        self.edited.emit()

    def value(self) -> object:
        text = self.line.text()
        return text if text.strip() else None

    def set_value(self, value: object) -> None:
        self.line.setText(display_text(self.field, value, self.context))

    def focus_input(self) -> None:
        self.line.setFocus()

    def set_read_only(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)


class IntegerField(LineField):
    """Whole numbers: digits only, stored as int when they parse."""

    def __init__(
        self, field: FieldDef, context: FormContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(field, context, parent)
        self.line.setValidator(QRegularExpressionValidator(QRegularExpression(r"-?\d{0,9}"), self))
        self.line.setMaximumWidth(160)

    def value(self) -> object:
        text = self.line.text().strip()
        if not text or text == "-":
            return None
        try:
            return int(text)
        except ValueError:
            return text


class DateField(LineField):
    """A date typed as dd/mm/yyyy (partial where allowed), with a calendar to pick from."""

    def input_widget(self) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.line.setMaximumWidth(220)
        layout.addWidget(self.line)
        self.calendar_button = QToolButton(row)
        self.calendar_button.setText(self.tr("Lịch…"))
        self.calendar_button.setToolTip(self.tr("Chọn ngày trên lịch"))
        self.calendar_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.calendar_button)
        self.calendar = QCalendarWidget(menu)
        self.calendar.setGridVisible(True)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        self.calendar.clicked.connect(self.on_calendar_clicked)
        self.calendar_button.setMenu(menu)
        layout.addWidget(self.calendar_button)
        layout.addStretch(1)
        return row

    def default_placeholder(self) -> str:
        if self.field.allow_partial:
            return self.tr("dd/mm/yyyy, mm/yyyy hoặc yyyy")
        return self.tr("dd/mm/yyyy")

    def on_calendar_clicked(self, date: QDate) -> None:
        self.line.setText(date.toString("dd/MM/yyyy"))
        self.calendar_button.menu().hide()
        self.edited.emit()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.calendar_button.setEnabled(not read_only)


class MultilineField(FieldWidget):
    """Several lines of free text."""

    def __init__(
        self, field: FieldDef, context: FormContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(field, context, parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName(f"input_{field.id}")
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(90)
        self.edit.textChanged.connect(self.on_edit_textChanged)
        self._loading = False
        self.add_input(self.edit)

    def on_edit_textChanged(self) -> None:
        if not self._loading:
            self.edited.emit()

    def value(self) -> object:
        text = self.edit.toPlainText()
        return text if text.strip() else None

    def set_value(self, value: object) -> None:
        self._loading = True
        try:
            self.edit.setPlainText("" if value is None else str(value))
        finally:
            self._loading = False

    def focus_input(self) -> None:
        self.edit.setFocus()

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
