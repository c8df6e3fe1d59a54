"""The declarative procedure-definition format (format 1), validated by pydantic.

A procedure definition is data, not code: one JSON file per procedure version under
``resources/forms/``. The desktop client builds its editor from it, and the server validates every
dossier it accepts with the same definition and the same code (:mod:`helper_app.forms.validate`).

Conventions the rest of the code relies on:

* Field ids are unique across the whole definition (sections only group them for layout), so a
  dossier's ``data`` is a flat mapping ``{field_id: value}``. A ``repeat`` field holds a list of
  such mappings for its sub-fields; the path of a sub-field is ``members[2].dob``.
* Conditions (``relevant_if``, ``required_if``, rule ``check``) are strings in the small condition
  language of :mod:`helper_app.forms.conditions`; they are parsed when the definition is loaded,
  never evaluated with ``eval``.
* ``source_status`` says where a requirement comes from: ``S`` from a source we read, ``K`` and
  ``?`` unverified. A requirement that is not ``S`` can only ever produce a warning: an unverified
  rule must never stop a volunteer from finalizing a dossier.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,62}$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1, max_length=2000)]

FORMAT_VERSION = 1


class SourceStatus(StrEnum):
    """Where a requirement comes from (see ``shared`` research legend)."""

    SOURCED = "S"
    KNOWN_UNVERIFIED = "K"
    UNCERTAIN = "?"


class Severity(StrEnum):
    """An error blocks finalizing; a warning is shown and stored with the dossier."""

    ERROR = "error"
    WARNING = "warning"


class FieldType(StrEnum):
    """Every widget/value kind a definition may use.

    Stored value per type (JSON): text, multiline, email -> str; integer -> int; date -> ISO
    ``yyyy-mm-dd`` (``yyyy`` or ``yyyy-mm`` when ``allow_partial``); time -> ``HH:MM``;
    select -> option value (str); multiselect -> list of option values; yesno -> bool;
    personal_id -> 12 digits as str (9 when ``allow_legacy_cmnd``);
    phone -> 10 digits ``0xxxxxxxxx``; address -> :class:`AddressValue` as a dict;
    repeat -> list of dicts; person -> resident id (str).
    """

    TEXT = "text"
    MULTILINE = "multiline"
    INTEGER = "integer"
    DATE = "date"
    TIME = "time"
    SELECT = "select"
    MULTISELECT = "multiselect"
    YESNO = "yesno"
    PERSONAL_ID = "personal_id"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    REPEAT = "repeat"
    PERSON = "person"


DEFAULT_MAX_LEN: dict[FieldType, int] = {FieldType.TEXT: 500, FieldType.MULTILINE: 4000}
"""How long a text field may be when its definition says no ``max_len`` (issue 12 item 6: a
1 MB ``recipient_authority`` was accepted). A definition may set any ``max_len`` up to 10 000."""

MAX_OTHER_LEN = 500
"""The longest free answer of a select that ``allow_other`` (and of each multiselect item)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    """One choice of a select or multiselect field."""

    value: NonEmpty
    label_vi: NonEmpty
    label_en: NonEmpty


class AddressValue(_Strict):
    """The stored shape of an ``address`` field.

    Post-July-2025 addresses have two levels: commune/ward (5-digit code) and province (2-digit
    code). Legacy three-level addresses from older documents keep the names as written
    (``legacy=True``), with the district.
    """

    detail: str = Field(default="", max_length=500)
    commune_code: str | None = Field(default=None, max_length=20)
    province_code: str | None = Field(default=None, max_length=20)
    commune_name: str | None = Field(default=None, max_length=200)
    district_name: str | None = Field(default=None, max_length=200)
    province_name: str | None = Field(default=None, max_length=200)
    legacy: bool = False


