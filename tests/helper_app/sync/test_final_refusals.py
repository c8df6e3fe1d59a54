"""A refusal no edit can cure is shown, then acknowledged: it does not stay "stuck" forever.

Issue 11: a withdrawal refused because an official had already received the dossier stayed
counted as quarantined for good, since a received dossier cannot be edited to clear it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from helper_app.store.models import OutboxEntry
from helper_app.sync import outbox
from helper_app.sync.lifecycle import DossierStatus
from helper_app.sync.outbox_states import OutboxState
from helper_app.sync.service import SyncService
from helper_app.ui.outbox.queries import read_outbox
from tests.helpers.sync_world import Laptop, Officer


def _quarantined(laptop: Laptop) -> int:
    return SyncService(laptop.store, laptop.files, None).status().quarantined


def test_refused_withdrawal_is_shown_then_acknowledged(
    laptop: Laptop, officer: Officer, tmp_path: Path
) -> None:
    dossier_id = laptop.new_birth_dossier(tmp_path)
    laptop.sync()
    officer.set_status(dossier_id, "received")
    laptop.dossiers.withdraw(dossier_id)  # offline: the laptop does not know yet
    laptop.sync()
    assert laptop.dossiers.get(dossier_id).status is DossierStatus.RECEIVED
    assert _quarantined(laptop) == 1

    (row,) = read_outbox(laptop.store, ["child_full_name"]).rows
    assert row.state == "quarantined" and row.final
    assert any("tiếp nhận" in r.message_vi for r in row.reasons)

    outbox.acknowledge_refusal(laptop.store, row.seq, actor="tnv")
    assert _quarantined(laptop) == 0
    assert read_outbox(laptop.store, ["child_full_name"]).rows == []
    laptop.sync()  # nothing comes back, nothing is sent
    assert _quarantined(laptop) == 0
    assert officer.get(dossier_id)["status"] == "received"
    with pytest.raises(outbox.AcknowledgeError):
        outbox.acknowledge_refusal(laptop.store, row.seq, actor="tnv")  # only once


def test_a_refusal_the_volunteer_can_fix_cannot_be_waved_away(
    laptop: Laptop, officer: Officer, tmp_path: Path
) -> None:
    """A dossier still editable is fixed and sent again, not acknowledged and forgotten."""
    dossier_id = laptop.new_birth_dossier(tmp_path)
    with laptop.store.write() as session:
        entry = session.exec(select(OutboxEntry).where(OutboxEntry.dossier_id == dossier_id)).one()
        entry.state = OutboxState.QUARANTINED  # as the engine leaves a validation refusal
        entry.last_error = json.dumps([{"path": "phone", "code": "format", "message_vi": "x"}])
        session.add(entry)
        seq = entry.seq
    assert seq is not None
    (row,) = read_outbox(laptop.store, ["child_full_name"]).rows
    assert not row.final
    with pytest.raises(outbox.AcknowledgeError):
        outbox.acknowledge_refusal(laptop.store, seq, actor="tnv")
    assert _quarantined(laptop) == 1
