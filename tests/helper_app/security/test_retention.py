"""Retention purge (files first, only when the server confirmed them) and resident erasure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import select

from helper_app.dossiers import DossierNotFound, DossierService
from helper_app.residents import ResidentDirectory
from helper_app.security.retention import erase_resident, purge_received
from helper_app.store.attachments import AttachmentStore
from helper_app.store.db import Store
from helper_app.store.models import AuditEvent, Dossier, OutboxEntry, Resident
from helper_app.sync import state
from helper_app.sync.outbox_states import OutboxState
from tests.helpers.store import VALID_DATA, FixedClock, make_png, make_resident


def _received(store: Store, dossier_id: str, *, days_ago: int, now: dt.datetime) -> None:
    with store.write() as session:
        row = session.get(Dossier, dossier_id)
        assert row is not None
        row.status, row.server_rev = "received", 3
        row.updated_at = now - dt.timedelta(days=days_ago)
        session.add(row)
        for entry in session.exec(select(OutboxEntry).where(OutboxEntry.dossier_id == row.id)):
            entry.state = OutboxState.DONE
            session.add(entry)


def _sent(service: DossierService, tmp_path: Path, name: str) -> tuple[str, str]:
    view = service.create_draft("mini_permit", data=VALID_DATA)
    info = service.attach(view.id, "id_card", make_png(tmp_path / f"{name}.png", width=len(name)))
    service.finalize(view.id)
    return view.id, info.sha256


def _confirm(store: Store, sha: str) -> None:
    with store.write() as session:
        state.confirm_blob(session, sha)


def test_purge_removes_old_received_dossiers_files_first(
    store: Store, service: DossierService, files: AttachmentStore, clock: FixedClock, tmp_path: Path
) -> None:
    now = clock.now
    old, old_sha = _sent(service, tmp_path, "old")
    unconfirmed, unconfirmed_sha = _sent(service, tmp_path, "unconfirmed")
    recent, recent_sha = _sent(service, tmp_path, "recent")
    queued, _ = _sent(service, tmp_path, "queued")
    _received(store, old, days_ago=40, now=now)
    _received(store, unconfirmed, days_ago=40, now=now)
    _received(store, recent, days_ago=5, now=now)
    for sha in (old_sha, recent_sha):
        _confirm(store, sha)
    report = purge_received(store, files, days=30, clock=lambda: now)
    assert (report.dossiers, report.files, report.kept_unconfirmed) == (1, 1, 1)
    assert not files.exists(old_sha) and files.exists(unconfirmed_sha) and files.exists(recent_sha)
    with pytest.raises(DossierNotFound):
        service.get(old)
    for kept in (unconfirmed, recent, queued):
        service.get(kept)
    with store.read() as session:
        assert not session.exec(select(OutboxEntry).where(OutboxEntry.dossier_id == old)).all()
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "dossier.purge"))
        assert [e.object_id for e in events] == [old]
    assert store.path.with_name(store.path.name + "-wal").stat().st_size == 0
    assert purge_received(store, files, days=30, clock=lambda: now).dossiers == 0


def test_erase_resident_removes_them_and_their_dossiers(
    store: Store, service: DossierService, files: AttachmentStore, tmp_path: Path
) -> None:
    person = make_resident(store, full_name="Vũ Thị Sen", personal_id="027190001234")
    other = make_resident(store, full_name="Lý Văn Tám", personal_id="027090001234")
    by_link = service.create_draft("mini_permit", prefill_from={"applicant_person": person.id})
    by_pid = service.create_draft("mini_permit", data={"personal_id": "027 190 001 234"})
    not_theirs = service.create_draft("mini_permit", prefill_from={"applicant_person": other.id})
    sha = service.attach(by_link.id, "id_card", make_png(tmp_path / "a.png")).sha256
    report = erase_resident(store, files, person.id, actor="tnv")
    assert report.dossiers == 2 and report.files == 1 and not files.exists(sha)
    assert ResidentDirectory(store).get(person.id) is None
    assert ResidentDirectory(store).search("vu thi sen") == []
    assert ResidentDirectory(store).search("ly van tam")[0].id == other.id
    service.get(not_theirs.id)
    for gone in (by_link.id, by_pid.id):
        with pytest.raises(DossierNotFound):
            service.get(gone)
    with store.read() as session:
        events = list(session.exec(select(AuditEvent)))
        assert session.exec(select(Resident).where(Resident.id == person.id)).first() is None
    erased = [e for e in events if e.action == "resident.erase"]
    assert len(erased) == 1 and erased[0].details == {} and erased[0].object_id == person.id
    assert not [e for e in events if e.object_id in (by_link.id, by_pid.id)]
    raw = b"".join(p.read_bytes() for p in store.path.parent.glob("helper.sqlite3*"))
    assert (
        b"027190001234" not in raw and "Vũ Thị Sen".encode() not in raw and b"vu thi sen" not in raw
    )
    with pytest.raises(DossierNotFound):
        erase_resident(store, files, person.id, actor="tnv")
