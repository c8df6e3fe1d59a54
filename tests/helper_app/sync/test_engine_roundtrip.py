"""A dossier's whole trip: finalize on the laptop -> server -> official -> back to the laptop."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from helper_app.store import audit
from helper_app.store.models import OutboxEntry
from helper_app.sync.lifecycle import DossierStatus
from tests.helpers.sync_world import Laptop, Officer


def test_submit_then_receipt_flows_back(laptop: Laptop, officer: Officer, tmp_path: Path) -> None:
    dossier_id = laptop.new_birth_dossier(tmp_path)
    assert laptop.dossiers.get(dossier_id).status is DossierStatus.QUEUED

    first = laptop.sync()
    assert first.applied == 1 and first.drained and first.uploaded_blobs == 1

    local = laptop.dossiers.get(dossier_id)
    assert local.status is DossierStatus.SUBMITTED
    assert local.server_rev is not None
    on_server = officer.get(dossier_id)
    assert on_server["data"] == local.data
    assert on_server["status"] == "submitted"
    assert [a["sha256"] for a in on_server["attachments"]] == [a.sha256 for a in local.attachments]

    received = officer.set_status(dossier_id, "received")
    second = laptop.sync()
    assert second.pulled >= 1
    local = laptop.dossiers.get(dossier_id)
    assert local.status is DossierStatus.RECEIVED
    assert local.receipt_code == received["receipt_code"] and local.receipt_code


def test_supplement_request_makes_it_editable_and_resubmission_applies(
    laptop: Laptop, officer: Officer, tmp_path: Path
) -> None:
    dossier_id = laptop.new_birth_dossier(tmp_path)
    laptop.sync()
    officer.set_status(
        dossier_id,
        "supplement_requested",
        message="Bổ sung số điện thoại người yêu cầu",
        checklist=["child_birthplace"],
    )
    laptop.sync()
    local = laptop.dossiers.get(dossier_id)
    assert local.status is DossierStatus.SUPPLEMENT_REQUESTED
    assert local.last_message == "Bổ sung số điện thoại người yêu cầu"
    assert local.official_checklist == ("child_birthplace",)
    with laptop.store.read() as session:
        history = [(e.action, e.actor) for e in audit.events_for(session, "dossier", dossier_id)]
    assert ("sync.applied", "sync") in history
    official = officer.get(dossier_id)["updated_by"]["username"]
    assert ("server.request_supplement", official) in history

    laptop.dossiers.update_fields(dossier_id, {"child_birthplace": "Trạm y tế phường Kinh Bắc"})
    laptop.dossiers.finalize(dossier_id)
    result = laptop.sync()
    assert result.applied == 1 and result.conflicts == 0
    assert officer.get(dossier_id)["data"]["child_birthplace"] == "Trạm y tế phường Kinh Bắc"
    assert laptop.dossiers.get(dossier_id).status is DossierStatus.SUBMITTED


def test_second_pass_sends_nothing_again(laptop: Laptop, tmp_path: Path) -> None:
    laptop.new_birth_dossier(tmp_path)
    laptop.sync()
    again = laptop.sync()
    assert again.pushed == 0 and again.uploaded_blobs == 0 and again.drained
    with laptop.store.read() as session:
        states = [e.state for e in session.exec(select(OutboxEntry))]
    assert states == ["done"]
