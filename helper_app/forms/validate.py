"""Normalizing and validating one dossier's data against its procedure definition.

This is the single place that decides whether a dossier may be finalized, and the server runs
exactly this code on every submission. :func:`normalize` turns what a person typed into canonical
stored values; :func:`validate` returns every problem at once (field path, code, severity and a
message in Vietnamese and English) and never raises for any data. Hidden fields are ignored, and
any requirement or rule that is not sourced ([S]) is downgraded to a warning, so an unverified
rule can never stop a volunteer from finalizing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from helper_app.forms import structured
from helper_app.forms import validators as v
from helper_app.forms.condition_eval import holds
from helper_app.forms.conditions import references, tests_presence
from helper_app.forms.fieldtypes import kind_for, type_problem
from helper_app.forms.model import (
    FieldDef,
    FieldType,
    ProcedureDefinition,
    Severity,
    SourceStatus,
)
from helper_app.forms.normalize import normalize
from helper_app.forms.problems import Problem
from helper_app.forms.units import UnitDirectory

__all__ = ["is_required", "normalize", "relevant_paths", "validate", "visible_data"]

_MAX_RELEVANCE_PASSES = 8


def _today(today: dt.date | None) -> dt.date:
    return today if today is not None else dt.date.today()


def is_empty(value: object) -> bool:
    """A value that counts as "not filled in" for ``required``."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return len(value) == 0
    if isinstance(value, dict):
        return all(is_empty(x) or x is False for x in value.values())
    return False


def is_required(
    field: FieldDef,
    data: Mapping[str, object],
    *,
    today: dt.date | None = None,
    item: Mapping[str, object] | None = None,
) -> bool:
    """True when ``field`` must be filled in for this data (``required`` or ``required_if``).

    Relevance is not considered here: a hidden field is never required (see
    :func:`relevant_paths`).
    """
    if field.required:
        return True
    if field.required_if is None:
        return False
    return holds(field.required_if, data, today=_today(today), item=item)


# ----------------------------------------------------------------------------- relevance


def _relevance_pass(
    definition: ProcedureDefinition, data: Mapping[str, object], today: dt.date
) -> set[str]:
    paths: set[str] = set()
    for section in definition.sections:
        if section.relevant_if is not None and not holds(section.relevant_if, data, today=today):
            continue
        for f in section.fields:
            if f.relevant_if is not None and not holds(f.relevant_if, data, today=today):
                continue
            paths.add(f.id)
            if f.type is FieldType.REPEAT and f.fields:
                paths.update(_item_paths(f, data.get(f.id), data, today))
    return paths


def _item_paths(
    field: FieldDef, items: object, data: Mapping[str, object], today: dt.date
) -> set[str]:
    paths: set[str] = set()
    if not isinstance(items, list):
        return paths
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            continue
        for sub in field.fields or ():
            if sub.relevant_if is None or holds(sub.relevant_if, data, today=today, item=item):
                paths.add(f"{field.id}[{i}].{sub.id}")
    return paths


def _mask(
    definition: ProcedureDefinition, data: Mapping[str, object], relevant: set[str]
) -> dict[str, object]:
    known = {f.id for f in definition.iter_fields()}
    return {k: val for k, val in data.items() if k not in known or k in relevant}


def relevant_paths(
    definition: ProcedureDefinition, data: Mapping[str, object], *, today: dt.date | None = None
) -> set[str]:
    """The paths of every field shown for this data (top-level ids and ``members[0].dob``).

    A field inside a hidden section is hidden. Conditions see hidden fields as missing, so a
    chain (B shown if A; C shown if B) collapses when A is unset; this is computed to a fixpoint
    (bounded: a definition whose conditions contradict each other stops after a few passes).
    """
    day = _today(today)
    relevant = _relevance_pass(definition, data, day)
    for _ in range(_MAX_RELEVANCE_PASSES):
        again = _relevance_pass(definition, _mask(definition, data, relevant), day)
        if again == relevant:
            break
        relevant = again
    return relevant


