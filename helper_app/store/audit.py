"""The audit trail of the local store: one event per domain operation, in its transaction.

An event says who (the volunteer's name or ``cli``), did what (``dossier.finalize``), to which
object (type and id), when (UTC), with a few details. Details may only use the keys in
:data:`DETAIL_KEYS`, none of which can hold personal data (field ids, never field values; a
sha256, never a file name), so the audit trail can be exported or logged without exposing
residents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from sqlmodel import Session, col, select

from helper_app.store.models import AuditEvent

DETAIL_KEYS: frozenset[str] = frozenset(
    {
        "procedure",
        "form_version",
        "fields",
        "slot",
        "sha256",
        "size",
        "mime",
        "status_from",
        "status_to",
        "op_id",
        "kind",
        "warnings",
        "errors",
        "dropped_op_id",
        "source",
        "imported",
        "updated",
        "rejected",
    }
)
"""The only detail keys an event may carry (a test-time guard against leaking personal data)."""

AuditValue = str | int | bool | None | Sequence[str]


def record(
    session: Session,
    *,
    at: dt.datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    details: Mapping[str, AuditValue] | None = None,
) -> AuditEvent:
    """Add one audit event to the session's transaction.

    Raises:
        ValueError: a detail key is not in :data:`DETAIL_KEYS` (a programming error).
    """
    clean: dict[str, object] = {}
    for key, value in (details or {}).items():
        if key not in DETAIL_KEYS:
            raise ValueError(f"audit detail key {key!r} is not allowed")
        clean[key] = list(value) if isinstance(value, list | tuple) else value
    event = AuditEvent(
        at=at,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        details=clean,
    )
    session.add(event)
    return event


def events_for(session: Session, object_type: str, object_id: str) -> list[AuditEvent]:
    """Every event about one object, oldest first."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.object_type == object_type, AuditEvent.object_id == object_id)
        .order_by(col(AuditEvent.id))
    )
    return list(session.exec(query))
