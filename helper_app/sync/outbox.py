"""Outbox entries and the wire mutations they become.

An entry carries the snapshot it sends (procedure, form version, data, attachment references),
kept after sending so the engine recognises its own op_ids in the server's answers and feed.
"""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, select

from helper_app import audit
from helper_app.db import Store
from helper_app.models import Attachment, Dossier, OutboxEntry, utc_now
from helper_app.sync.lifecycle import EDITABLE_ON_CLIENT, DossierStatus
from helper_app.sync.protocol import AttachmentRef, Mutation, MutationKind

ACTIVE_STATES = ("pending", "in_flight")
"""States of an entry that still has to reach the server."""
QUARANTINED = "quarantined"
SUPERSEDED = "superseded"


def new_submit_entry(session: Session, dossier: Dossier) -> OutboxEntry:
    """A ``submit`` entry carrying the dossier's current data on its server revision."""
    attachments = session.exec(
        select(Attachment).where(Attachment.dossier_id == dossier.id).order_by(col(Attachment.slot))
    ).all()
    now = utc_now()
    return OutboxEntry(
        dossier_id=dossier.id,
        kind=MutationKind.SUBMIT.value,
        base_rev=dossier.server_rev,
        payload={
            "procedure": dossier.procedure,
            "form_version": dossier.form_version,
            "data": dict(dossier.data),
            "attachments": [
                {
                    "slot": a.slot,
                    "sha256": a.sha256,
                    "size": a.size,
                    "mime": a.mime,
                    "filename": a.filename,
                }
                for a in attachments
            ],
        },
        created_at=now,
        updated_at=now,
    )


def to_mutation(entry: OutboxEntry) -> Mutation:
    payload = entry.payload
    return Mutation(
        op_id=uuid.UUID(entry.op_id),
        dossier_id=uuid.UUID(entry.dossier_id),
        base_rev=entry.base_rev,
        kind=MutationKind(entry.kind),
        procedure=payload.get("procedure"),
        form_version=payload.get("form_version"),
        data=dict(payload.get("data", {})) if entry.kind == MutationKind.SUBMIT.value else {},
        attachments=[AttachmentRef(**ref) for ref in payload.get("attachments", [])]
        if entry.kind == MutationKind.SUBMIT.value
        else [],
    )


class AcknowledgeError(Exception):
    """The entry is not a refusal the volunteer can acknowledge (it still waits for a fix)."""


def acknowledge_refusal(store: Store, seq: int, *, actor: str) -> None:
    """The volunteer has read a refusal that no edit can cure: stop counting it as stuck.

    A withdrawal after an official received the dossier, or a resubmission the server's state
    refuses, stays quarantined (shown with the server's reasons) until acknowledged; the
    dossier already shows the server's state. The entry is kept as ``superseded``, so its op_id
    stays recognisable. A refusal of an editable dossier is cured by editing it instead.

    Raises:
        AcknowledgeError: no such quarantined entry, or its dossier can still be edited.
    """
    with store.write() as session:
        entry = session.get(OutboxEntry, seq)
        if entry is None or entry.state != QUARANTINED:
            raise AcknowledgeError(f"no refused outbox entry {seq}")
        dossier = session.get(Dossier, entry.dossier_id)
        if dossier is not None and DossierStatus(dossier.status) in EDITABLE_ON_CLIENT:
            raise AcknowledgeError(f"dossier {entry.dossier_id} can be edited to fix the refusal")
        entry.state = SUPERSEDED
        entry.updated_at = utc_now()
        session.add(entry)
        audit.record(
            session,
            at=utc_now(),
            actor=actor,
            action="sync.refusal_acknowledged",
            object_type="dossier",
            object_id=entry.dossier_id,
            details={"op_id": entry.op_id, "kind": entry.kind},
        )
