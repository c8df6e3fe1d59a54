"""Typed value kinds with ``from_str`` / ``to_str`` / ``validate`` (STYLE.md item 15).

A :class:`ValueKind` is what the editor needs for one text box: ``from_str`` turns what a person
typed into the stored value or raises :class:`ValidationError`; ``to_str`` shows a stored value
the way a person writes it (dates as dd/mm/yyyy); ``validate`` lists every problem of a stored
value, warnings included. The contract, held by hypothesis tests: for ANY string ``s``, either
``from_str(s)`` raises ``ValidationError`` or ``from_str(to_str(from_str(s))) == from_str(s)``.
Kinds are built from a :class:`~helper_app.forms.model.FieldDef` by :func:`kind_for`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Generic, TypeVar

from helper_app.forms import validators as v
from helper_app.forms.model import FieldDef, FieldType
from helper_app.forms.problems import Problem
from helper_app.forms.validators import ValidationError

T = TypeVar("T")


def type_problem(path: str, expected_vi: str, expected_en: str) -> Problem:
    """A value of the wrong JSON type (a list where text is expected, ...)."""
    return v.problem(
        path,
        "type",
        v.ERROR,
        f"Kiểu giá trị không đúng: cần {expected_vi}.",
        f"Wrong kind of value: expected {expected_en}.",
    )


class ValueKind(Generic[T]):
    """Base class: one kind of value typed into one text box."""

    expected_vi = "chuỗi ký tự"
    expected_en = "text"

    def from_str(self, raw: str) -> T:
        """Parse typed text into the stored value (raises :class:`ValidationError`)."""
        raise NotImplementedError

    def to_str(self, value: T) -> str:
        """The stored value as a person would type it."""
        return str(value)

    def check(self, value: T, path: str) -> list[Problem]:
        """Problems of a value already known to have the right Python type."""
        raise NotImplementedError

    def accepts_type(self, value: object) -> bool:
        """True when ``value`` has the stored Python type of this kind."""
        return isinstance(value, str)

    def validate(self, value: object, path: str = "") -> list[Problem]:
        """Every problem of a stored value (a wrong type is a ``type`` error, never a crash)."""
        if not self.accepts_type(value):
            return [type_problem(path, self.expected_vi, self.expected_en)]
        return self.check(value, path)  # type: ignore[arg-type]


@dataclass(frozen=True)
class PersonalIdKind(ValueKind[str]):
    """12-digit personal ID number (9-digit CMND where allowed); stored as a string."""

    today: dt.date
    allow_legacy_cmnd: bool = False

    def from_str(self, raw: str) -> str:
        value = v.parse_personal_id(raw, allow_legacy_cmnd=self.allow_legacy_cmnd)
        for p in v.check_personal_id(
            value, "", today=self.today, allow_legacy_cmnd=self.allow_legacy_cmnd
        ):
            if p.is_error:
                raise ValidationError(p.code, p.message_vi, p.message_en)
        return value

    def check(self, value: str, path: str) -> list[Problem]:
        return v.check_personal_id(
            value, path, today=self.today, allow_legacy_cmnd=self.allow_legacy_cmnd
        )


@dataclass(frozen=True)
class PhoneKind(ValueKind[str]):
    """Vietnamese phone number, stored as ``0xxxxxxxxx`` (or an 11-digit landline)."""

    mobile_only: bool = False

    def from_str(self, raw: str) -> str:
        return v.parse_phone(raw, mobile_only=self.mobile_only)

    def check(self, value: str, path: str) -> list[Problem]:
        return v.check_phone(value, path, mobile_only=self.mobile_only)


@dataclass(frozen=True)
class DateKind(ValueKind[str]):
    """Calendar date stored as ISO text, shown as dd/mm/yyyy."""

    today: dt.date
    allow_partial: bool = False
    not_future: bool = False

    expected_vi = "ngày dạng năm-tháng-ngày"
    expected_en = "a date (yyyy-mm-dd)"

    def from_str(self, raw: str) -> str:
        value = v.parse_date(raw, allow_partial=self.allow_partial)
        for p in self.check(value, ""):
            raise ValidationError(p.code, p.message_vi, p.message_en)
        return value

    def to_str(self, value: str) -> str:
        return v.format_date(value)

    def check(self, value: str, path: str) -> list[Problem]:
        return v.check_date(
            value,
            path,
            today=self.today,
            allow_partial=self.allow_partial,
            not_future=self.not_future,
        )


@dataclass(frozen=True)
class IntegerKind(ValueKind[int]):
    """Whole number with optional bounds."""

    lo: int | None = None
    hi: int | None = None

    expected_vi = "số nguyên"
    expected_en = "a whole number"

    def accepts_type(self, value: object) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    def from_str(self, raw: str) -> int:
        value = v.parse_integer(raw)
        for p in self.check(value, ""):
            raise ValidationError(p.code, p.message_vi, p.message_en)
        return value

    def check(self, value: int, path: str) -> list[Problem]:
        return v.check_integer(value, path, lo=self.lo, hi=self.hi)


@dataclass(frozen=True)
class EmailKind(ValueKind[str]):
    """E-mail address (a simple shape check; no deliverability test offline)."""

    def from_str(self, raw: str) -> str:
        return v.parse_email(raw)

    def check(self, value: str, path: str) -> list[Problem]:
        try:
            canonical = v.parse_email(value)
        except ValidationError as err:
            return [err.problem(path)]
        if canonical != value:
            return [err_not_normalized(path)]
        return []


def err_not_normalized(path: str) -> Problem:
    """A stored value that normalize() would have changed."""
    return v.problem(
        path,
        "not_normalized",
        v.ERROR,
        "Giá trị chưa ở dạng chuẩn.",
        "The value is not in canonical form.",
    )


@dataclass(frozen=True)
class TextKind(ValueKind[str]):
    """Free text or a person's name (NFC, trimmed; names have a restricted alphabet)."""

    min_len: int | None = None
    max_len: int | None = None
    single_line: bool = True
    is_name: bool = False
    upper: bool = False

    def from_str(self, raw: str) -> str:
        if self.is_name:
            value = v.clean_name(raw, upper=self.upper)
        else:
            value = v.clean_text(raw, single_line=self.single_line)
        for p in self.check(value, ""):
            raise ValidationError(p.code, p.message_vi, p.message_en)
        return value

    def check(self, value: str, path: str) -> list[Problem]:
        return v.check_text(
            value,
            path,
            min_len=self.min_len,
            max_len=self.max_len,
            single_line=self.single_line,
            is_name=self.is_name,
            upper=self.upper,
        )


