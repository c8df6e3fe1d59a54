"""A dossier laid out the way its procedure definition shows it: sections, labels, readable values.

Officials should read "Giới tính: Nam", not ``{"child_gender": "Nam"}``: this module walks the
definition's sections and fields (only those shown for this data, via
:func:`helper_app.forms.relevant_paths`), turns each stored value into text (option labels,
Yes/No, dd/mm/yyyy, addresses with unit names, repeat items as sub-rows), lists the documents by
slot label, and runs the shared validation (:func:`helper_app.forms.validate`) to list problems
with the label of the field they are on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from helper_app.forms import ProcedureDefinition, UnitDirectory, relevant_paths, validate
from helper_app.forms.model import FieldDef, FieldType
from helper_app.sync.protocol import AttachmentRef
from helper_server.console.i18n import Lang, translate

INLINE_IMAGES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Row:
    """One label and its value (``items`` for the entries of a repeat field)."""

    field_id: str
    label: str
    value: str
    items: tuple[tuple[Row, ...], ...] = ()


@dataclass(frozen=True)
class Block:
    """A titled section of rows."""

    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class FileView:
    """An attachment as the page shows it."""

    sha256: str
    filename: str
    mime: str
    size: int
    inline: bool


@dataclass(frozen=True)
class DocumentGroup:
    """The files attached in one document slot."""

    slot: str
    label: str
    files: tuple[FileView, ...]


@dataclass(frozen=True)
class ProblemView:
    """A validation problem with the label of the field it is on."""

    where: str
    message: str
    error: bool


@dataclass(frozen=True)
class ChecklistOption:
    """A field or document an official may ask to be fixed."""

    value: str
    label: str


@dataclass
class DossierLayout:
    """Everything the dossier page shows about the data."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    documents: list[DocumentGroup] = field(default_factory=list)
    problems: list[ProblemView] = field(default_factory=list)
    checklist: list[ChecklistOption] = field(default_factory=list)
    editable: list[ChecklistOption] = field(default_factory=list)
    known: bool = True


def _label(item: FieldDef, lang: Lang) -> str:
    return item.label_vi if lang == "vi" else item.label_en


def _date_text(value: str) -> str:
    if m := _ISO_DATE.match(value):
        return f"{m.group(3)}/{m.group(2)}/{m.group(1)}"
    if m := _ISO_MONTH.match(value):
        return f"{m.group(2)}/{m.group(1)}"
    return value


def _address_text(value: Mapping[str, Any], units: UnitDirectory | None) -> str:
    parts = [str(value.get("detail") or "").strip()]
    commune = value.get("commune_name")
    province = value.get("province_name")
    if units is not None and not commune and isinstance(value.get("commune_code"), str):
        found = units.commune(value["commune_code"])
        commune = found.name_vi if found else value["commune_code"]
    if units is not None and not province and isinstance(value.get("province_code"), str):
        found_p = units.province(value["province_code"])
        province = found_p.name_vi if found_p else value["province_code"]
    parts += [str(value.get("district_name") or ""), str(commune or ""), str(province or "")]
    return ", ".join(p for p in parts if p.strip())


def _option_label(item: FieldDef, value: object, lang: Lang) -> str:
    for option in item.options or ():
        if option.value == value:
            return option.label_vi if lang == "vi" else option.label_en
    return str(value)


def value_text(item: FieldDef, value: object, lang: Lang, units: UnitDirectory | None) -> str:
    """A stored value as an official reads it."""
    if value is None or value == "" or value == []:
        return translate("dossier.empty_value", lang)
    kind = item.type
    if kind is FieldType.YESNO and isinstance(value, bool):
        return translate("dossier.yes" if value else "dossier.no", lang)
    if kind is FieldType.SELECT:
        return _option_label(item, value, lang)
    if kind is FieldType.MULTISELECT and isinstance(value, list):
        return "; ".join(_option_label(item, v, lang) for v in value)
    if kind is FieldType.DATE and isinstance(value, str):
        return _date_text(value)
    if kind is FieldType.ADDRESS and isinstance(value, Mapping):
        return _address_text(value, units)
    if isinstance(value, str):
        return value
    return str(value)


def _rows(
    fields: Sequence[FieldDef],
    data: Mapping[str, Any],
    shown: set[str],
    prefix: str,
    lang: Lang,
    units: UnitDirectory | None,
) -> tuple[Row, ...]:
    rows: list[Row] = []
    for item in fields:
        path = f"{prefix}{item.id}"
        if path not in shown:
            continue
        value = data.get(item.id)
        if item.type is FieldType.REPEAT and isinstance(value, list):
            entries = tuple(
                _rows(item.fields or (), entry, shown, f"{path}[{i}].", lang, units)
                for i, entry in enumerate(value)
                if isinstance(entry, Mapping)
            )
            rows.append(Row(item.id, _label(item, lang), str(len(entries)), entries))
            continue
        if item.type is FieldType.PERSON:
            continue  # a link to the laptop's resident directory: meaningless here
        rows.append(Row(item.id, _label(item, lang), value_text(item, value, lang, units)))
    return tuple(rows)


