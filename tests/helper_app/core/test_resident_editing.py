"""Adding and editing one resident: the edit changes that person, whatever was changed.

``save`` matches on the personal ID (imports); the "add" and "edit" forms use ``add`` and
``update``, so editing someone without an ID, or correcting a mistyped ID, never creates a
second person, and no form can overwrite another person's record by typing their ID.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helper_app.residents import (
    ResidentConflict,
    ResidentDirectory,
    ResidentGone,
    ResidentRecord,
)
from helper_app.store.db import Store


def test_editing_someone_without_an_id_keeps_one_person(store: Store) -> None:
    directory = ResidentDirectory(store)
    added = directory.add(ResidentRecord(full_name="Trần Văn Bé", birth_date="2019"))
    edited = directory.update(
        added.id, ResidentRecord(full_name="Trần Văn Bảo", birth_date="2019-03-04", phone=None)
    )
    assert edited.id == added.id
    assert directory.count() == 1
    assert [r.full_name for r in directory.search("bao")] == ["Trần Văn Bảo"]
    assert directory.search("be") == []


def test_correcting_a_mistyped_id_changes_that_person(store: Store) -> None:
    directory = ResidentDirectory(store)
    added = directory.add(ResidentRecord(full_name="Lê Thị Hà", personal_id="027190001111"))
    directory.update(added.id, ResidentRecord(full_name="Lê Thị Hà", personal_id="027190001112"))
    assert directory.count() == 1
    assert [r.id for r in directory.search("027190001112")] == [added.id]
    assert directory.search("027190001111") == []


def test_no_form_can_take_another_persons_id(store: Store) -> None:
    directory = ResidentDirectory(store)
    first = directory.add(ResidentRecord(full_name="Nguyễn Văn An", personal_id="027090004815"))
    second = directory.add(ResidentRecord(full_name="Nguyễn Văn Ân"))
    with pytest.raises(ResidentConflict) as caught:
        directory.add(ResidentRecord(full_name="Người Khác", personal_id="027090004815"))
    assert "another resident" in caught.value.message_en
    assert "027090004815" not in str(caught.value), "no personal data in messages"
    with pytest.raises(ResidentConflict):
        directory.update(second.id, ResidentRecord(full_name="Ân", personal_id="027090004815"))
    assert directory.get(first.id) is not None
    assert directory.get(first.id).full_name == "Nguyễn Văn An"  # type: ignore[union-attr]
    assert directory.get(second.id).personal_id is None  # type: ignore[union-attr]
    assert directory.count() == 2


def test_keeping_ones_own_id_is_fine(store: Store) -> None:
    directory = ResidentDirectory(store)
    added = directory.add(ResidentRecord(full_name="Phạm Đức", personal_id="024095002222"))
    again = directory.update(
        added.id, ResidentRecord(full_name="Phạm Đức Anh", personal_id="024095002222")
    )
    assert again.full_name == "Phạm Đức Anh" and directory.count() == 1


def test_editing_an_erased_resident_is_refused(store: Store) -> None:
    with pytest.raises(ResidentGone):
        ResidentDirectory(store).update("no-such-id", ResidentRecord(full_name="Ai Đó"))


names = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạềếệọộờớỳ ", min_size=1, max_size=30)
ids = st.one_of(st.none(), st.from_regex(r"0[0-9]{11}", fullmatch=True))


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(names, ids), min_size=1, max_size=8))
def test_any_sequence_of_edits_keeps_exactly_one_person(
    store: Store, edits: list[tuple[str, str | None]]
) -> None:
    directory = ResidentDirectory(store)
    before = directory.count()
    person = directory.add(ResidentRecord(full_name="Khởi Đầu"))
    for name, personal_id in edits:
        try:
            person = directory.update(
                person.id, ResidentRecord(full_name=name.strip() or "X", personal_id=personal_id)
            )
        except ResidentConflict:
            continue  # an ID an earlier example's person holds: refused, nothing changed
    assert directory.count() == before + 1
    assert directory.get(person.id) == person
