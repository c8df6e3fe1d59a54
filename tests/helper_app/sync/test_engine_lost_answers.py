"""Invariants 3 and 4: a request sent again after a lost answer is applied once, and an answer
lost after the server applied our op never turns into a conflict with ourselves.

The server and the HTTP exchange are real; only the answer is thrown away on the client side
after it arrived (:class:`AnswerLosingClient`), which is what a dropped link looks like to us.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from helper_app.store.models import OutboxEntry
from helper_app.sync import errors
from helper_app.sync.lifecycle import DossierStatus
from tests.helpers.sync_world import AnswerLosingClient, Laptop, Officer


def _entries(laptop: Laptop) -> list[OutboxEntry]:
    with laptop.store.read() as session:
        return list(session.exec(select(OutboxEntry).order_by(OutboxEntry.seq)))  # type: ignore[arg-type]


def test_lost_answer_then_retry_applies_once(
    laptop: Laptop, officer: Officer, tmp_path: Path
) -> None:
    dossier_id = laptop.new_birth_dossier(tmp_path)
    with pytest.raises(errors.OfflineError):
        laptop.sync(AnswerLosingClient(laptop.client()))
    (entry,) = _entries(laptop)
    assert entry.state == "in_flight"
    # The volunteer cannot edit while the fate of the op is unknown (no half-sent edits).
    assert officer.get(dossier_id)["rev"] == 1

    result = laptop.sync()
    assert result.applied == 1 and result.conflicts == 0
    assert officer.get(dossier_id)["rev"] == 1  # applied once, not twice
    assert laptop.dossiers.get(dossier_id).status is DossierStatus.SUBMITTED
    assert len(officer.queue()) == 1


def test_lost_answer_then_new_local_edit_is_no_conflict(
    laptop: Laptop, officer: Officer, tmp_path: Path
) -> None:
    dossier_id = laptop.new_birth_dossier(tmp_path)
    laptop.sync()
    officer.set_status(dossier_id, "supplement_requested", message="Sửa nơi sinh", checklist=["x"])
    laptop.sync()
    laptop.dossiers.update_fields(dossier_id, {"child_birthplace": "Nhà hộ sinh A"})
    laptop.dossiers.finalize(dossier_id)
    with pytest.raises(errors.OfflineError):
        laptop.sync(AnswerLosingClient(laptop.client()))

    # Next pass: the server already holds our edit; its answer is a duplicate, not a conflict.
    laptop.sync()
    officer.set_status(dossier_id, "supplement_requested", message="Sửa lần 2", checklist=["y"])
    laptop.sync()
    laptop.dossiers.update_fields(dossier_id, {"child_birthplace": "Nhà hộ sinh B"})
    laptop.dossiers.finalize(dossier_id)
    result = laptop.sync()
    assert result.conflicts == 0 and result.applied == 1
    server = officer.get(dossier_id)
    assert server["data"]["child_birthplace"] == "Nhà hộ sinh B"
    actions = [h["action"] for h in server["history"]]
    assert actions.count("submit") == 3  # first submission + two resubmissions, none doubled
    assert len(officer.queue()) == 1
