"""The definition linter (``helper-app forms check``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from helper_app.forms.lint import UnreadableFile, lint_file
from tests.helper_app.forms.forms_fixtures import TODAY, write_definition
from tests.helper_app.forms.forms_fixtures import birth_raw as fixture_raw


def birth_raw() -> dict[str, Any]:
    """The fixture definition without its deliberate unsourced error-severity rule."""
    raw = fixture_raw()
    raw["rules"][1]["severity"] = "warning"
    return raw


def lines(path: Path, today: dt.date = TODAY) -> list[str]:
    return [f.line("F") for f in lint_file(path, today=today)]


def test_clean_definition_has_no_findings(tmp_path: Path) -> None:
    assert lines(write_definition(tmp_path, birth_raw())) == []


def test_unknown_references(tmp_path: Path) -> None:
    raw = birth_raw()
    raw["sections"][2]["relevant_if"] = "paternity == true"
    fields = raw["sections"][0]["fields"]
    fields[3]["birth_date_field"] = "dob"
    fields[3]["gender_field"] = "sex"
    raw["sections"][1]["fields"][5]["fields"][1]["not_before"] = "nowhere"
    raw["sections"][3]["fields"][2]["prefill"] = {"child_name": "full_name", "ghost": "x"}
    raw["rules"][0]["check"] = "child_dob > mother_dob"
    raw["rules"][0]["paths"] = ["child_dob", "ghost_path"]
    raw["documents"][1]["required_if"] = "requester_name != kid_name"
    got = lines(write_definition(tmp_path, raw))
    assert "F: sections[2].relevant_if: condition names unknown field 'paternity'" in got
    assert "F: sections[0].fields[3].birth_date_field: unknown field 'dob'" in got
    assert "F: sections[0].fields[3].gender_field: unknown field 'sex'" in got
    assert "F: sections[1].fields[5].fields[1].not_before: unknown field 'nowhere'" in got
    assert "F: sections[3].fields[2].prefill: prefill target 'ghost' is not a field" in got
    assert "F: rules[0].check: condition names unknown field 'mother_dob'" in got
    assert "F: rules[0].paths: path 'ghost_path' is not a field" in got
    assert "F: documents[1].required_if: condition names unknown field 'kid_name'" in got


def test_repeat_sub_fields_resolve_inside_their_item(tmp_path: Path) -> None:
    raw = birth_raw()
    # twin_note's relevant_if names the sibling sub-field 'twin': fine inside the item
    assert lines(write_definition(tmp_path, raw)) == []
    raw["sections"][0]["fields"][0]["relevant_if"] = "twin == true"
    got = lines(write_definition(tmp_path, raw))
    assert got == ["F: sections[0].fields[0].relevant_if: condition names unknown field 'twin'"]


def test_translations(tmp_path: Path) -> None:
    raw = birth_raw()
    raw["sections"][0]["fields"][0]["label_en"] = "Họ tên"  # copied Vietnamese
    raw["sections"][0]["fields"][1]["label_en"] = "  "
    raw["sections"][0]["fields"][2]["help_vi"] = "Chọn một"
    raw["sections"][0]["fields"][4]["label_en"] = raw["sections"][0]["fields"][4]["label_vi"] = (
        "SMS"
    )
    got = lines(write_definition(tmp_path, raw))
    assert (
        "F: sections[0].fields[0]: warning: label of 'requester_name': "
        "English text is the Vietnamese text"
    ) in got
    assert "F: sections[0].fields[1]: label of 'requester_dob': empty text" in got
    assert (
        "F: sections[0].fields[2]: help of 'requester_gender': the English text is missing" in got
    )
    assert not any("fields[4]" in line for line in got)  # identical but no diacritics: fine


def test_unsourced_error_rule_warns(tmp_path: Path) -> None:
    got = lines(write_definition(tmp_path, fixture_raw()))
    assert got == [
        "F: rules[1]: warning: rule 'late_registration' has severity error but "
        "source_status 'K': it will only ever warn"
    ]


def test_examples_must_validate(tmp_path: Path) -> None:
    raw = birth_raw()
    raw["examples"][0]["data"]["requester_pid"] = "027190001234"
    raw["examples"][0]["data"]["stray"] = 1
    raw["examples"].append({"name": "empty", "data": {}})
    got = lines(write_definition(tmp_path, raw))
    assert (
        "F: examples[0]: example 'complete': requester_pid: pid.gender_mismatch: "
        "The 4th digit of the ID number encodes a different gender from the one declared."
    ) in got
    assert any("stray: unknown_field" in line and "warning" in line for line in got)
    assert any("example 'empty': child_name: required" in line for line in got)
    raw = birth_raw()
    raw["examples"] = []
    assert lines(write_definition(tmp_path, raw)) == [
        "F: examples: no example: add one realistic complete dossier"
    ]


def test_broken_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"{,}")
    assert [f.path for f in lint_file(bad, today=TODAY)] == [""]
    bad.write_bytes(b"\xc3\x28{}")
    assert "not UTF-8" in lint_file(bad, today=TODAY)[0].message
    with pytest.raises(UnreadableFile):
        lint_file(tmp_path / "missing.json", today=TODAY)
    with pytest.raises(UnreadableFile):
        lint_file(tmp_path, today=TODAY)


def test_file_name_should_match_code_and_version(tmp_path: Path) -> None:
    path = write_definition(tmp_path, birth_raw(), name="whatever.json")
    assert lines(path) == ["F: -: warning: file name should be 'test_birth.v1.json'"]
