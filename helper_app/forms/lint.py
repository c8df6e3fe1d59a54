"""The definition linter behind ``helper-app forms check``.

Loading (:mod:`helper_app.forms.catalog`) refuses what cannot work at all; the linter also finds
what loads but is wrong or risky: conditions naming fields that do not exist, cross-check
attributes pointing nowhere, missing or untranslated labels, error-severity rules that are not
sourced (they will be downgraded), and examples that do not validate. It reports every finding
with a location inside the file so the author can fix them all in one pass.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from helper_app.forms.catalog import DefinitionError, definition_from_object, read_definition_json
from helper_app.forms.conditions import ConditionSyntaxError, references
from helper_app.forms.model import FieldDef, FieldType, ProcedureDefinition, Severity, SourceStatus
from helper_app.forms.normalize import normalize
from helper_app.forms.units import UnitDirectory
from helper_app.forms.validate import validate


@dataclass(frozen=True)
class Finding:
    """One lint finding: ``path`` is a location inside the definition (may be empty)."""

    path: str
    message: str
    severity: Severity = Severity.ERROR

    def line(self, file: str) -> str:
        """``FILE: path: message`` (warnings say so)."""
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{file}: {self.path or '-'}: {prefix}{self.message}"


class UnreadableFile(Exception):
    """The file could not be read at all (missing, a directory, no permission)."""


def _has_diacritics(text: str) -> bool:
    decomposed = unicodedata.normalize("NFD", text)
    return "đ" in text.lower() or any(unicodedata.category(c) == "Mn" for c in decomposed)


def _pair(vi: str | None, en: str | None, where: str, what: str) -> Iterator[Finding]:
    if (vi is None) != (en is None):
        missing = "English" if en is None else "Vietnamese"
        yield Finding(where, f"{what}: the {missing} text is missing")
        return
    if vi is None or en is None:
        return
    if not vi.strip() or not en.strip():
        yield Finding(where, f"{what}: empty text")
    elif vi.strip() == en.strip() and _has_diacritics(vi):
        yield Finding(where, f"{what}: English text is the Vietnamese text", Severity.WARNING)


def _translations(d: ProcedureDefinition) -> Iterator[Finding]:
    yield from _pair(d.title_vi, d.title_en, "title", "title")
    yield from _pair(d.description_vi, d.description_en, "description", "description")
    yield from _pair(d.authority_vi, d.authority_en, "authority", "authority")
    for si, s in enumerate(d.sections):
        yield from _pair(s.title_vi, s.title_en, f"sections[{si}]", "title")
        yield from _field_translations(s.fields, f"sections[{si}].fields")
    for di, doc in enumerate(d.documents):
        yield from _pair(doc.label_vi, doc.label_en, f"documents[{di}]", "label")
        yield from _pair(doc.help_vi, doc.help_en, f"documents[{di}]", "help")
    for ri, r in enumerate(d.rules):
        yield from _pair(r.message_vi, r.message_en, f"rules[{ri}]", "message")


def _field_translations(fields: Iterable[FieldDef], prefix: str) -> Iterator[Finding]:
    for i, f in enumerate(fields):
        loc = f"{prefix}[{i}]"
        yield from _pair(f.label_vi, f.label_en, loc, f"label of {f.id!r}")
        yield from _pair(f.help_vi, f.help_en, loc, f"help of {f.id!r}")
        for oi, o in enumerate(f.options or ()):
            yield from _pair(o.label_vi, o.label_en, f"{loc}.options[{oi}]", "option label")
        if f.fields:
            yield from _field_translations(f.fields, f"{loc}.fields")


def _refs(text: str | None) -> set[str]:
    if text is None:
        return set()
    try:
        return references(text)
    except ConditionSyntaxError:
        return set()  # reported by the structural check already


def _field_refs(f: FieldDef, loc: str, known: set[str]) -> Iterator[Finding]:
    for attr in ("relevant_if", "required_if"):
        for name in sorted(_refs(getattr(f, attr)) - known):
            yield Finding(f"{loc}.{attr}", f"condition names unknown field {name!r}")
    for attr in ("birth_date_field", "gender_field", "not_before"):
        target = getattr(f, attr)
        if target is not None and target not in known:
            yield Finding(f"{loc}.{attr}", f"unknown field {target!r}")
    for target in sorted(f.prefill or {}):
        if target not in known:
            yield Finding(f"{loc}.prefill", f"prefill target {target!r} is not a field")
    if f.type in (FieldType.SELECT, FieldType.MULTISELECT) and not f.options and not f.allow_other:
        yield Finding(loc, f"{f.type.value} field {f.id!r} has no options")
    if f.type is FieldType.REPEAT and not f.fields:
        yield Finding(loc, f"repeat field {f.id!r} has no sub-fields")


def _references(d: ProcedureDefinition) -> Iterator[Finding]:
    top = {f.id for f in d.iter_fields()}
    for si, s in enumerate(d.sections):
        for name in sorted(_refs(s.relevant_if) - top):
            yield Finding(f"sections[{si}].relevant_if", f"condition names unknown field {name!r}")
        for fi, f in enumerate(s.fields):
            loc = f"sections[{si}].fields[{fi}]"
            yield from _field_refs(f, loc, top)
            for ci, sub in enumerate(f.fields or ()):
                scope = top | {x.id for x in f.fields or ()}
                yield from _field_refs(sub, f"{loc}.fields[{ci}]", scope)
    for di, doc in enumerate(d.documents):
        for name in sorted(_refs(doc.required_if) - top):
            yield Finding(f"documents[{di}].required_if", f"condition names unknown field {name!r}")
    yield from _rule_refs(d, top)


def _rule_refs(d: ProcedureDefinition, top: set[str]) -> Iterator[Finding]:
    for ri, r in enumerate(d.rules):
        for attr in ("when", "check"):
            for name in sorted(_refs(getattr(r, attr)) - top):
                yield Finding(f"rules[{ri}].{attr}", f"condition names unknown field {name!r}")
        for path in r.paths:
            root = re.split(r"[.\[]", path, maxsplit=1)[0]
            if root not in top:
                yield Finding(f"rules[{ri}].paths", f"path {path!r} is not a field")
        if r.severity is Severity.ERROR and r.source_status is not SourceStatus.SOURCED:
            yield Finding(
                f"rules[{ri}]",
                f"rule {r.id!r} has severity error but source_status "
                f"{r.source_status.value!r}: it will only ever warn",
                Severity.WARNING,
            )


def _examples(
    d: ProcedureDefinition, today: dt.date, units: UnitDirectory | None
) -> Iterator[Finding]:
    if not d.examples:
        yield Finding("examples", "no example: add one realistic complete dossier")
    for ei, ex in enumerate(d.examples):
        data = normalize(d, ex.data)
        if data != ex.data:
            yield Finding(
                f"examples[{ei}]", f"example {ex.name!r} is not normalized", Severity.WARNING
            )
        for p in validate(d, data, documents=ex.documents, today=today, units=units):
            if p.is_error or p.code == "unknown_field":
                yield Finding(
                    f"examples[{ei}]",
                    f"example {ex.name!r}: {p.path or '-'}: {p.code}: {p.message_en}",
                    p.severity,
                )


def lint_definition(
    d: ProcedureDefinition, *, today: dt.date, units: UnitDirectory | None = None
) -> list[Finding]:
    """Every finding of a definition that loaded."""
    return [*_references(d), *_translations(d), *_examples(d, today, units)]


def lint_file(path: Path, *, today: dt.date, units: UnitDirectory | None = None) -> list[Finding]:
    """Every finding of one definition file.

    Raises:
        UnreadableFile: the file cannot be read at all.
    """
    if not path.is_file():
        raise UnreadableFile(f"{path}: no such file")
    try:
        obj = read_definition_json(path)
        definition = definition_from_object(obj, origin=str(path))
    except DefinitionError as err:
        if err.problems and err.problems[0][1].startswith("cannot read"):
            raise UnreadableFile(str(err)) from err
        return [Finding(p, m) for p, m in err.problems]
    findings = lint_definition(definition, today=today, units=units)
    expected = f"{definition.code}.v{definition.version}.json"
    if path.name != expected:
        findings.append(Finding("", f"file name should be {expected!r}", Severity.WARNING))
    return findings