def visible_data(
    definition: ProcedureDefinition, data: Mapping[str, object], *, today: dt.date | None = None
) -> dict[str, object]:
    """``data`` without the values of hidden top-level fields (what conditions and rules see)."""
    return _mask(definition, data, relevant_paths(definition, data, today=today))


# ----------------------------------------------------------------------------- validation


@dataclass(frozen=True)
class _Context:
    definition: ProcedureDefinition
    data: Mapping[str, object]  # visible values only
    relevant: set[str]
    today: dt.date
    units: UnitDirectory | None

    def lookup(self, name: str | None, item: Mapping[str, object] | None) -> object:
        if name is None:
            return None
        if item is not None and name in item:
            return item[name]
        return self.data.get(name)

    def sourced(self, status: SourceStatus) -> bool:
        return (
            status is SourceStatus.SOURCED and self.definition.source_status is SourceStatus.SOURCED
        )


def _required_problem(path: str, severity: Severity) -> Problem:
    return v.problem(
        path,
        "required",
        severity,
        "Mục này bắt buộc phải điền.",
        "This field is required.",
    )


def _check_value(
    ctx: _Context, field: FieldDef, value: object, path: str, item: Mapping[str, object] | None
) -> list[Problem]:
    t = field.type
    if t is FieldType.PERSONAL_ID:
        if not isinstance(value, str):
            return [type_problem(path, "số định danh (chuỗi chữ số)", "an ID number (digits)")]
        return v.check_personal_id(
            value,
            path,
            today=ctx.today,
            birth_date=ctx.lookup(field.birth_date_field, item),
            gender=ctx.lookup(field.gender_field, item),
            allow_legacy_cmnd=field.allow_legacy_cmnd,
        )
    if t is FieldType.DATE and isinstance(value, str):
        other = ctx.lookup(field.not_before, item)
        return v.check_date(
            value,
            path,
            today=ctx.today,
            allow_partial=field.allow_partial,
            not_future=field.not_future,
            not_before=other if isinstance(other, str) else None,
        )
    kind = kind_for(field, today=ctx.today)
    if kind is not None:
        return kind.validate(value, path)
    if t is FieldType.SELECT:
        return structured.check_select(field, value, path)
    if t is FieldType.MULTISELECT:
        return structured.check_multiselect(field, value, path)
    if t is FieldType.YESNO:
        return structured.check_yesno(field, value, path)
    if t is FieldType.ADDRESS:
        return structured.check_address(value, path, ctx.units)
    if t is FieldType.PERSON:
        return structured.check_person(value, path)
    return _check_repeat(ctx, field, value, path)


def _check_field(
    ctx: _Context, field: FieldDef, value: object, path: str, item: Mapping[str, object] | None
) -> list[Problem]:
    if path not in ctx.relevant:
        return []
    if is_empty(value):
        if is_required(field, ctx.data, today=ctx.today, item=item):
            severity = Severity.ERROR if ctx.sourced(field.source_status) else Severity.WARNING
            return [_required_problem(path, severity)]
        if field.type is FieldType.REPEAT and isinstance(value, list):
            return _check_repeat(ctx, field, value, path)  # min_items still applies
        return []
    return _check_value(ctx, field, value, path, item)


def _check_repeat(ctx: _Context, field: FieldDef, value: object, path: str) -> list[Problem]:
    if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
        return [type_problem(path, "danh sách các mục", "a list of items")]
    problems: list[Problem] = []
    n = len(value)
    if field.min_items is not None and n < field.min_items:
        problems.append(
            v.problem(
                path,
                "repeat.too_few",
                Severity.ERROR if ctx.sourced(field.source_status) else Severity.WARNING,
                f"Cần ít nhất {field.min_items} mục (hiện có {n}).",
                f"At least {field.min_items} entries are needed ({n} given).",
            )
        )
    if field.max_items is not None and n > field.max_items:
        problems.append(
            v.problem(
                path,
                "repeat.too_many",
                Severity.ERROR,
                f"Tối đa {field.max_items} mục (hiện có {n}).",
                f"At most {field.max_items} entries are allowed ({n} given).",
            )
        )
    subs = field.fields or ()
    sub_ids = {s.id for s in subs}
    for i, item in enumerate(value):
        for sub in subs:
            problems.extend(_check_field(ctx, sub, item.get(sub.id), f"{path}[{i}].{sub.id}", item))
        for key in item:
            if key not in sub_ids:
                problems.append(_unknown_field(f"{path}[{i}].{key}"))
    return problems


