"""Outbox rows for the queue screen, as plain Python (run on the store worker).

Each row names the dossier (procedure and person), what is being sent, its state, the attempts
and, for a quarantined entry, the server's reasons: ``last_error`` holds a JSON list of
``{path, code, message_vi, message_en}`` written by the sync engine. Entries already answered
(done, superseded) are not shown. A refused entry of a dossier that can no longer be edited (a
withdrawal after the official received it) is *final*: the volunteer acknowledges it instead of
fixing it. The last pass comes from ``sync_state.last_pass``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from helper_app.store.db import Store
from helper_app.sync import outbox, state
from helper_app.sync.lifecycle import EDITABLE_ON_CLIENT
from helper_app.sync.outbox import OutboxState

SHOWN_STATES = (OutboxState.QUARANTINED, OutboxState.IN_FLIGHT, OutboxState.PENDING)
"""What the queue page lists, in this order."""
_EDITABLE = {s.value for s in EDITABLE_ON_CLIENT}
ROW_LIMIT = 1000


@dataclass(frozen=True)
class Reason:
    """One reason the server gave for refusing an entry."""

    path: str
    message_vi: str
    message_en: str


@dataclass(frozen=True)
class OutboxRow:
    """One entry of the queue."""

    seq: int
    dossier_id: str
    procedure: str
    person: str
    kind: str
    state: str
    attempts: int
    updated_at: dt.datetime
    reasons: tuple[Reason, ...]
    final: bool = False
    """A refusal no edit can cure (the dossier is no longer editable): the volunteer reads it and
    acknowledges it (:func:`helper_app.sync.outbox.acknowledge_refusal`)."""


@dataclass(frozen=True)
class OutboxSnapshot:
    """The queue screen's content."""

    rows: list[OutboxRow]
    counts: dict[OutboxState, int]
    last_pass: dict[str, Any] | None


def parse_reasons(raw: str | None) -> tuple[Reason, ...]:
    """The server's reasons from ``last_error`` (any text that is not the JSON list: one line)."""
    if not raw:
        return ()
    try:
        items = json.loads(raw)
    except ValueError:
        return (Reason("", raw, raw),)
    if not isinstance(items, list):
        items = [items]
    reasons = []
    for item in items:
        if isinstance(item, dict):
            vi = str(item.get("message_vi") or item.get("message_en") or item.get("code") or "")
            en = str(item.get("message_en") or vi)
            reasons.append(Reason(str(item.get("path") or ""), vi, en))
        else:
            reasons.append(Reason("", str(item), str(item)))
    return tuple(reasons)


def _aware(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def read_outbox(store: Store, name_fields: list[str]) -> OutboxSnapshot:
    """Quarantined first, then in flight, then waiting (oldest first within each)."""
    fields = [f for f in name_fields if f.isidentifier() and f.isascii()]
    extracts = [f"NULLIF(json_extract(d.data, '$.{f}'), '')" for f in fields]
    person = f"COALESCE({', '.join(extracts)}, '')" if extracts else "''"
    sql = text(
        f"SELECT o.seq, o.dossier_id, d.procedure, {person}, o.kind, o.state, o.attempts, "
        "o.updated_at, o.last_error, d.status FROM outbox o JOIN dossiers d ON d.id = o.dossier_id "
        "WHERE o.state IN (:s0, :s1, :s2) "
        "ORDER BY CASE o.state WHEN :s0 THEN 0 WHEN :s1 THEN 1 ELSE 2 END, o.seq LIMIT :n"
    )
    shown = {f"s{i}": s.value for i, s in enumerate(SHOWN_STATES)}
    with store.read() as session:
        raw_rows = session.execute(sql, {"n": ROW_LIMIT, **shown}).all()
        counts = outbox.counts(session)
        last_pass = state.get(session, state.LAST_PASS)
    rows = [
        OutboxRow(
            seq=int(r[0]),
            dossier_id=r[1],
            procedure=r[2],
            person=str(r[3] or ""),
            kind=r[4],
            state=r[5],
            attempts=int(r[6]),
            updated_at=_aware(r[7]),
            reasons=parse_reasons(r[8]) if r[5] == OutboxState.QUARANTINED else (),
            final=r[5] == OutboxState.QUARANTINED and r[9] not in _EDITABLE,
        )
        for r in raw_rows
    ]
    return OutboxSnapshot(
        rows=rows,
        counts=counts,
        last_pass=last_pass if isinstance(last_pass, dict) else None,
    )
