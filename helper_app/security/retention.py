"""Removing residents' data from the laptop: the retention purge and "erase this resident".

* :func:`purge_received` removes dossiers the server has taken over (``received``,
  ``processing``, ``completed``, ``rejected``, and withdrawals the server knows) once they have
  not changed for the retention period, nothing is waiting to be sent for them and no conflict
  is open. The attachment files go first, and only when the server has confirmed every one of
  the dossier's hashes (sync state ``blob:<sha256>``); a dossier with an unconfirmed file is
  kept and counted. Then the rows go in one transaction (attachments, outbox entries and
  conflicts follow by ``ON DELETE CASCADE``), one audit event per dossier records the purge.
* :func:`erase_resident` removes a resident, every local dossier that names them (by resident
  id or personal ID), their files, the audit events about them, and their household if no one
  else is in it; one audit event records that an erasure happened, not what was erased.

Both end with the full-text index merged (so the erased name leaves its old segments),
``secure_delete`` having zeroed the freed pages, and the WAL checkpointed and truncated.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session, col, delete, func, select

from helper_app.dossier_types import DossierNotFound, wait_for_sync
from helper_app.store import audit
from helper_app.store.attachments import AttachmentStore
from helper_app.store.db import Store
from helper_app.store.models import (
    Attachment,
    AuditEvent,
    Conflict,
    Dossier,
    Household,
    OutboxEntry,
    Resident,
    utc_now,
)
from helper_app.sync import state
from helper_app.sync.lifecycle import DossierStatus
from helper_app.sync.outbox_states import OutboxState

DEFAULT_RETENTION_DAYS = 30
"""Days a received dossier stays on the laptop after its last change (configurable)."""

PURGEABLE: frozenset[str] = frozenset(
    {
        DossierStatus.RECEIVED.value,
        DossierStatus.PROCESSING.value,
        DossierStatus.COMPLETED.value,
        DossierStatus.REJECTED.value,
        DossierStatus.WITHDRAWN.value,
    }
)
_BLOCKING_OUTBOX = (OutboxState.PENDING, OutboxState.IN_FLIGHT, OutboxState.QUARANTINED)
_NOT_DIGIT = re.compile(r"\D")


@dataclass(frozen=True)
class PurgeReport:
    """What a purge did: dossiers and files removed, dossiers kept for unconfirmed files."""

    dossiers: int
    files: int
    kept_unconfirmed: int


@dataclass(frozen=True)
class EraseReport:
    """What an erasure removed (counts only)."""

    dossiers: int
    files: int


def _blocked(session: Session, ids: list[str]) -> set[str]:
    if not ids:
        return set()
    waiting = session.exec(
        select(OutboxEntry.dossier_id).where(
            col(OutboxEntry.dossier_id).in_(ids), col(OutboxEntry.state).in_(_BLOCKING_OUTBOX)
        )
    )
    open_conflicts = session.exec(
        select(Conflict.dossier_id).where(
            col(Conflict.dossier_id).in_(ids), col(Conflict.resolved_at).is_(None)
        )
    )
    return set(waiting) | set(open_conflicts)


def _shas(session: Session, ids: Iterable[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    rows = session.exec(select(Attachment).where(col(Attachment.dossier_id).in_(list(ids))))
    for att in rows:
        found.setdefault(att.dossier_id, set()).add(att.sha256)
    return found


def _unused_elsewhere(session: Session, shas: set[str], leaving: set[str]) -> set[str]:
    if not shas:
        return set()
    still = session.exec(
        select(Attachment.sha256).where(
            col(Attachment.sha256).in_(shas), col(Attachment.dossier_id).not_in(leaving)
        )
    )
    return shas - set(still)


def purge_received(
    store: Store,
    files: AttachmentStore,
    *,
    days: int = DEFAULT_RETENTION_DAYS,
    clock: Callable[[], dt.datetime] = utc_now,
    actor: str = "retention",
) -> PurgeReport:
    """Remove dossiers the server has taken over and that have not changed for ``days`` days.

    Raises:
        ValueError: ``days`` is negative.
    """
    if days < 0:
        raise ValueError("days must be >= 0")
    now = clock()
    cutoff = now - dt.timedelta(days=days)
    with store.read() as session:
        rows = session.exec(
            select(Dossier).where(
                col(Dossier.status).in_(PURGEABLE),
                col(Dossier.server_rev).is_not(None),
                col(Dossier.updated_at) < cutoff,
            )
        ).all()
        ids = [r.id for r in rows]
        blocked = _blocked(session, ids)
        confirmed = state.confirmed_blobs(session)
        by_dossier = _shas(session, ids)
        ready = {i for i in ids if i not in blocked and by_dossier.get(i, set()) <= confirmed}
        kept = len([i for i in ids if i not in blocked and i not in ready])
        shas = set().union(*(by_dossier.get(i, set()) for i in ready)) if ready else set()
        removable = _unused_elsewhere(session, shas, ready)
    for sha in sorted(removable):  # the files first, then the rows
        files.delete(sha)
    if ready:
        with store.write() as session:
            for dossier in session.exec(select(Dossier).where(col(Dossier.id).in_(ready))):
                audit.record(
                    session,
                    at=now,
                    actor=actor,
                    action="dossier.purge",
                    object_type="dossier",
                    object_id=dossier.id,
                    details={"status_from": dossier.status},
                )
                session.delete(dossier)
        store.checkpoint()
    return PurgeReport(dossiers=len(ready), files=len(removable), kept_unconfirmed=kept)


def _mentions(value: object, resident_id: str, personal_id: str | None) -> bool:
    if isinstance(value, dict):
        return any(_mentions(v, resident_id, personal_id) for v in value.values())
    if isinstance(value, list):
        return any(_mentions(v, resident_id, personal_id) for v in value)
    if not isinstance(value, str):
        return False
    if value == resident_id:
        return True
    return personal_id is not None and _NOT_DIGIT.sub("", value) == personal_id


def _dossiers_of(session: Session, resident: Resident) -> list[Dossier]:
    pid = resident.personal_id
    clause = "instr(data, :rid) > 0"
    params: dict[str, str] = {"rid": resident.id}
    if pid:
        clause += " OR instr(replace(replace(replace(data, ' ', ''), '.', ''), '-', ''), :pid) > 0"
        params["pid"] = pid
    ids = [r[0] for r in session.execute(text(f"SELECT id FROM dossiers WHERE {clause}"), params)]
    rows = session.exec(select(Dossier).where(col(Dossier.id).in_(ids))).all()
    return [
        r
        for r in rows
        if _mentions(r.data, resident.id, pid) or _mentions(r.synced_snapshot, resident.id, pid)
    ]


def erase_resident(
    store: Store,
    files: AttachmentStore,
    resident_id: str,
    *,
    actor: str,
    clock: Callable[[], dt.datetime] = utc_now,
) -> EraseReport:
    """Remove a resident and every local dossier naming them (on the resident's request).

    Raises:
        DossierNotFound: no such resident.
        WaitForSync: one of their dossiers is being sent right now (retry after sync).
    """
    now = clock()
    with store.write() as session:
        resident = session.exec(select(Resident).where(Resident.id == resident_id)).first()
        if resident is None:
            raise DossierNotFound(
                f"Không tìm thấy cư dân {resident_id}.", f"No resident {resident_id}."
            )
        dossiers = _dossiers_of(session, resident)
        ids = {d.id for d in dossiers}
        in_flight = session.exec(
            select(func.count()).where(
                col(OutboxEntry.dossier_id).in_(ids), OutboxEntry.state == OutboxState.IN_FLIGHT
            )
        ).one()
        if in_flight:
            raise wait_for_sync()
        shas = set().union(*_shas(session, ids).values()) if ids else set()
        removable = _unused_elsewhere(session, shas, ids)
        household_id = resident.household_id
        for dossier in dossiers:
            session.delete(dossier)
        session.delete(resident)
        session.flush()
        _drop_empty_household(session, household_id)
        session.execute(
            delete(AuditEvent).where(col(AuditEvent.object_id).in_(ids | {resident_id}))
        )
        audit.record(
            session,
            at=now,
            actor=actor,
            action="resident.erase",
            object_type="resident",
            object_id=resident_id,
        )
        session.execute(text("INSERT INTO residents_fts(residents_fts) VALUES ('optimize')"))
    for sha in sorted(removable):
        files.delete(sha)
    store.checkpoint()
    return EraseReport(dossiers=len(ids), files=len(removable))


def _drop_empty_household(session: Session, household_id: str | None) -> None:
    if household_id is None:
        return
    left = session.exec(select(func.count()).where(Resident.household_id == household_id)).one()
    if not left:
        household = session.get(Household, household_id)
        if household is not None:
            session.delete(household)
