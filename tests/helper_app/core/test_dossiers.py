"""Dossier operations the way a volunteer drives them: draft, edit, attach, finalize, withdraw."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlmodel import select

from helper_app.dossiers import (
    DossierNotFound,
    DossierService,
    FinalizeBlocked,
    NotEditable,
    SlotError,
    WaitForSync,
)
from helper_app.store.attachments import AttachmentError, AttachmentStore
from helper_app.store.audit import events_for
from helper_app.store.db import Store
from helper_app.store.models import Dossier, OutboxEntry
from helper_app.sync.lifecycle import DossierStatus
from helper_app.sync.outbox_states import OutboxState
from tests.helpers.store import VALID_DATA, make_jpeg, make_pdf, make_png, make_resident


def _outbox(store: Store, dossier_id: str) -> list[OutboxEntry]:
    with store.read() as session:
        query = select(OutboxEntry).where(OutboxEntry.dossier_id == dossier_id)
        return list(session.exec(query))


def _actions(store: Store, dossier_id: str) -> list[str]:
    with store.read() as session:
        return [e.action for e in events_for(session, "dossier", dossier_id)]


def _ready(service: DossierService, tmp_path: Path) -> str:
    draft = service.create_draft("mini_permit", data=VALID_DATA)
    service.attach(draft.id, "id_card", make_jpeg(tmp_path / "cccd.jpg"))
    return draft.id


def _set(store: Store, dossier_id: str, **values: object) -> None:
    with store.write() as session:
        row = session.get(Dossier, dossier_id)
        assert row is not None
        for key, value in values.items():
            setattr(row, key, value)
        session.add(row)


def test_create_a_draft_and_read_it_back(service: DossierService, store: Store) -> None:
    draft = service.create_draft("mini_permit", data={"full_name": "Lê Văn Tám"})
    assert draft.status is DossierStatus.DRAFT
    assert (draft.procedure, draft.form_version) == ("mini_permit", 1)
    assert draft.created_at.tzinfo is not None
    again = service.get(draft.id)
    assert again.data == {"full_name": "Lê Văn Tám"} and again.created_by == "tester"
    assert _actions(store, draft.id) == ["dossier.create"]
    assert _outbox(store, draft.id) == []


def test_a_draft_is_prefilled_from_a_resident(service: DossierService, store: Store) -> None:
    resident = make_resident(store, gender="Nữ", full_name="Đỗ Thị Hằng")
    draft = service.create_draft(
        "mini_permit", data={"phone": "0987654321"}, prefill_from={"applicant_person": resident.id}
    )
    assert draft.data["applicant_person"] == resident.id
    assert draft.data["full_name"] == "Đỗ Thị Hằng"
    assert draft.data["gender"] == "Nữ"
    assert draft.data["phone"] == "0987654321"  # typed data wins over the prefill


def test_update_fields_sets_and_removes_values(service: DossierService, store: Store) -> None:
    draft = service.create_draft("mini_permit", data={"full_name": "A", "phone": "0912345678"})
    updated = service.update_fields(draft.id, {"full_name": "Lê Thị B", "phone": None})
    assert updated.data == {"full_name": "Lê Thị B"}
    assert service.get(draft.id).data == {"full_name": "Lê Thị B"}
    with store.read() as session:
        last = events_for(session, "dossier", draft.id)[-1]
    assert last.action == "dossier.update"
    assert last.details == {"fields": ["full_name", "phone"]}
    assert "Lê Thị B" not in str(last.details)


def test_attach_real_files_to_slots(service: DossierService, tmp_path: Path) -> None:
    draft = service.create_draft("mini_permit")
    jpg = service.attach(draft.id, "id_card", make_jpeg(tmp_path / "front.jpg"))
    pdf = service.attach(draft.id, "id_card", make_pdf(tmp_path / "back.pdf"))
    png = service.attach(draft.id, "photo", make_png(tmp_path / "photo.png"))
    assert [a.mime for a in (jpg, pdf, png)] == ["image/jpeg", "application/pdf", "image/png"]
    view = service.get(draft.id)
    assert [a.slot for a in view.attachments] == ["id_card", "id_card", "photo"]
    assert view.attachments[0].filename == "front.jpg"


def test_attaching_to_an_unknown_or_full_slot_is_refused(
    service: DossierService, tmp_path: Path, files: AttachmentStore
) -> None:
    draft = service.create_draft("mini_permit")
    with pytest.raises(SlotError, match="no document slot 'passport'"):
        service.attach(draft.id, "passport", make_png(tmp_path / "p.png"))
    service.attach(draft.id, "photo", make_png(tmp_path / "p.png"))
    refused = make_pdf(tmp_path / "q.pdf")
    with pytest.raises(SlotError, match="maximum of 1"):
        service.attach(draft.id, "photo", refused)
    assert not files.exists(hashlib.sha256(refused.read_bytes()).hexdigest()), "never copied"


def test_a_refused_file_changes_nothing(service: DossierService, tmp_path: Path) -> None:
    draft = service.create_draft("mini_permit")
    bad = tmp_path / "virus.png"
    bad.write_bytes(b"#!/bin/sh\necho hi\n")
    with pytest.raises(AttachmentError):
        service.attach(draft.id, "id_card", bad)
    assert service.get(draft.id).attachments == ()


def test_removing_an_attachment_deletes_the_file_only_when_unused(
    service: DossierService, files: AttachmentStore, tmp_path: Path
) -> None:
    one = service.create_draft("mini_permit")
    two = service.create_draft("mini_permit")
    a1 = service.attach(one.id, "id_card", make_png(tmp_path / "same.png"))
    a2 = service.attach(two.id, "id_card", make_png(tmp_path / "same-again.png"))
    assert a1.sha256 == a2.sha256
    service.remove_attachment(one.id, a1.id)
    assert files.exists(a1.sha256), "still used by the other dossier"
    service.remove_attachment(two.id, a2.id)
    assert not files.exists(a1.sha256)
    with pytest.raises(DossierNotFound):
        service.remove_attachment(two.id, a2.id)


def test_finalize_blocked_reports_every_problem_and_changes_nothing(
    service: DossierService, store: Store
) -> None:
    draft = service.create_draft("mini_permit", data={"personal_id": "12345", "phone": "abc"})
    with pytest.raises(FinalizeBlocked) as err:
        service.finalize(draft.id)
    paths = {p.path for p in err.value.problems if p.is_error}
    assert {"full_name", "personal_id", "phone", "documents.id_card"} <= paths
    assert "documents.id_card" in err.value.message_en
    after = service.get(draft.id)
    assert after.status is DossierStatus.DRAFT and after.data == draft.data
    assert _outbox(store, draft.id) == []


def test_finalize_queues_the_dossier_with_one_outbox_entry(
    service: DossierService, store: Store, tmp_path: Path
) -> None:
    dossier_id = _ready(service, tmp_path)
    queued = service.finalize(dossier_id)
    assert queued.status is DossierStatus.QUEUED
    assert queued.data["personal_id"] == "027090004815"  # normalized
    assert queued.data["phone"] == "0912345678"
    assert queued.data["full_name"] == "Nguyễn Văn An"
    assert [w.path for w in queued.warnings] == ["email"]  # unverified rule: warning only
    assert [w.path for w in service.get(dossier_id).warnings] == ["email"]
    [entry] = _outbox(store, dossier_id)
    assert (entry.kind, entry.state, entry.base_rev, entry.attempts) == (
        "submit",
        "pending",
        None,
        0,
    )
    assert entry.payload["data"] == queued.data
    assert entry.payload["procedure"] == "mini_permit" and entry.payload["form_version"] == 1
    [ref] = entry.payload["attachments"]
    assert ref["slot"] == "id_card" and ref["mime"] == "image/jpeg" and len(ref["sha256"]) == 64
    assert _actions(store, dossier_id)[-1] == "dossier.finalize"
    assert service.finalize(dossier_id).status is DossierStatus.QUEUED  # idempotent
    assert len(_outbox(store, dossier_id)) == 1


def test_editing_a_queued_dossier_takes_it_out_of_the_queue(
    service: DossierService, store: Store, tmp_path: Path
) -> None:
    dossier_id = _ready(service, tmp_path)
    service.finalize(dossier_id)
    edited = service.update_fields(dossier_id, {"phone": "0987654321"})
    assert edited.status is DossierStatus.DRAFT
    assert _outbox(store, dossier_id) == []
    again = service.finalize(dossier_id)
    assert again.status is DossierStatus.QUEUED
    [entry] = _outbox(store, dossier_id)
    assert entry.payload["data"]["phone"] == "0987654321"


def test_an_edit_waits_while_the_entry_is_in_flight(
    service: DossierService, store: Store, tmp_path: Path
) -> None:
    dossier_id = _ready(service, tmp_path)
    service.finalize(dossier_id)
    with store.write() as session:
        [entry] = session.exec(select(OutboxEntry)).all()
        entry.state = OutboxState.IN_FLIGHT
        session.add(entry)
    with pytest.raises(WaitForSync, match="wait for sync"):
        service.update_fields(dossier_id, {"phone": "0987654321"})
    with pytest.raises(WaitForSync):
        service.attach(dossier_id, "photo", make_png(tmp_path / "p.png"))
    assert service.get(dossier_id).status is DossierStatus.QUEUED


@pytest.mark.parametrize(
    "status", ["submitted", "received", "processing", "completed", "rejected", "withdrawn"]
)
def test_editing_a_dossier_past_the_queue_is_refused(
    service: DossierService, store: Store, tmp_path: Path, status: str
) -> None:
    dossier_id = _ready(service, tmp_path)
    _set(store, dossier_id, status=status, server_rev=3)
    with pytest.raises(NotEditable) as err:
        service.update_fields(dossier_id, {"phone": "0987654321"})
    assert status in err.value.message_en and status in err.value.message_vi
    with pytest.raises(NotEditable):
        service.attach(dossier_id, "photo", make_png(tmp_path / "p.png"))
    with pytest.raises(NotEditable):
        service.finalize(dossier_id)
    assert service.get(dossier_id).data == VALID_DATA


def test_a_supplement_request_is_edited_and_resubmitted_on_the_server_rev(
    service: DossierService, store: Store, tmp_path: Path
) -> None:
    dossier_id = _ready(service, tmp_path)
    _set(store, dossier_id, status="supplement_requested", server_rev=7)
    service.update_fields(dossier_id, {"phone": "0987654321"})
    assert service.finalize(dossier_id).status is DossierStatus.QUEUED
    [entry] = _outbox(store, dossier_id)
    assert (entry.kind, entry.base_rev) == ("submit", 7)
    back = service.update_fields(dossier_id, {"phone": "0912345678"})
    assert back.status is DossierStatus.SUPPLEMENT_REQUESTED  # still on the server
    assert _outbox(store, dossier_id) == []


def test_withdraw_a_draft_is_local(service: DossierService, store: Store) -> None:
    draft = service.create_draft("mini_permit")
    assert service.withdraw(draft.id).status is DossierStatus.WITHDRAWN
    assert _outbox(store, draft.id) == []
    assert _actions(store, draft.id)[-1] == "dossier.withdraw"


def test_withdraw_a_queued_never_sent_dossier_drops_its_submission(
    service: DossierService, store: Store, tmp_path: Path
) -> None:
    dossier_id = _ready(service, tmp_path)
    service.finalize(dossier_id)
    assert service.withdraw(dossier_id).status is DossierStatus.WITHDRAWN
    assert _outbox(store, dossier_id) == []


def test_withdraw_a_submitted_dossier_queues_a_withdraw_entry(
    service: DossierService, store: Store, tmp_path: Path
) -> None:
    dossier_id = _ready(service, tmp_path)
    _set(store, dossier_id, status="submitted", server_rev=4)
    assert service.withdraw(dossier_id).status is DossierStatus.WITHDRAWN
    [entry] = _outbox(store, dossier_id)
    assert (entry.kind, entry.base_rev, entry.state) == ("withdraw", 4, "pending")


@pytest.mark.parametrize("status", ["received", "processing", "completed", "rejected"])
def test_withdraw_after_an_official_received_it_is_refused(
    service: DossierService, store: Store, tmp_path: Path, status: str
) -> None:
    dossier_id = _ready(service, tmp_path)
    _set(store, dossier_id, status=status, server_rev=4)
    with pytest.raises(NotEditable, match="cannot be withdrawn"):
        service.withdraw(dossier_id)
    assert _outbox(store, dossier_id) == []


def test_unknown_dossier_is_reported(service: DossierService) -> None:
    with pytest.raises(DossierNotFound):
        service.get("no-such-id")


def test_a_never_sent_draft_can_be_deleted(
    service: DossierService, files: AttachmentStore, tmp_path: Path
) -> None:
    dossier_id = _ready(service, tmp_path)
    sha = service.get(dossier_id).attachments[0].sha256
    service.delete_draft(dossier_id)
    assert not files.exists(sha)
    with pytest.raises(DossierNotFound):
        service.get(dossier_id)


def test_summaries_filter_by_status(service: DossierService, tmp_path: Path) -> None:
    service.create_draft("mini_permit")
    queued = _ready(service, tmp_path)
    service.finalize(queued)
    assert [s.id for s in service.summaries(DossierStatus.QUEUED)] == [queued]
    assert len(service.summaries()) == 2


def test_attach_bytes_from_memory(service: DossierService, tmp_path: Path) -> None:
    draft = service.create_draft("mini_permit", data=VALID_DATA)
    png = make_png(tmp_path / "p.png").read_bytes()
    info = service.attach_bytes(draft.id, "id_card", png, "anh-cccd.png")
    view = service.get(draft.id)
    assert [a.sha256 for a in view.attachments] == [info.sha256]
    assert view.attachments[0].filename == "anh-cccd.png"