def _labels(definition: ProcedureDefinition, lang: Lang) -> dict[str, str]:
    labels = {f.id: _label(f, lang) for f in definition.iter_fields()}
    for f in definition.iter_fields():
        for sub in f.fields or ():
            labels.setdefault(sub.id, _label(sub, lang))
    for d in definition.documents:
        labels[f"documents.{d.id}"] = d.label_vi if lang == "vi" else d.label_en
    return labels


def where_label(path: str, labels: Mapping[str, str], lang: Lang) -> str:
    """The label for a problem or checklist path (``members[1].dob`` -> label of ``dob`` #2)."""
    if not path:
        return translate("dossier.whole", lang)
    if path in labels:
        return labels[path]
    m = re.match(r"^(\w+)\[(\d+)\]\.(\w+)$", path)
    if m:
        outer = labels.get(m.group(1), m.group(1))
        return f"{outer} #{int(m.group(2)) + 1}: {labels.get(m.group(3), m.group(3))}"
    return path


def lay_out(
    definition: ProcedureDefinition | None,
    *,
    data: Mapping[str, Any],
    attachments: Sequence[AttachmentRef],
    lang: Lang,
    units: UnitDirectory | None,
    today: dt.date | None = None,
) -> DossierLayout:
    """The page layout of a dossier's data, files and problems."""
    if definition is None:
        layout = DossierLayout(title="", known=False)
        layout.blocks.append(
            Block(
                translate("dossier.other_fields", lang),
                tuple(Row(k, k, str(v)) for k, v in sorted(data.items())),
            )
        )
        layout.documents = _documents(None, attachments, lang)
        return layout
    title = definition.title_vi if lang == "vi" else definition.title_en
    layout = DossierLayout(title=title)
    shown = relevant_paths(definition, data, today=today)
    for section in definition.sections:
        rows = _rows(section.fields, data, shown, "", lang, units)
        if rows:
            layout.blocks.append(
                Block(section.title_vi if lang == "vi" else section.title_en, rows)
            )
    known = {f.id for f in definition.iter_fields()}
    extra = tuple(Row(k, k, str(v)) for k, v in sorted(data.items()) if k not in known)
    if extra:
        layout.blocks.append(Block(translate("dossier.other_fields", lang), extra))
    layout.documents = _documents(definition, attachments, lang)
    labels = _labels(definition, lang)
    problems = validate(
        definition, data, documents={a.slot for a in attachments}, today=today, units=units
    )
    layout.problems = [
        ProblemView(
            where_label(p.path, labels, lang),
            p.message_vi if lang == "vi" else p.message_en,
            p.is_error,
        )
        for p in sorted(problems, key=lambda p: not p.is_error)
    ]
    layout.checklist = [
        ChecklistOption(f.id, _label(f, lang))
        for f in definition.iter_fields()
        if f.id in shown and f.type is not FieldType.PERSON
    ] + [
        ChecklistOption(f"documents.{d.id}", labels[f"documents.{d.id}"])
        for d in definition.documents
    ]
    layout.editable = [
        ChecklistOption(f.id, _label(f, lang))
        for f in definition.iter_fields()
        if f.type in EDITABLE_TYPES
    ]
    return layout


EDITABLE_TYPES = frozenset(
    {
        FieldType.TEXT,
        FieldType.MULTILINE,
        FieldType.INTEGER,
        FieldType.DATE,
        FieldType.TIME,
        FieldType.SELECT,
        FieldType.YESNO,
        FieldType.PERSONAL_ID,
        FieldType.PHONE,
        FieldType.EMAIL,
    }
)
"""Field types an official can edit from a single text box (structured ones need the app)."""


def _documents(
    definition: ProcedureDefinition | None, attachments: Sequence[AttachmentRef], lang: Lang
) -> list[DocumentGroup]:
    labels: dict[str, str] = {}
    order: list[str] = []
    if definition is not None:
        for d in definition.documents:
            labels[d.id] = d.label_vi if lang == "vi" else d.label_en
            order.append(d.id)
    groups: list[DocumentGroup] = []
    slots = order + sorted({a.slot for a in attachments} - set(order))
    for slot in slots:
        files = tuple(
            FileView(a.sha256, a.filename or a.sha256[:12], a.mime, a.size, a.mime in INLINE_IMAGES)
            for a in attachments
            if a.slot == slot
        )
        if files:
            groups.append(DocumentGroup(slot, labels.get(slot, slot), files))
    return groups


def parse_edit_value(item: FieldDef, raw: str) -> object:
    """What an official typed for ``item`` as the value the edit sends (``None`` clears).

    Text stays text (the server normalizes dates, phones and names like a submission);
    integers and yes/no are converted, and a value that does not convert is sent as typed so
    the shared validation names the problem.
    """
    text = raw.strip()
    if not text:
        return None
    if item.type is FieldType.INTEGER and re.fullmatch(r"-?\d{1,15}", text):
        return int(text)
    if item.type is FieldType.YESNO:
        folded = text.casefold()
        if folded in ("có", "co", "yes", "true", "1"):
            return True
        if folded in ("không", "khong", "no", "false", "0"):
            return False
    return text


def find_field(definition: ProcedureDefinition, field_id: str) -> FieldDef | None:
    """The top-level field ``field_id`` of the definition."""
    for item in definition.iter_fields():
        if item.id == field_id:
            return item
    return None
