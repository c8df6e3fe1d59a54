"""Canonical stored values from what a person typed (the ``normalize`` half of the forms API).

Normalizing is forgiving and never fails: each value is cleaned the way its field type says
(names NFC, trimmed and collapsed, upper-cased where the form wants capitals; ID numbers without
separators; phones as ``0xxxxxxxxx``; dates to ISO; integers from digit strings). A value that
cannot be parsed is left exactly as it was, so :func:`helper_app.forms.validate.validate` reports
it with the right message instead of it silently disappearing. Unknown keys are kept.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping

from helper_app.forms import validators as v
from helper_app.forms.model import FieldDef, FieldType, ProcedureDefinition


def _try(parse: Callable[[str], object], value: str) -> object:
    try:
        return parse(value)
    except v.ValidationError:
        return value


def _nfc_strip(value: object) -> object:
    return unicodedata.normalize("NFC", value).strip() if isinstance(value, str) else value


def _normalize_str(field: FieldDef, value: str) -> object:  # noqa: C901 - one branch per type
    t = field.type
    if t is FieldType.PERSONAL_ID:
        digits = v._PID_STRIP.sub("", value)
        return digits if digits.isascii() and digits.isdigit() else value.strip()
    if t is FieldType.PHONE:
        cleaned = v.clean_phone(value)
        return cleaned if cleaned.isascii() and cleaned.isdigit() else value.strip()
    if t is FieldType.DATE:
        return _try(lambda s: v.parse_date(s, allow_partial=field.allow_partial), value)
    if t is FieldType.INTEGER:
        return _try(v.parse_integer, value)
    if t is FieldType.EMAIL:
        return _try(v.parse_email, value.strip())
    if t is FieldType.TIME:
        return _try(v.parse_time, value)
    if t is FieldType.TEXT:
        if field.person_name or field.case == "upper":
            return v.clean_name(value, upper=field.case == "upper")
        return v.clean_text(value)
    if t is FieldType.MULTILINE:
        return v.clean_text(value, single_line=False)
    if t is FieldType.YESNO:
        lowered = value.strip().lower()
        return {"true": True, "false": False}.get(lowered, value)
    return _nfc_strip(value)


def normalize_value(field: FieldDef, value: object) -> object:
    """The canonical form of one field's value (unchanged when it cannot be parsed)."""
    if isinstance(value, str):
        return _normalize_str(field, value)
    if field.type is FieldType.MULTISELECT and isinstance(value, list):
        return [_nfc_strip(x) for x in value]
    if field.type is FieldType.ADDRESS and isinstance(value, dict):
        return {k: _nfc_strip(x) for k, x in value.items()}
    if field.type is FieldType.REPEAT and isinstance(value, list):
        subs = {s.id: s for s in field.fields or ()}
        return [
            {k: normalize_value(subs[k], x) if k in subs else x for k, x in item.items()}
            if isinstance(item, dict)
            else item
            for item in value
        ]
    return value


def normalize(definition: ProcedureDefinition, data: Mapping[str, object]) -> dict[str, object]:
    """Canonical form of a dossier's data (see the module docstring); returns a new dict."""
    fields = {f.id: f for f in definition.iter_fields()}
    return {k: normalize_value(fields[k], x) if k in fields else x for k, x in data.items()}
