"""Read-only questions the main window asks the store (sync status), as plain Python.

The figures come straight from the store: how many outbox entries wait, how many are
quarantined, and the last successful sync recorded in ``sync_state`` (key ``last_success_at``,
written by the sync engine). Online state, sign-in and progress are the sync controller's and are
added by the main window. These functions run on the TaskRunner's store worker.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text

from helper_app.store.db import Store
from helper_app.sync import outbox
from helper_app.sync.outbox import OutboxState

LAST_SUCCESS_KEY = "last_success_at"


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows about sync.

    Attributes:
        online: True/False once the sync engine knows; None = not known yet.
        waiting: outbox entries not yet accepted by the server.
        last_success: when the last sync completed, aware UTC; None = never.
        progress: 0..1 while a sync runs, else None.
        quarantined: outbox entries the server refused (they wait for a fix).
        signed_in: False when no token is kept (sync cannot run); None = not known.
    """

    online: bool | None = None
    waiting: int = 0
    last_success: dt.datetime | None = None
    progress: float | None = None
    quarantined: int = 0
    signed_in: bool | None = None


def _parse_time(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip('"'))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def read_sync_status(store: Store) -> SyncStatus:
    """The sync figures the store knows (online state is the engine's, unknown here)."""
    with store.read() as session:
        counts = outbox.counts(session)
        raw = session.execute(
            text("SELECT value FROM sync_state WHERE key = :k"), {"k": LAST_SUCCESS_KEY}
        ).scalar_one_or_none()
    return SyncStatus(
        waiting=counts[OutboxState.PENDING] + counts[OutboxState.IN_FLIGHT],
        last_success=_parse_time(raw),
        quarantined=counts[OutboxState.QUARANTINED],
    )


def age_parts(then: dt.datetime, now: dt.datetime) -> tuple[str, int]:
    """How long ago, as a unit and a count: ``("minutes", 3)``; ``("now", 0)`` under a minute."""
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 60:
        return "now", 0
    if seconds < 3600:
        return "minutes", seconds // 60
    if seconds < 86400:
        return "hours", seconds // 3600
    return "days", seconds // 86400
