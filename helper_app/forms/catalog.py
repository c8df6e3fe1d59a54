"""The procedure catalog: loading definition files and finding a procedure by code and version.

A definition is data written by people, so loading is strict and loud: a file that is not UTF-8,
not JSON, does not fit :mod:`helper_app.forms.model`, repeats an id or holds a condition that does
not parse is refused with a :class:`DefinitionError` naming the file and what is wrong. A catalog
that loads is therefore safe to validate dossiers with, on the client and on the server.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pydantic

from helper_app.config import resources_dir
from helper_app.forms.conditions import ConditionSyntaxError, parse
from helper_app.forms.model import FieldDef, ProcedureDefinition


class DefinitionError(ValueError):
    """A definition file that cannot be used.

    Attributes:
        file: the file (or ``<memory>``) at fault.
        problems: ``(path, message)`` pairs, path being a dotted location inside the definition.
    """

    def __init__(self, file: str, problems: list[tuple[str, str]]) -> None:
        self.file = file
        self.problems = problems
        detail = "; ".join(f"{p}: {m}" if p else m for p, m in problems[:10])
        more = f" (+{len(problems) - 10} more)" if len(problems) > 10 else ""
        super().__init__(f"{file}: {detail}{more}")


class UnknownProcedure(KeyError):
    """No definition with this code (and version) in the catalog."""

    def __init__(self, code: str, version: int | None = None) -> None:
        self.code = code
        self.version = version
        which = code if version is None else f"{code} version {version}"
        super().__init__(f"unknown procedure {which!r}")

    def __str__(self) -> str:
        return str(self.args[0])


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _check_duplicates(
    located: Iterable[tuple[str, FieldDef]], problems: list[tuple[str, str]]
) -> None:
    seen: dict[str, str] = {}
    for loc, f in located:
        if f.id in seen:
            problems.append((f"{loc}.id", f"duplicate field id {f.id!r} (also at {seen[f.id]})"))
        seen.setdefault(f.id, loc)


def _check_fields(
    fields: tuple[FieldDef, ...], prefix: str, problems: list[tuple[str, str]]
) -> None:
    """Conditions and option values of fields; repeat items are their own id scope."""
    for i, f in enumerate(fields):
        loc = f"{prefix}[{i}]"
        for attr in ("relevant_if", "required_if"):
            _check_condition(getattr(f, attr), f"{loc}.{attr}", problems)
        if f.options is not None:
            values = [o.value for o in f.options]
            for dup in sorted({v for v in values if values.count(v) > 1}):
                problems.append((f"{loc}.options", f"duplicate option value {dup!r}"))
        if f.fields is not None:
            sub = f"{loc}.fields"
            _check_duplicates(((f"{sub}[{j}]", s) for j, s in enumerate(f.fields)), problems)
            _check_fields(f.fields, sub, problems)


def _check_condition(text: str | None, where: str, problems: list[tuple[str, str]]) -> None:
    if text is None:
        return
    try:
        parse(text)
    except ConditionSyntaxError as err:
        problems.append((where, f"condition does not parse: {err}"))


def structural_problems(definition: ProcedureDefinition) -> list[tuple[str, str]]:
    """Problems that make a (model-valid) definition unusable: duplicate ids, bad conditions.

    Field ids are unique across the whole form (sections only group them); sub-fields of a
    repeat are unique within their item. Sections, documents, rules and option values are
    unique within their list.
    """
    problems: list[tuple[str, str]] = []
    _check_duplicates(
        (
            (f"sections[{si}].fields[{fi}]", f)
            for si, section in enumerate(definition.sections)
            for fi, f in enumerate(section.fields)
        ),
        problems,
    )
    for si, section in enumerate(definition.sections):
        _check_condition(section.relevant_if, f"sections[{si}].relevant_if", problems)
        _check_fields(section.fields, f"sections[{si}].fields", problems)
    for name, items in (
        ("sections", definition.sections),
        ("documents", definition.documents),
        ("rules", definition.rules),
    ):
        ids = [x.id for x in items]
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            problems.append((name, f"duplicate id {dup!r} in {name}"))
    for di, doc in enumerate(definition.documents):
        _check_condition(doc.required_if, f"documents[{di}].required_if", problems)
    for ri, rule in enumerate(definition.rules):
        _check_condition(rule.when, f"rules[{ri}].when", problems)
        _check_condition(rule.check, f"rules[{ri}].check", problems)
    return problems


def read_definition_json(path: Path) -> object:
    """The parsed JSON of a definition file.

    Raises:
        DefinitionError: unreadable, not UTF-8, or malformed JSON.
    """
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise DefinitionError(name, [("", f"cannot read file ({err.strerror})")]) from err
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        msg = f"not UTF-8 text (bad byte at offset {err.start})"
        raise DefinitionError(name, [("", msg)]) from err
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        msg = f"malformed JSON at line {err.lineno} column {err.colno}: {err.msg}"
        raise DefinitionError(name, [("", msg)]) from err
    except RecursionError as err:
        raise DefinitionError(name, [("", "JSON nested too deeply")]) from err


def definition_from_object(obj: object, *, origin: str = "<memory>") -> ProcedureDefinition:
    """Validate a parsed JSON object as a definition, including the structural checks.

    Raises:
        DefinitionError: naming ``origin`` and every bad key.
    """
    try:
        definition = ProcedureDefinition.model_validate(obj)
    except pydantic.ValidationError as err:
        problems = [(_loc(e["loc"]), e["msg"]) for e in err.errors()]
        raise DefinitionError(origin, problems) from err
    problems = structural_problems(definition)
    if problems:
        raise DefinitionError(origin, problems)
    return definition


def load_definition(path: Path) -> ProcedureDefinition:
    """Read, parse and check one definition file (see :class:`DefinitionError`)."""
    return definition_from_object(read_definition_json(path), origin=str(path))


class Catalog:
    """Every loaded procedure definition, by code and version (immutable after construction)."""

    def __init__(self, definitions: Iterable[ProcedureDefinition]) -> None:
        self._by_key: dict[tuple[str, int], ProcedureDefinition] = {}
        for d in definitions:
            if (d.code, d.version) in self._by_key:
                raise DefinitionError(d.code, [("", f"version {d.version} defined twice")])
            self._by_key[(d.code, d.version)] = d

    @classmethod
    def from_directory(cls, path: Path) -> Catalog:
        """Load every ``*.json`` file under ``path`` (recursively, in name order).

        Raises:
            DefinitionError: for the first broken file, or a code+version found in two files.
        """
        definitions: list[ProcedureDefinition] = []
        origins: dict[tuple[str, int], Path] = {}
        for file in sorted(p for p in Path(path).rglob("*.json") if p.is_file()):
            d = load_definition(file)
            key = (d.code, d.version)
            if key in origins:
                raise DefinitionError(
                    str(file), [("", f"{d.key} is already defined in {origins[key]}")]
                )
            origins[key] = file
            definitions.append(d)
        return cls(definitions)

    @classmethod
    def bundled(cls) -> Catalog:
        """The definitions shipped in ``resources/forms``."""
        return cls.from_directory(resources_dir() / "forms")

    def get(self, code: str, version: int | None = None) -> ProcedureDefinition:
        """One definition; ``version=None`` means the latest.

        Raises:
            UnknownProcedure: no such code, or no such version of it.
        """
        if version is not None:
            found = self._by_key.get((code, version))
            if found is None:
                raise UnknownProcedure(code, version)
            return found
        versions = [d for (c, _), d in self._by_key.items() if c == code]
        if not versions:
            raise UnknownProcedure(code)
        return max(versions, key=lambda d: d.version)

    def all_versions(self) -> list[ProcedureDefinition]:
        """Every definition, sorted by code then version."""
        return [self._by_key[k] for k in sorted(self._by_key)]

    def current(self) -> list[ProcedureDefinition]:
        """The latest version of each code, sorted by code."""
        latest: dict[str, ProcedureDefinition] = {}
        for d in self.all_versions():
            latest[d.code] = d
        return [latest[c] for c in sorted(latest)]

    def __len__(self) -> int:
        return len(self._by_key)

    def __contains__(self, code: object) -> bool:
        return any(c == code for c, _ in self._by_key)
