"""validate(): every problem at once, relevance, required-if, rules, documents, severities."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from helper_app.forms import ProcedureDefinition, UnitDirectory, validate
from helper_app.forms.catalog import definition_from_object
from helper_app.forms.validate import is_required, relevant_paths, visible_data
from tests.helper_app.forms.forms_fixtures import TODAY, VALID_DATA, birth_raw

DOCS = ("birth_certificate", "power_of_attorney")


def run(d: ProcedureDefinition, data: dict[str, Any], **kw: Any) -> list[tuple[str, str, str]]:
    kw.setdefault("documents", DOCS)
    problems = validate(d, data, today=TODAY, **kw)
    return [(p.path, p.code, p.severity.value) for p in problems]


def with_(**changes: object) -> dict[str, object]:
    data = dict(VALID_DATA)
    data.update(changes)
    return {k: val for k, val in data.items() if val is not None}


def test_example_is_valid(birth: ProcedureDefinition, units: UnitDirectory) -> None:
    assert run(birth, dict(VALID_DATA), units=units) == []


def test_empty_dossier_reports_every_required_field_at_once(birth: ProcedureDefinition) -> None:
    got = run(birth, {}, documents=())
    assert [p for p, c, s in got if c == "required"] == [
        "requester_name",
        "requester_pid",
        "child_name",
        "child_dob",
        "consent",
    ]
    assert ("documents.birth_certificate", "document_missing", "error") in got
    assert all(s == "error" for _, c, s in got if c == "required")


def test_every_problem_has_both_messages(birth: ProcedureDefinition) -> None:
    problems = validate(birth, {"phone": "123", "email": "x", "copies": 99}, today=TODAY)
    assert len(problems) >= 8
    assert all(p.message_vi and p.message_en and p.message_vi != p.message_en for p in problems)


def test_hidden_section_is_neither_validated_nor_required(birth: ProcedureDefinition) -> None:
    data = with_(father_name="123 invalid", father_birth_year="garbage")
    assert run(birth, data) == []
    assert "father_name" not in relevant_paths(birth, data, today=TODAY)
    assert "father_name" not in visible_data(birth, data, today=TODAY)


def test_shown_section_is_validated(birth: ProcedureDefinition) -> None:
    got = run(birth, with_(paternity_declared=True))
    assert got == [("father_name", "required", "error")]
    got = run(birth, with_(paternity_declared=True, father_name="Trần Văn Ba"))
    # required_if on a [K] field: only a warning
    assert got == [("father_birth_year", "required", "warning")]
    got = run(
        birth,
        with_(paternity_declared=True, father_name="Trần Văn Ba", father_birth_year="1988"),
    )
    assert got == []


def test_is_required(birth: ProcedureDefinition) -> None:
    fields = {f.id: f for f in birth.iter_fields()}
    assert is_required(fields["child_name"], {})
    assert not is_required(fields["father_birth_year"], {})
    assert is_required(fields["father_birth_year"], {"father_name": "x"})


def test_pid_cross_checked_with_birth_date_and_gender(birth: ProcedureDefinition) -> None:
    got = run(birth, with_(requester_dob="1991-03-04", requester_gender="Nữ"))
    assert got == [
        ("requester_pid", "pid.birth_year_mismatch", "error"),
        ("requester_pid", "pid.gender_mismatch", "error"),
    ]


def test_wrong_types_are_type_errors_never_exceptions(birth: ProcedureDefinition) -> None:
    data = with_(
        requester_name=["list"],
        requester_pid=27090001234,
        child_dob={"d": 1},
        consent="yes",
        copies="3",
        siblings="none",
        residence="Bắc Ninh",
        channels="sms",
        resident=5,
        requester_gender=1,
        birth_time=730,
    )
    got = run(birth, data)
    assert {(p, c) for p, c, _ in got if c == "type"} == {
        ("requester_name", "type"),
        ("requester_pid", "type"),
        ("child_dob", "type"),
        ("consent", "type"),
        ("copies", "type"),
        ("siblings", "type"),
        ("residence", "type"),
        ("channels", "type"),
        ("resident", "type"),
        ("requester_gender", "type"),
        ("birth_time", "type"),
    }


def test_data_not_an_object() -> None:
    d = definition_from_object(birth_raw())
    got = validate(d, ["not", "a", "dict"], today=TODAY)  # type: ignore[arg-type]
    assert [(p.path, p.code) for p in got] == [("", "type")]


def test_unknown_keys_warn(birth: ProcedureDefinition) -> None:
    got = run(birth, with_(surprise=1, siblings=[{"name": "An", "extra": 1}]))
    assert ("surprise", "unknown_field", "warning") in got
    assert ("siblings[0].extra", "unknown_field", "warning") in got


def test_repeat_items_paths_and_item_scope(birth: ProcedureDefinition) -> None:
    siblings = [
        {"name": "An"},
        {"name": "Bình", "twin": True},
        {"dob": "1980-01-01"},
    ]
    got = run(birth, with_(siblings=siblings))
    assert ("siblings[1].twin_note", "required", "error") in got
    assert ("siblings[2].name", "required", "error") in got
    assert ("siblings[2].dob", "date.before", "error") in got  # not before requester_dob
    assert not any(p.startswith("siblings[0]") for p, _, _ in got)
    paths = relevant_paths(birth, with_(siblings=siblings), today=TODAY)
    assert "siblings[1].twin_note" in paths and "siblings[0].twin_note" not in paths


def test_repeat_max_items(birth: ProcedureDefinition) -> None:
    got = run(birth, with_(siblings=[{"name": "A"}] * 4))
    assert ("siblings", "repeat.too_many", "error") in got


def test_rules_with_severity_and_source_status(birth: ProcedureDefinition) -> None:
    got = run(birth, with_(child_dob="1980-01-01"))
    assert ("child_dob", "rule.child_after_requester", "error") in got
    # error-severity rule with source_status K is downgraded
    assert ("child_dob", "rule.late_registration", "warning") in got


def test_rule_skipped_while_compared_value_missing(birth: ProcedureDefinition) -> None:
    got = run(birth, with_(child_dob=None))
    assert ("child_dob", "required", "error") in got
    assert not any(c.startswith("rule.") for _, c, _ in got)


def test_documents(birth: ProcedureDefinition) -> None:
    assert run(birth, dict(VALID_DATA), documents=("birth_certificate", "power_of_attorney")) == []
    got = run(birth, dict(VALID_DATA), documents=("power_of_attorney", "bogus"))
    assert got == [
        ("documents.birth_certificate", "document_missing", "error"),
        ("documents.bogus", "unknown_document", "warning"),
    ]
    # required_if holds (requester is not the child); the slot is [K]: warning
    got = run(birth, dict(VALID_DATA), documents=("birth_certificate",))
    assert got == [("documents.power_of_attorney", "document_missing", "warning")]
    assert run(birth, dict(VALID_DATA), documents=(), check_documents=False) == []


def test_definition_level_uncertainty_downgrades_requirements() -> None:
    raw = birth_raw()
    raw["source_status"] = "?"
    d = definition_from_object(raw)
    got = validate(d, {}, today=TODAY)
    assert got and all(p.severity.value == "warning" for p in got if p.code == "required")


def test_address_checks(birth: ProcedureDefinition, units: UnitDirectory) -> None:
    def addr(**a: object) -> list[tuple[str, str, str]]:
        return run(birth, with_(residence=a), units=units)

    assert addr(detail="Thôn 1", commune_code="07627", province_code="24") == []
    assert addr(commune_code="07627", province_code="01") == [
        ("residence.commune_code", "address.commune_province", "error")
    ]
    assert addr(commune_code="99999", province_code="24") == [
        ("residence.commune_code", "address.commune_unknown", "warning")
    ]
    assert addr(commune_code="7627", province_code="24") == [
        ("residence.commune_code", "address.commune_code", "error")
    ]
    assert addr(commune_code="07627", province_code="77") == [
        ("residence.province_code", "address.province_unknown", "error"),
        ("residence.commune_code", "address.commune_province", "error"),
    ]
    assert (
        addr(
            legacy=True,
            commune_name="Xã Đại Phúc",
            district_name="TP Bắc Ninh",
            province_name="Bắc Ninh",
        )
        == []
    )
    assert addr(legacy=True, commune_name="Xã X") == [
        ("residence.province_name", "address.province_missing", "error")
    ]
    assert addr(commune_code="07627", province_code="24", evil="x") == [
        ("residence", "type", "error")
    ]
    # without a directory only the shape is checked
    assert run(birth, with_(residence={"commune_code": "99999", "province_code": "77"})) == []


def test_select_multiselect_yesno_person(birth: ProcedureDefinition) -> None:
    got = run(
        birth,
        with_(
            requester_gender="Other", channels=["sms", "fax", "sms"], consent=False, resident="   "
        ),
    )
    assert ("requester_gender", "select.option", "error") in got
    assert ("channels[1]", "select.option", "error") in got
    assert ("channels", "multiselect.duplicate", "error") in got
    assert ("consent", "yesno.must_be_true", "error") in got
    # whitespace-only person id counts as empty (not required here)
    assert not any(p == "resident" for p, _, _ in got)


json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.text(max_size=12),
        st.sampled_from(["1990-03-04", "027090001234", "0912345678", "Nam", "Nữ"]),
    ),
    lambda c: st.one_of(
        st.lists(c, max_size=3), st.dictionaries(st.text(max_size=5), c, max_size=3)
    ),
    max_leaves=6,
)
field_ids = st.sampled_from(
    [f["id"] for s in birth_raw()["sections"] for f in s["fields"]] + ["zzz"]
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(field_ids, json_values), st.lists(st.text(max_size=8), max_size=3))
def test_validate_never_raises(data: dict[str, object], docs: list[str]) -> None:
    d = definition_from_object(birth_raw())
    problems = validate(
        d,
        data,
        documents=docs,
        today=TODAY,
        units=UnitDirectory.from_mapping({"provinces": [], "communes": []}),
    )
    for p in problems:
        assert p.message_vi and p.message_en
