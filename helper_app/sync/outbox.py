"""The outbox: the one owner of its entries' states (DESIGN: one owner per state machine).

An entry carries the snapshot it sends (procedure, form version, data, attachment references),
kept after sending so the engine recognises its own op_ids in the server's answers and feed.
Every change of an entry's ``state`` goes through :func:`move`, which checks the transition
table of :mod:`helper_app.sync.outbox_states`; the operations below are the only callers.
Nothing else in the app writes the column (``tests/test_architecture.py`` checks it).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlmodel import Session, col, func, select

from helper_app.store import audit
from helper_app.store.db import Store
from helper_app.store.models import Attachment, Dossier, OutboxEntry, OutboxPayload, utc_now
from helper_app.store.models import AttachmentRef as PayloadFile
from helper_app.sync.lifecycle import EDITABLE_ON_CLIENT, DossierStatus
from helper_app.sync.outbox_states import ACTIVE_STATES, TRANSITIONS, OutboxState
from helper_app.sync.protocol import AttachmentRef, Mutation, MutationKind

__all__ = [
    "ACTIVE_STATES",
    "AcknowledgeError",
    "EntryInFlightError",
    "OutboxState",
    "OutboxTransitionError",
    "acknowledge_refusal",
    "active_entries",
    "counts",
    "drop_pending",
    "enqueue",
    "mark_in_flight",
    "move",
    "quarantine",
    "supersede",
    "supersede_active",
    "supersede_quarantined",
    "to_mutation",
    "waiting",
]

QUARANTINED = OutboxState.QUARANTINED
SUPERSEDED = OutboxState.SUPERSEDED


class OutboxTransitionError(RuntimeError):
    """A move the transition table forbids (a bug: the entry is left as it was)."""


class EntryInFlightError(Exception):
    """An entry of the dossier is being sent: wait for the sync pass to finish."""


def move(entry: OutboxEntry, to: OutboxState, *, now: dt.datetime | None = None) -> None:
    """Set ``entry``'s state to ``to`` if the transition table allows it."""
    current = OutboxState(entry.state)
    if to not in TRANSITIONS[current]:
        raise OutboxTransitionError(f"outbox entry {entry.seq}: {current} -> {to} is not allowed")
    entry.state = to
    entry.updated_at = now or utc_now()


def enqueue(
    session: Session, dossier: Dossier, kind: MutationKind | str, *, now: dt.datetime | None = None
) -> OutboxEntry:
    """A new pending entry of ``kind`` carrying the dossier's current data and files, on its
    server revision; added to ``session`` (the same transaction as the change it carries)."""
    attachments = session.exec(
        select(Attachment)
        .where(Attachment.dossier_id == dossier.id)
        .order_by(col(Attachment.created_at), col(Attachment.id))
    ).all()
    payload = OutboxPayload(
        procedure=dossier.procedure,
        form_version=dossier.form_version,
        data=dict(dossier.data),
        attachments=tuple(
            PayloadFile(slot=a.slot, sha256=a.sha256, size=a.size, mime=a.mime, filename=a.filename)
            for a in attachments
        ),
    )
    at = now or utc_now()
    entry = OutboxEntry(
        dossier_id=dossier.id,
        kind=MutationKind(kind).value,
        base_rev=dossier.server_rev,
        payload=payload.model_dump(mode="json"),
        state=OutboxState.PENDING,
        created_at=at,
        updated_at=at,
    )
    session.add(entry)
    return entry


def active_entries(session: Session, dossier_id: str) -> list[OutboxEntry]:
    """The dossier's entries that still have to reach the server, oldest first."""
    return list(
        session.exec(
            select(OutboxEntry)
            .where(OutboxEntry.dossier_id == dossier_id)
            .where(col(OutboxEntry.state).in_(ACTIVE_STATES))
            .order_by(col(OutboxEntry.seq))
        ).all()
    )


def drop_pending(session: Session, dossier_id: str) -> list[str]:
    """Delete the dossier's pending entries (a newer edit replaces them); their op_ids.

    Raises:
        EntryInFlightError: one is being sent; nothing is dropped.
    """
    active = active_entries(session, dossier_id)
    if any(e.state == OutboxState.IN_FLIGHT for e in active):
        raise EntryInFlightError(dossier_id)
    for entry in active:
        session.delete(entry)
    return [e.op_id for e in active]


def mark_in_flight(session: Session, seqs: Sequence[int]) -> None:
    """The entries ``seqs`` are about to be sent (one more attempt each)."""
    now = utc_now()
    for entry in session.exec(select(OutboxEntry).where(col(OutboxEntry.seq).in_(seqs))).all():
        move(entry, OutboxState.IN_FLIGHT, now=now)
        entry.attempts += 1
        session.add(entry)


def supersede(session: Session, entry: OutboxEntry) -> None:
    """``entry`` is replaced (by a merge, a conflict answer, a fix); its op_id stays known."""
    move(entry, OutboxState.SUPERSEDED)
    session.add(entry)


def supersede_active(session: Session, dossier_id: str) -> int:
    """Supersede every entry of the dossier still on its way (a resolution replaces them)."""
    active = active_entries(session, dossier_id)
    for entry in active:
        supersede(session, entry)
    return len(active)


def supersede_quarantined(session: Session, dossier_id: str) -> int:
    """The volunteer is fixing a refused dossier: its refusals stop counting as quarantined."""
    refused = session.exec(
        select(OutboxEntry).where(
            OutboxEntry.dossier_id == dossier_id, OutboxEntry.state == OutboxState.QUARANTINED
        )
    ).all()
    for entry in refused:
        supersede(session, entry)
    return len(refused)


def quarantine(session: Session, entry: OutboxEntry, reasons: Iterable[dict[str, Any]]) -> None:
    """The server refused ``entry``: keep it with the reasons (shown to the volunteer), audited."""
    move(entry, OutboxState.QUARANTINED)
    kept = list(reasons)
    entry.last_error = json.dumps(kept, ensure_ascii=False)
    session.add(entry)
    audit.record(
        session,
        at=utc_now(),
        actor="sync",
        action="sync.rejected",
        object_type="dossier",
        object_id=entry.dossier_id,
        details={"op_id": entry.op_id, "kind": entry.kind, "errors": len(kept)},
    )


def counts(session: Session) -> dict[OutboxState, int]:
    """How many entries are in each state (every state present, zeros included)."""
    rows = session.exec(
        select(OutboxEntry.state, func.count()).group_by(col(OutboxEntry.state))
    ).all()
    found = {OutboxState(state): int(n) for state, n in rows}
    return {state: found.get(state, 0) for state in OutboxState}


def waiting(session: Session) -> int:
    """Entries that still have to reach the server (pending and in flight)."""
    return int(
        session.exec(select(func.count()).where(col(OutboxEntry.state).in_(ACTIVE_STATES))).one()
    )


def to_mutation(entry: OutboxEntry) -> Mutation:
    """The wire mutation ``entry`` sends."""
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
        supersede(session, entry)
        audit.record(
            session,
            at=utc_now(),
            actor=actor,
            action="sync.refusal_acknowledged",
            object_type="dossier",
            object_id=entry.dossier_id,
            details={"op_id": entry.op_id, "kind": entry.kind},
        )
