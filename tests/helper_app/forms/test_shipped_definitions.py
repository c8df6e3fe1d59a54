"""The procedure definitions shipped in ``resources/forms`` are complete and self-consistent.

Each definition is data written by hand from the official forms, so these tests hold it to what
the engine and the volunteers rely on: it loads through the bundled catalog, its examples are
realistic dossiers that validate cleanly, every required field and document is really enforced
(removing it from an example produces exactly the expected problem at exactly its path), every
label exists in Vietnamese and English, and every name a condition or cross-check mentions is a
field of the form. Parametrized so each procedure, example, field and document is its own test.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helper_app.config import resources_dir
from helper_app.forms import Catalog, ProcedureDefinition, UnitDirectory, normalize, validate
from helper_app.forms.condition_eval import holds
from helper_app.forms.conditions import (
    BoolOp,
    Compare,
    Expr,
    ListExpr,
    Literal,
    Name,
    Not,
    parse,
    references,
)
from helper_app.forms.model import Example, FieldDef, FieldType, Severity
from helper_app.forms.validate import is_required, relevant_paths, visible_data

TODAY = dt.date(2026, 11, 25)
FORMS_DIR = resources_dir() / "forms"
EXPECTED_CODES = {
    "birth_registration",
    "birth_residence_bhyt_interlinked",
    "residence_ct01",
    "social_assistance_monthly",
    "death_registration",
    "marital_status_certificate",
}
RESIDENT_ATTRIBUTES = {
    "full_name",
    "birth_date",
    "gender",
    "personal_id",
    "phone",
    "ethnicity",
    "nationality",
    "address",
}


def _definitions() -> list[ProcedureDefinition]:
    return Catalog.bundled().current()


DEFINITIONS = _definitions()
BY_CODE = {d.code: d for d in DEFINITIONS}


def _examples() -> Iterator[tuple[ProcedureDefinition, int, Example]]:
    for d in DEFINITIONS:
        for i, ex in enumerate(d.examples):
            yield d, i, ex


def _all_fields(fields: tuple[FieldDef, ...]) -> Iterator[FieldDef]:
    for f in fields:
        yield f
        if f.fields:
            yield from _all_fields(f.fields)


def _every_field(d: ProcedureDefinition) -> Iterator[FieldDef]:
    for s in d.sections:
        yield from _all_fields(s.fields)


def _required_paths(d: ProcedureDefinition, data: dict[str, object]) -> list[str]:
    """Paths of fields that are filled in the example, shown, and required for its data."""
    shown = relevant_paths(d, data, today=TODAY)
    visible = visible_data(d, data, today=TODAY)
    out: list[str] = []
    for f in d.iter_fields():
        if f.id in shown and data.get(f.id) not in (None, "", []):
            if is_required(f, visible, today=TODAY):
                out.append(f.id)
        items = data.get(f.id)
        if f.type is FieldType.REPEAT and isinstance(items, list):
            for i, item in enumerate(items):
                for sub in f.fields or ():
                    path = f"{f.id}[{i}].{sub.id}"
                    if path in shown and sub.id in item:
                        if is_required(sub, visible, today=TODAY, item=item):
                            out.append(path)
    return out


def _without(data: dict[str, object], path: str) -> dict[str, object]:
    copy: dict[str, Any] = json.loads(json.dumps(data))
    if "[" in path:
        top, rest = path.split("[", 1)
        index, sub = rest.split("].", 1)
        del copy[top][int(index)][sub]
    else:
        del copy[path]
    return copy


REQUIRED_FIELD_CASES = [
    pytest.param(d.code, i, path, id=f"{d.code}-ex{i}-{path}")
    for d, i, ex in _examples()
    for path in _required_paths(d, ex.data)
]


def _needed_documents(d: ProcedureDefinition, ex: Example) -> list[str]:
    visible = visible_data(d, ex.data, today=TODAY)
    return [
        doc.id
        for doc in d.documents
        if doc.required
        or (doc.required_if is not None and holds(doc.required_if, visible, today=TODAY))
    ]


DOCUMENT_CASES = [
    pytest.param(d.code, i, doc_id, id=f"{d.code}-ex{i}-{doc_id}")
    for d, i, ex in _examples()
    for doc_id in _needed_documents(d, ex)
]
EXAMPLE_CASES = [pytest.param(d.code, i, id=f"{d.code}-ex{i}") for d, i, _ in _examples()]
CODES = sorted(BY_CODE)


@pytest.fixture(scope="module")
def units() -> UnitDirectory:
    return UnitDirectory.bundled()


def test_every_procedure_of_issue_2_is_shipped() -> None:
    assert EXPECTED_CODES <= set(BY_CODE)


@pytest.mark.parametrize("code", CODES)
def test_definition_file_is_named_after_code_and_version(code: str) -> None:
    d = BY_CODE[code]
    path = FORMS_DIR / f"{d.code}.v{d.version}.json"
    assert path.is_file()
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    assert unicodedata.is_normalized("NFC", text), f"{path.name} is not NFC"
    assert ProcedureDefinition.model_validate_json(raw) == d


@pytest.mark.parametrize("code", CODES)
def test_definition_has_examples_sections_and_legal_basis(code: str) -> None:
    d = BY_CODE[code]
    assert d.examples, "at least one realistic example"
    assert d.sections and all(s.fields for s in d.sections)
    assert d.legal_basis


@pytest.mark.parametrize(("code", "index"), EXAMPLE_CASES)
def test_example_validates_without_error(code: str, index: int, units: UnitDirectory) -> None:
    d = BY_CODE[code]
    ex = d.examples[index]
    problems = validate(d, ex.data, documents=ex.documents, today=TODAY, units=units)
    errors = [(p.path, p.code) for p in problems if p.severity is Severity.ERROR]
    assert errors == []


@pytest.mark.parametrize(("code", "index"), EXAMPLE_CASES)
def test_example_has_no_warning_either(code: str, index: int, units: UnitDirectory) -> None:
    """The examples are the reference dossiers: even unverified rules must find nothing."""
    d = BY_CODE[code]
    ex = d.examples[index]
    problems = validate(d, ex.data, documents=ex.documents, today=TODAY, units=units)
    assert [(p.path, p.code) for p in problems] == []


@pytest.mark.parametrize(("code", "index"), EXAMPLE_CASES)
def test_example_is_stored_in_normalized_form(code: str, index: int) -> None:
    d = BY_CODE[code]
    data = d.examples[index].data
    assert normalize(d, data) == data


@pytest.mark.parametrize(("code", "index", "path"), REQUIRED_FIELD_CASES)
def test_removing_a_required_field_is_reported_at_its_path(
    code: str, index: int, path: str
) -> None:
    d = BY_CODE[code]
    ex = d.examples[index]
    problems = validate(d, _without(ex.data, path), documents=ex.documents, today=TODAY)
    assert [p.path for p in problems if p.code == "required"] == [path]


@pytest.mark.parametrize("code", CODES)
def test_every_unconditionally_required_field_is_exercised_by_an_example(code: str) -> None:
    d = BY_CODE[code]
    covered = {
        p.split("[")[0] + ("." + p.split(".")[-1] if "[" in p else "")
        for i, ex in enumerate(d.examples)
        for p in _required_paths(d, ex.data)
    }
    required: set[str] = set()
    for f in d.iter_fields():
        if f.required:
            required.add(f.id)
        for sub in f.fields or ():
            if sub.required:
                required.add(f"{f.id}.{sub.id}")
    exercised = {r for r in required if r in covered}
    repeats_without_items = {
        r for r in required - exercised if "." in r and not _any_items(d, r.split(".")[0])
    }
    assert required - exercised - repeats_without_items == set()


def _any_items(d: ProcedureDefinition, repeat_id: str) -> bool:
    return any(ex.data.get(repeat_id) for ex in d.examples)


@pytest.mark.parametrize(("code", "index", "doc_id"), DOCUMENT_CASES)
def test_removing_a_required_document_is_reported(code: str, index: int, doc_id: str) -> None:
    d = BY_CODE[code]
    ex = d.examples[index]
    assert doc_id in ex.documents, "the example must carry every document it needs"
    left = [x for x in ex.documents if x != doc_id]
    problems = validate(d, ex.data, documents=left, today=TODAY)
    missing = [p.path for p in problems if p.code == "document_missing"]
    assert missing == [f"documents.{doc_id}"]


@pytest.mark.parametrize("code", CODES)
def test_all_labels_are_bilingual_and_nfc(code: str) -> None:
    d = BY_CODE[code]
    texts: list[tuple[str, str | None]] = [(d.title_vi, d.title_en)]
    texts += [(s.title_vi, s.title_en) for s in d.sections]
    for f in _every_field(d):
        texts.append((f.label_vi, f.label_en))
        assert (f.help_vi is None) == (f.help_en is None), f"{f.id}: help in one language only"
        texts.append((f.help_vi or "-", f.help_en or "-"))
        texts += [(o.label_vi, o.label_en) for o in f.options or ()]
    texts += [(doc.label_vi, doc.label_en) for doc in d.documents]
    texts += [(r.message_vi, r.message_en) for r in d.rules]
    for vi, en in texts:
        assert vi and vi.strip() and en and en.strip()
        assert unicodedata.is_normalized("NFC", vi) and unicodedata.is_normalized("NFC", en)


@pytest.mark.parametrize("code", CODES)
def test_conditions_and_cross_checks_name_existing_fields(code: str) -> None:
    d = BY_CODE[code]
    top = {f.id for f in d.iter_fields()}
    conditions: list[tuple[str, str, set[str]]] = []
    for s in d.sections:
        if s.relevant_if:
            conditions.append((s.id, s.relevant_if, top))
        for f in s.fields:
            scope = top | {sub.id for sub in f.fields or ()}
            for sub in (f, *(f.fields or ())):
                for cond in (sub.relevant_if, sub.required_if):
                    if cond:
                        conditions.append((sub.id, cond, scope))
                for ref in (sub.birth_date_field, sub.gender_field, sub.not_before):
                    assert ref is None or ref in scope, f"{sub.id} points at unknown {ref}"
                for target, attribute in (sub.prefill or {}).items():
                    assert target in top, f"{sub.id} prefills unknown field {target}"
                    assert attribute in RESIDENT_ATTRIBUTES
    conditions += [(doc.id, doc.required_if, top) for doc in d.documents if doc.required_if]
    for r in d.rules:
        conditions += [(r.id, c, top) for c in (r.when, r.check) if c]
        assert all(p.split("[")[0].split(".")[0] in top for p in r.paths)
    for where, cond, scope in conditions:
        assert references(cond) <= scope, f"{where}: {cond!r} names an unknown field"


def _compared_literals(text: str) -> Iterator[tuple[str, str]]:
    """(field id, string literal) for every ``field == 'x'`` / ``field in ['x', ...]``."""
    stack: list[Expr] = [parse(text)]
    while stack:
        node = stack.pop()
        if isinstance(node, Compare):
            for name, other in ((node.left, node.right), (node.right, node.left)):
                if isinstance(name, Name):
                    items = other.items if isinstance(other, ListExpr) else (other,)
                    for item in items:
                        if isinstance(item, Literal) and isinstance(item.value, str):
                            yield name.root, item.value
        elif isinstance(node, BoolOp):
            stack += [node.left, node.right]
        elif isinstance(node, Not):
            stack.append(node.operand)


@pytest.mark.parametrize("code", CODES)
def test_select_values_used_in_conditions_are_options(code: str) -> None:
    """A typo in ``variant == '1đ'`` would silently make a condition always false."""
    d = BY_CODE[code]
    options = {f.id: {o.value for o in f.options or ()} for f in _every_field(d) if f.options}
    texts = [c for f in _every_field(d) for c in (f.relevant_if, f.required_if) if c]
    texts += [doc.required_if for doc in d.documents if doc.required_if]
    texts += [c for r in d.rules for c in (r.when, r.check) if c]
    texts += [s.relevant_if for s in d.sections if s.relevant_if]
    compared = [pair for text in texts for pair in _compared_literals(text)]
    for field_id, value in compared:
        assert field_id in options, f"{field_id} compared with {value!r} is not a select"
        assert value in options[field_id], f"{field_id}: {value!r} is not an option"


@pytest.mark.parametrize("code", CODES)
def test_example_addresses_use_shipped_commune_codes(code: str, units: UnitDirectory) -> None:
    d = BY_CODE[code]
    seen = 0
    for ex in d.examples:
        for value in _walk(ex.data):
            if isinstance(value, dict) and "commune_code" in value:
                seen += 1
                commune = units.commune(str(value["commune_code"]))
                assert commune is not None, value
                assert commune.province_code == value.get("province_code")
    assert seen or not any(f.type is FieldType.ADDRESS and f.required for f in d.iter_fields())


def _walk(value: object) -> Iterator[object]:
    yield value
    if isinstance(value, dict):
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)


@pytest.mark.parametrize("code", CODES)
def test_ethnicity_nationality_and_gender_options(code: str) -> None:
    for f in _every_field(BY_CODE[code]):
        values = [o.value for o in f.options or ()]
        if f.id.endswith("ethnicity"):
            assert len(values) == 54 and len(set(values)) == 54
            assert {"Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông"} <= set(values)
            assert f.default == "Kinh"
        elif f.id.endswith("nationality"):
            assert values[0] == "Việt Nam" and f.allow_other
        elif f.id.endswith("gender"):
            assert [(o.value, o.label_en) for o in f.options or ()] == [
                ("Nam", "Male"),
                ("Nữ", "Female"),
            ]


def test_interlinked_procedure_refuses_a_child_aged_six() -> None:
    d = BY_CODE["birth_residence_bhyt_interlinked"]
    ex = d.examples[0]
    data = dict(ex.data, child_dob="2020-11-20")
    problems = validate(d, data, documents=ex.documents, today=TODAY)
    hits = [p for p in problems if p.code == "rule.child_under_6"]
    assert [(p.path, p.severity) for p in hits] == [("child_dob", Severity.ERROR)]


def test_late_birth_registration_only_warns() -> None:
    d = BY_CODE["birth_registration"]
    ex = d.examples[0]
    data = dict(ex.data, child_dob="2026-08-01")
    problems = validate(d, data, documents=ex.documents, today=TODAY)
    late = [p for p in problems if p.code == "rule.registration_within_60_days"]
    assert [(p.path, p.severity) for p in late] == [("child_dob", Severity.WARNING)]
    assert not [p for p in problems if p.severity is Severity.ERROR]


def test_father_section_is_ignored_when_not_declared() -> None:
    d = BY_CODE["birth_registration"]
    ex = d.examples[0]
    data = dict(ex.data, father_declared=False, father_full_name="", father_birth_year="")
    problems = validate(d, data, documents=ex.documents, today=TODAY)
    assert not [p for p in problems if p.path.startswith("father_")]


def test_disability_fields_required_only_for_form_1d_bar() -> None:
    d = BY_CODE["social_assistance_monthly"]
    elderly = d.examples[0]
    assert "disability_type" not in relevant_paths(d, elderly.data, today=TODAY)
    disabled = dict(elderly.data, variant="1đ")
    problems = validate(d, disabled, documents=("form_1x",), today=TODAY)
    assert {p.path for p in problems if p.code in ("required", "document_missing")} == {
        "disability_type",
        "disability_level",
        "documents.disability_certificate",
    }


def test_resources_directory_has_only_definition_files() -> None:
    names = sorted(p.name for p in Path(FORMS_DIR).iterdir())
    assert all(n.endswith(".json") for n in names)
    assert len(names) == len(Catalog.bundled().all_versions())