@dataclass(frozen=True)
class TimeKind(ValueKind[str]):
    """Time of day ``HH:MM``."""

    def from_str(self, raw: str) -> str:
        return v.parse_time(raw)

    def check(self, value: str, path: str) -> list[Problem]:
        try:
            canonical = v.parse_time(value)
        except ValidationError as err:
            return [err.problem(path)]
        return [] if canonical == value else [err_not_normalized(path)]


def kind_for(field: FieldDef, *, today: dt.date) -> ValueKind[str] | ValueKind[int] | None:
    """The text-box kind of a field, or None for structured types (select, address, ...)."""
    t = field.type
    if t is FieldType.PERSONAL_ID:
        return PersonalIdKind(today=today, allow_legacy_cmnd=field.allow_legacy_cmnd)
    if t is FieldType.PHONE:
        return PhoneKind(mobile_only=field.mobile_only)
    if t is FieldType.DATE:
        return DateKind(today=today, allow_partial=field.allow_partial, not_future=field.not_future)
    if t is FieldType.INTEGER:
        return IntegerKind(lo=field.min, hi=field.max)
    if t is FieldType.EMAIL:
        return EmailKind()
    if t is FieldType.TIME:
        return TimeKind()
    if t in (FieldType.TEXT, FieldType.MULTILINE):
        return TextKind(
            min_len=field.min_len,
            max_len=field.text_limit,
            single_line=t is FieldType.TEXT,
            is_name=field.person_name or field.case == "upper",
            upper=field.case == "upper",
        )
    return None
