"""The sync engine's small persistent state, kept in the store's ``sync_state`` key/value table.

Keys: ``device_id`` (made once per installation), ``cursor`` (the changes feed position),
``last_success_at``, ``last_pass`` (stage and outcome of the latest pass, for status and
diagnosis), ``account`` (server address and user name; never the token), and one
``blob:<sha256>`` key per attachment the server confirmed complete, so a resumed pass does not ask
about every file again. Every write happens inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlmodel import Session, col, select

from helper_app.models import SyncState, utc_now

DEVICE_ID = "device_id"
CURSOR = "cursor"
LAST_SUCCESS = "last_success_at"
LAST_PASS = "last_pass"
ACCOUNT = "account"
BLOB_PREFIX = "blob:"
UPLOAD_STARTED_PREFIX = "upload:"


def get(session: Session, key: str, default: Any = None) -> Any:
    """The value stored under ``key`` (``default`` when absent)."""
    row = session.get(SyncState, key)
    return default if row is None else row.value


def put(session: Session, key: str, value: Any) -> None:
    """Store ``value`` under ``key`` (in the caller's transaction)."""
    row = session.get(SyncState, key)
    if row is None:
        row = SyncState(key=key, value=value, updated_at=utc_now())
    else:
        row.value = value
        row.updated_at = utc_now()
    session.add(row)


def delete(session: Session, key: str) -> None:
    """Remove ``key`` if present."""
    row = session.get(SyncState, key)
    if row is not None:
        session.delete(row)


def device_id(session: Session) -> str:
    """This installation's device id, made on first use."""
    value = get(session, DEVICE_ID)
    if not isinstance(value, str):
        value = str(uuid.uuid4())
        put(session, DEVICE_ID, value)
    return value


def cursor(session: Session) -> int:
    """The position in the server's changes feed (0 before the first pull)."""
    value = get(session, CURSOR, 0)
    return value if isinstance(value, int) else 0


def blob_confirmed(session: Session, sha256: str) -> bool:
    """True when the server confirmed it holds this whole file."""
    return session.get(SyncState, BLOB_PREFIX + sha256) is not None


def confirm_blob(session: Session, sha256: str) -> None:
    """Remember that the server holds this whole file."""
    put(session, BLOB_PREFIX + sha256, utc_now().isoformat())
    delete(session, UPLOAD_STARTED_PREFIX + sha256)


def forget_blob(session: Session, sha256: str) -> None:
    """The server says it lacks this file after all (missing_blobs): upload it again."""
    delete(session, BLOB_PREFIX + sha256)
    delete(session, UPLOAD_STARTED_PREFIX + sha256)


def upload_started(session: Session, sha256: str) -> bool:
    """True when an earlier attempt began sending this file (the server may hold part)."""
    return session.get(SyncState, UPLOAD_STARTED_PREFIX + sha256) is not None


def mark_upload_started(session: Session, sha256: str) -> None:
    """Remember that sending this file began (a resumed attempt asks the offset first)."""
    put(session, UPLOAD_STARTED_PREFIX + sha256, utc_now().isoformat())


def confirmed_blobs(session: Session) -> set[str]:
    """Every file the server confirmed."""
    rows = session.exec(select(SyncState.key).where(col(SyncState.key).startswith(BLOB_PREFIX)))
    return {key[len(BLOB_PREFIX) :] for key in rows}


def last_success(session: Session) -> dt.datetime | None:
    """When a pass last finished with the queue drained."""
    value = get(session, LAST_SUCCESS)
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else None
