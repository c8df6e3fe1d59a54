"""Catalog loading: broken definition files are refused with a message naming file and key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helper_app.forms import Catalog, DefinitionError, UnknownProcedure
from tests.helper_app.forms.forms_fixtures import birth_raw, write_definition


def test_load_get_versions(tmp_path: Path) -> None:
    raw = birth_raw()
    write_definition(tmp_path, raw)
    raw2 = birth_raw()
    raw2["version"] = 2
    raw2["title_vi"] = "Phiên bản 2"
    write_definition(tmp_path / "sub", raw2)
    other = birth_raw()
    other["code"] = "another"
    write_definition(tmp_path, other)
    cat = Catalog.from_directory(tmp_path)
    assert len(cat) == 3
    assert cat.get("test_birth").version == 2
    assert cat.get("test_birth", 1).version == 1
    assert [d.key for d in cat.all_versions()] == ["another@1", "test_birth@1", "test_birth@2"]
    assert [d.key for d in cat.current()] == ["another@1", "test_birth@2"]
    assert "another" in cat


def test_unknown_procedure_is_a_key_error_naming_the_code(tmp_path: Path) -> None:
    cat = Catalog.from_directory(tmp_path)
    with pytest.raises(KeyError):
        cat.get("nope")
    with pytest.raises(UnknownProcedure, match="'nope'"):
        cat.get("nope")
    write_definition(tmp_path, birth_raw())
    with pytest.raises(UnknownProcedure, match="test_birth version 9"):
        Catalog.from_directory(tmp_path).get("test_birth", 9)


def _broken(tmp_path: Path, content: bytes) -> str:
    (tmp_path / "bad.json").write_bytes(content)
    with pytest.raises(DefinitionError) as info:
        Catalog.from_directory(tmp_path)
    assert "bad.json" in str(info.value)
    return str(info.value)


def test_malformed_json(tmp_path: Path) -> None:
    assert "malformed JSON at line 1" in _broken(tmp_path, b'{"code": ')


def test_not_utf8(tmp_path: Path) -> None:
    text = json.dumps(birth_raw(), ensure_ascii=False).encode("cp1258", errors="replace")
    assert "not UTF-8" in _broken(tmp_path, text)


def test_empty_file(tmp_path: Path) -> None:
    assert "malformed JSON" in _broken(tmp_path, b"")


def test_model_error_names_the_key(tmp_path: Path) -> None:
    raw = birth_raw()
    raw["sections"][1]["fields"][0]["type"] = "colour"
    del raw["title_en"]
    msg = _broken(tmp_path, json.dumps(raw).encode())
    assert "sections[1].fields[0].type" in msg
    assert "title_en" in msg


def test_not_an_object(tmp_path: Path) -> None:
    assert "Input should be" in _broken(tmp_path, b"[1, 2]")


def test_duplicate_field_ids_across_sections(tmp_path: Path) -> None:
    raw = birth_raw()
    raw["sections"][2]["fields"][0]["id"] = "child_name"
    msg = _broken(tmp_path, json.dumps(raw).encode())
    assert "duplicate field id 'child_name'" in msg
    assert "sections[2].fields[0].id" in msg


def test_duplicate_ids_in_repeat_documents_options(tmp_path: Path) -> None:
    raw = birth_raw()
    raw["sections"][1]["fields"][5]["fields"][1]["id"] = "name"
    raw["documents"][1]["id"] = "birth_certificate"
    raw["sections"][0]["fields"][2]["options"][1]["value"] = "Nam"
    msg = _broken(tmp_path, json.dumps(raw, ensure_ascii=False).encode())
    assert "duplicate field id 'name'" in msg
    assert "duplicate id 'birth_certificate' in documents" in msg
    assert "duplicate option value 'Nam'" in msg


def test_repeat_sub_field_may_shadow_top_level_id(tmp_path: Path) -> None:
    raw = birth_raw()
    raw["sections"][1]["fields"][5]["fields"][0]["id"] = "child_name"
    write_definition(tmp_path, raw)
    assert len(Catalog.from_directory(tmp_path)) == 1


def test_condition_that_does_not_parse(tmp_path: Path) -> None:
    raw = birth_raw()
    raw["sections"][2]["relevant_if"] = "paternity_declared = true"
    raw["rules"][0]["check"] = "system('rm -rf /')"
    msg = _broken(tmp_path, json.dumps(raw).encode())
    assert "sections[2].relevant_if" in msg and "position 19" in msg
    assert "rules[0].check" in msg and "unknown function 'system'" in msg


def test_same_code_and_version_in_two_files(tmp_path: Path) -> None:
    write_definition(tmp_path, birth_raw(), name="a.json")
    write_definition(tmp_path, birth_raw(), name="b.json")
    with pytest.raises(DefinitionError, match="already defined in"):
        Catalog.from_directory(tmp_path)


def test_bundled_catalog_loads() -> None:
    # resources/forms is written by the definitions engineer; whatever is there must load
    cat = Catalog.bundled()
    assert all(d.version >= 1 for d in cat.current())