def _unknown_field(path: str) -> Problem:
    return v.problem(
        path,
        "unknown_field",
        Severity.WARNING,
        "Mục này không có trong mẫu đơn và sẽ bị bỏ qua.",
        "This entry is not part of the form and is ignored.",
    )


def _check_rules(ctx: _Context) -> list[Problem]:
    problems: list[Problem] = []
    for rule in ctx.definition.rules:
        if rule.when is not None and not holds(rule.when, ctx.data, today=ctx.today):
            continue
        if not tests_presence(rule.check) and any(
            is_empty(ctx.data.get(name)) for name in references(rule.check)
        ):
            continue  # compared values are missing: 'required' reports that, not the rule
        if holds(rule.check, ctx.data, today=ctx.today):
            continue
        severity = rule.severity if ctx.sourced(rule.source_status) else Severity.WARNING
        shown = [p for p in rule.paths if p.split("[")[0].split(".")[0] in ctx.relevant]
        for path in shown or ([""] if not rule.paths else []):
            problems.append(
                v.problem(path, f"rule.{rule.id}", severity, rule.message_vi, rule.message_en)
            )
    return problems


def _check_documents(ctx: _Context, documents: Collection[str]) -> list[Problem]:
    problems: list[Problem] = []
    slots = {d.id for d in ctx.definition.documents}
    for doc in ctx.definition.documents:
        needed = doc.required or (
            doc.required_if is not None and holds(doc.required_if, ctx.data, today=ctx.today)
        )
        if needed and doc.id not in documents:
            problems.append(
                v.problem(
                    f"documents.{doc.id}",
                    "document_missing",
                    Severity.ERROR if ctx.sourced(doc.source_status) else Severity.WARNING,
                    f"Thiếu giấy tờ: {doc.label_vi}.",
                    f"Missing document: {doc.label_en}.",
                )
            )
    for slot in sorted(set(documents) - slots):
        problems.append(
            v.problem(
                f"documents.{slot}",
                "unknown_document",
                Severity.WARNING,
                "Giấy tờ này không thuộc thủ tục.",
                "This document slot is not part of the procedure.",
            )
        )
    return problems


def validate(
    definition: ProcedureDefinition,
    data: Mapping[str, object],
    *,
    documents: Collection[str] = (),
    today: dt.date | None = None,
    units: UnitDirectory | None = None,
    check_documents: bool = True,
) -> list[Problem]:
    """Every problem of a dossier at once, in form order, then rules, documents, unknown keys.

    Args:
        definition: the procedure version the dossier pins.
        data: the NORMALIZED data (see :func:`normalize`).
        documents: the slot ids that have at least one attachment.
        today: reference date for age and "not in the future" rules (default: the clock).
        units: administrative units for address checks (skipped when None).
        check_documents: False while editing, before attachments are added.

    Never raises for any ``data``: a value of the wrong type is a ``type`` error.
    """
    untrusted: object = data  # the server passes whatever a client sent
    if not isinstance(untrusted, Mapping):
        return [type_problem("", "một đối tượng JSON", "a JSON object")]
    day = _today(today)
    relevant = relevant_paths(definition, data, today=day)
    ctx = _Context(definition, _mask(definition, data, relevant), relevant, day, units)
    problems: list[Problem] = []
    for f in definition.iter_fields():
        problems.extend(_check_field(ctx, f, data.get(f.id), f.id, None))
    problems.extend(_check_rules(ctx))
    if check_documents:
        problems.extend(_check_documents(ctx, documents))
    known = {f.id for f in definition.iter_fields()}
    problems.extend(_unknown_field(str(k)) for k in data if k not in known)
    return problems