class FieldDef(_Strict):
    """One field of a form.

    Attributes:
        id: unique across the definition; the key in the dossier's data.
        relevant_if: condition; when false the field is hidden and its value is ignored.
        required_if: condition; when true the field is required (``required`` is the
            unconditional form).
        case: ``upper`` for names that official books write in capitals with diacritics.
        not_future: for dates, the value may not be after today.
        not_before: for dates, the id of another date field this one may not precede.
        allow_partial: for dates, ``yyyy`` and ``mm/yyyy`` are accepted (elderly residents).
        allow_legacy_cmnd: for personal_id, an old 9-digit ID number is accepted.
        birth_date_field / gender_field: for personal_id, the fields whose values the number's
            century/gender digit and birth year are cross-checked against.
        prefill: for person, which field of this form receives which resident attribute
            (``{"child_full_name": "full_name"}``).
        fields: for repeat, the sub-fields of one item.
        must_be_true: for yesno, only ``true`` is acceptable (commitments, consent).
        person_name: for text, the value is a person's name: letters, spaces, apostrophe,
            hyphen and dot only (no digits). ``case == "upper"`` implies it.
        mobile_only: for phone, a landline is an error (VNeID/OTP numbers) instead of a warning.
    """

    id: Identifier
    type: FieldType
    label_vi: NonEmpty
    label_en: NonEmpty
    help_vi: str | None = None
    help_en: str | None = None
    required: bool = False
    required_if: str | None = None
    relevant_if: str | None = None
    source_status: SourceStatus = SourceStatus.SOURCED
    default: str | int | bool | None = None
    placeholder: str | None = None
    # text-like
    min_len: int | None = Field(default=None, ge=0)
    max_len: int | None = Field(default=None, ge=1, le=10_000)
    case: Literal["any", "upper"] = "any"
    person_name: bool = False
    # integer
    min: int | None = None
    max: int | None = None
    # date
    not_future: bool = False
    not_before: Identifier | None = None
    allow_partial: bool = False
    # select / multiselect
    options: tuple[Option, ...] | None = None
    allow_other: bool = False
    # personal_id
    allow_legacy_cmnd: bool = False
    birth_date_field: Identifier | None = None
    gender_field: Identifier | None = None
    # phone
    mobile_only: bool = False
    # yesno
    must_be_true: bool = False
    # person
    prefill: dict[Identifier, str] | None = None
    # repeat
    fields: tuple[FieldDef, ...] | None = None
    min_items: int | None = Field(default=None, ge=0)
    max_items: int | None = Field(default=None, ge=1, le=200)

    @property
    def text_limit(self) -> int | None:
        """The longest value of a text or multiline field: ``max_len``, else the default."""
        return self.max_len or DEFAULT_MAX_LEN.get(self.type)


class Section(_Strict):
    """A titled group of fields, shown together; may be hidden as a whole by a condition."""

    id: Identifier
    title_vi: NonEmpty
    title_en: NonEmpty
    relevant_if: str | None = None
    fields: tuple[FieldDef, ...]


class RequiredDocument(_Strict):
    """A document slot of the procedure: an attachment's ``slot`` is one of these ids."""

    id: Identifier
    label_vi: NonEmpty
    label_en: NonEmpty
    help_vi: str | None = None
    help_en: str | None = None
    required: bool = False
    required_if: str | None = None
    source_status: SourceStatus = SourceStatus.SOURCED
    max_files: int = Field(default=5, ge=1, le=50)


class Rule(_Strict):
    """A cross-field rule: ``check`` must hold whenever ``when`` holds.

    ``paths`` names the field(s) the problem is reported on, so the editor can show it inline.
    """

    id: Identifier
    when: str | None = None
    check: NonEmpty
    paths: tuple[NonEmpty, ...]
    severity: Severity = Severity.ERROR
    source_status: SourceStatus = SourceStatus.SOURCED
    message_vi: NonEmpty
    message_en: NonEmpty


class Example(_Strict):
    """A realistic complete dossier for this procedure: it must validate with no error.

    ``documents`` lists the slots that have a file in this example.
    """

    name: NonEmpty
    data: dict[str, object]
    documents: tuple[Identifier, ...] = ()


class ProcedureDefinition(_Strict):
    """One version of one procedure's form (the unit the catalog serves and dossiers pin)."""

    format: Literal[1] = 1
    code: Identifier
    tthc_code: str | None = None
    version: int = Field(ge=1)
    effective_from: dt.date
    title_vi: NonEmpty
    title_en: NonEmpty
    description_vi: str | None = None
    description_en: str | None = None
    authority_vi: str | None = None
    authority_en: str | None = None
    legal_basis: tuple[str, ...] = ()
    source_status: SourceStatus = SourceStatus.SOURCED
    sections: tuple[Section, ...]
    documents: tuple[RequiredDocument, ...] = ()
    rules: tuple[Rule, ...] = ()
    examples: tuple[Example, ...] = ()

    @property
    def key(self) -> str:
        """``code@version``, the catalog key a dossier pins."""
        return f"{self.code}@{self.version}"

    def iter_fields(self) -> list[FieldDef]:
        """Top-level fields of every section, in form order (repeat sub-fields not expanded)."""
        return [f for s in self.sections for f in s.fields]


FieldDef.model_rebuild()
