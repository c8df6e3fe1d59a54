"""Residents directory: accent-insensitive search by name, search by ID and phone, prefill."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from helper_app.forms import Catalog
from helper_app.residents import ResidentDirectory, ResidentRecord, fts_query, prefill_for
from helper_app.store.db import Store
from tests.helpers.store import make_resident, write_definition


@pytest.fixture
def directory(store: Store) -> ResidentDirectory:
    make_resident(store, full_name="Nguyễn Văn An", personal_id="027090004815", phone="0912345678")
    make_resident(store, full_name="Trần Thị Nguyệt", personal_id="027190001111", phone=None)
    make_resident(store, full_name="Đặng Đức Đạt", personal_id="024095002222", phone="0387654321")
    make_resident(store, full_name="Lê Hoà", personal_id="027085003333", phone="0977000111")
    return ResidentDirectory(store)


def _names(directory: ResidentDirectory, query: str) -> list[str]:
    return [r.full_name for r in directory.search(query)]


@pytest.mark.parametrize(
    "query", ["Nguyễn", "nguyen", "NGUYỄN", unicodedata.normalize("NFD", "Nguyễn"), "  nguyen  "]
)
def test_nguyen_is_found_however_it_is_typed(directory: ResidentDirectory, query: str) -> None:
    assert _names(directory, query) == ["Nguyễn Văn An"]


def test_d_with_stroke_matches_plain_d(directory: ResidentDirectory) -> None:
    assert _names(directory, "dang duc dat") == ["Đặng Đức Đạt"]
    assert _names(directory, "ĐẶNG") == ["Đặng Đức Đạt"]


def test_partial_words_match_by_prefix(directory: ResidentDirectory) -> None:
    assert _names(directory, "nguy") == ["Nguyễn Văn An", "Trần Thị Nguyệt"]
    assert _names(directory, "ng v a") == ["Nguyễn Văn An"]
    assert _names(directory, "an nguyen") == ["Nguyễn Văn An"]  # any word order


def test_names_starting_with_the_query_come_first(store: Store) -> None:
    make_resident(store, full_name="Trần Văn Nguyên", personal_id="027090000001")
    make_resident(store, full_name="Nguyên Thị Lan", personal_id="027190000002")
    assert [r.full_name for r in ResidentDirectory(store).search("nguyen")] == [
        "Nguyên Thị Lan",
        "Trần Văn Nguyên",
    ]


def test_tone_placement_variants_match(directory: ResidentDirectory) -> None:
    assert _names(directory, "Lê Hòa") == ["Lê Hoà"]


@pytest.mark.parametrize("query", ["027090004815", "027 090 004 815", "027.090.004.815"])
def test_search_by_personal_id(directory: ResidentDirectory, query: str) -> None:
    assert _names(directory, query) == ["Nguyễn Văn An"]


@pytest.mark.parametrize("query", ["0912345678", "0912 345 678", "+84 912 345 678", "84912345678"])
def test_search_by_phone(directory: ResidentDirectory, query: str) -> None:
    assert _names(directory, query) == ["Nguyễn Văn An"]


def test_search_by_number_prefix(directory: ResidentDirectory) -> None:
    assert set(_names(directory, "0271")) == {"Trần Thị Nguyệt"}
    assert set(_names(directory, "027")) == {"Nguyễn Văn An", "Trần Thị Nguyệt", "Lê Hoà"}


@pytest.mark.parametrize(
    "query", ["", "   ", '"', "*", "nguyen OR x", 'a" OR "b', "'; DROP TABLE residents; --", "^"]
)
def test_hostile_or_empty_queries_are_harmless(directory: ResidentDirectory, query: str) -> None:
    directory.search(query)  # no FTS syntax error, no SQL error
    assert directory.count() == 4


def test_fts_query_quotes_every_token() -> None:
    assert fts_query('Nguyễn "Văn" OR *') == '"nguyen"* AND "van"* AND "or"*'
    assert fts_query("  ") is None


def test_limit_is_honoured(store: Store) -> None:
    for i in range(30):
        make_resident(store, full_name=f"Nguyễn Thị Hoa {chr(65 + i % 26)}", personal_id=None)
    assert len(ResidentDirectory(store).search("nguyen", limit=7)) == 7


def test_renaming_updates_the_search_index(store: Store) -> None:
    directory = ResidentDirectory(store)
    make_resident(store, full_name="Phạm Văn Cũ", personal_id="027090009999")
    directory.save(ResidentRecord(full_name="Phạm Văn Mới", personal_id="027090009999"))
    assert _names(directory, "cu") == []
    assert _names(directory, "moi") == ["Phạm Văn Mới"]
    assert directory.count() == 1


def test_i_and_y_spellings_find_each_other(store: Store) -> None:
    for name in ("Lê Văn Sỹ", "Trần Sĩ Hùng", "Phạm Thị Thúy", "Hoàng Mĩ", "Lê Minh", "Đỗ Quỳnh"):
        make_resident(store, full_name=name, personal_id=None)
    directory = ResidentDirectory(store)
    for query in ("si", "sy", "Sĩ", "SỸ"):
        assert sorted(_names(directory, query)) == ["Lê Văn Sỹ", "Trần Sĩ Hùng"], query
    assert _names(directory, "le van si") == ["Lê Văn Sỹ"]
    assert _names(directory, "thuy") == ["Phạm Thị Thúy"]
    assert _names(directory, "thui") == [], "uy is not ui"
    assert _names(directory, "my") == ["Hoàng Mĩ"], "the twin is a whole word: not Minh"
    assert _names(directory, "quy") == ["Đỗ Quỳnh"], "a word being typed still finds its own"
    assert fts_query("le si") == '"le"* AND ("si"* OR "sy")'


def test_households_group_residents(store: Store) -> None:
    directory = ResidentDirectory(store)
    head = directory.save(
        ResidentRecord(
            full_name="Ngô Văn Bố",
            personal_id="027070000001",
            household_code="HK-01",
            household_head=True,
        )
    )
    directory.save(
        ResidentRecord(full_name="Ngô Thị Con", personal_id="027310000002", household_code="HK-01")
    )
    members = directory.members("HK-01")
    assert [m.full_name for m in members] == ["Ngô Thị Con", "Ngô Văn Bố"]
    assert {m.household_id for m in members} == {head.household_id}


def test_prefill_maps_attributes_onto_the_form(store: Store, tmp_path: Path) -> None:
    write_definition(tmp_path / "forms")
    definition = Catalog.from_directory(tmp_path / "forms").get("mini_permit")
    resident = make_resident(store, gender="female", phone=None)
    values = prefill_for(resident, definition)
    assert values == {
        "applicant_person": resident.id,
        "full_name": "Nguyễn Văn An",
        "personal_id": "027090004815",
        "birth_date": "1990-03-15",
        "gender": "Nữ",  # mapped onto the select's option
    }
    assert prefill_for(resident, definition, field_id="no_such_field") == {}


def test_prefilling_a_person_behind_a_yes_no_answers_yes(store: Store) -> None:
    """The father's section shows when "father_declared == true"; choosing him says yes."""
    definition = Catalog.bundled().get("birth_registration")
    resident = make_resident(store)
    father = prefill_for(resident, definition, field_id="father_person")
    assert father["father_declared"] is True
    assert father["father_person"] == resident.id
    mother = prefill_for(resident, definition, field_id="mother_person")
    assert not any(key.startswith("father") for key in mother)
