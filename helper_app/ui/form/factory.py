"""The one place that decides which widget edits which field type."""

from __future__ import annotations

from helper_app.forms.model import FieldDef, FieldType
from helper_app.ui.form.address_field import AddressField
from helper_app.ui.form.base import FieldWidget, FormContext
from helper_app.ui.form.choice_fields import MultiSelectField, SelectField, YesNoField
from helper_app.ui.form.person_field import PersonField
from helper_app.ui.form.repeat_field import RepeatField
from helper_app.ui.form.text_fields import DateField, IntegerField, LineField, MultilineField
from helper_app.ui.qt import QWidget

_SIMPLE: dict[FieldType, type[FieldWidget]] = {
    FieldType.TEXT: LineField,
    FieldType.PERSONAL_ID: LineField,
    FieldType.PHONE: LineField,
    FieldType.EMAIL: LineField,
    FieldType.TIME: LineField,
    FieldType.MULTILINE: MultilineField,
    FieldType.INTEGER: IntegerField,
    FieldType.DATE: DateField,
    FieldType.SELECT: SelectField,
    FieldType.MULTISELECT: MultiSelectField,
    FieldType.YESNO: YesNoField,
    FieldType.ADDRESS: AddressField,
    FieldType.PERSON: PersonField,
}


def create_field_widget(field: FieldDef, context: FormContext, parent: QWidget) -> FieldWidget:
    """The widget for ``field`` (a repeat builds its rows with this same function)."""
    if field.type is FieldType.REPEAT:
        return RepeatField(field, context, parent, factory=create_field_widget)
    return _SIMPLE[field.type](field, context, parent)
