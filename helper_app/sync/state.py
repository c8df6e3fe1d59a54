"""The sync engine's small persistent state, kept in the store's ``sync_state`` key/value table.

Keys: ``device_id`` (made once per installation), ``last_success_at``, ``last_pass`` (stage
and outcome of the latest pass, for status and diagnosis), ``account`` (server address and user
name; never the token), and one ``blob:<sha256>`` key per attachment the server confirmed
complete, so a resumed pass does not ask about every file again.

The changes feed position is kept per server and feed epoch (DESIGN.md invariant 9): a cursor
is a number only the database that handed it out understands, and a reinstalled or restored
server hands out the same numbers for other changes. ``feed:<server_id>/<feed_epoch>`` holds
``{"cursor", "anchor"}`` and ``feed_identity`` names the feed the laptop reads now (the one its
dossiers' server revisions come from). The global ``cursor`` key of earlier versions is read
only for a server that does not name itself (older than the identity); against one that does,
it is dropped and the feed read again from 0, because nothing says which server it came from.
Every write happens inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, select

from helper_app.store.models import SyncState, utc_now

DEVICE_ID = "device_id"
CURSOR = "cursor"
"""The feed cursor of a server that does not name itself (and of laptops before identities)."""
FEED_IDENTITY = "feed_identity"
FEED_PREFIX = "feed:"
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
    """The legacy global feed position (0 before the first pull), see the module docstring."""
    value = get(session, CURSOR, 0)
    return value if isinstance(value, int) else 0


@dataclass(frozen=True)
class FeedId:
    """One history of one server's changes feed, as ``GET /api/v1/meta`` names it."""

    server_id: str
    feed_epoch: str

    @property
    def key(self) -> str:
        """The ``sync_state`` key of this feed's position."""
        return f"{FEED_PREFIX}{self.server_id}/{self.feed_epoch}"


@dataclass(frozen=True)
class FeedPosition:
    """How far a feed was read: the cursor and the anchor of the change at it (or None)."""

    cursor: int = 0
    anchor: str | None = None


class FeedEntry(StrEnum):
    """What :func:`enter_feed` found."""

    SAME = "same"
    """The feed the laptop was reading: continue at its cursor."""
    FIRST = "first"
    """No feed recorded yet (a new laptop, or one upgraded from the global cursor): read from 0.

    The dossiers' server revisions were made by this server as far as anyone can tell, so
    they are kept and re-read changes at or below them are skipped as before.
    """
    NEW_EPOCH = "new_epoch"
    """The same server with another history (restored from a backup): read from 0, trust this
    feed's revisions only, and send again what the restored history lost."""
    NEW_SERVER = "new_server"
    """Another server (reinstalled on an empty database, or another one at this address): read
    from 0 and trust its revisions only."""


def current_feed(session: Session) -> FeedId | None:
    """The feed the laptop reads now (None before the first pull from a server naming itself)."""
    value = get(session, FEED_IDENTITY)
    if isinstance(value, dict):
        server_id, epoch = value.get("server_id"), value.get("feed_epoch")
        if isinstance(server_id, str) and isinstance(epoch, str):
            return FeedId(server_id, epoch)
    return None


def enter_feed(session: Session, feed: FeedId) -> FeedEntry:
    """Make ``feed`` the one the laptop reads, starting at 0 unless it already was.

    Positions in any other feed are dropped (they belong to a server or a history the laptop
    no longer talks to), and so is the legacy global cursor.
    """
    previous = current_feed(session)
    if previous == feed:
        return FeedEntry.SAME
    stale = session.exec(select(SyncState).where(col(SyncState.key).startswith(FEED_PREFIX)))
    for row in stale.all():
        session.delete(row)
    delete(session, CURSOR)
    put(session, FEED_IDENTITY, {"server_id": feed.server_id, "feed_epoch": feed.feed_epoch})
    put(session, feed.key, {"cursor": 0, "anchor": None})
    if previous is None:
        return FeedEntry.FIRST
    return FeedEntry.NEW_EPOCH if previous.server_id == feed.server_id else FeedEntry.NEW_SERVER


def feed_position(session: Session, feed: FeedId | None) -> FeedPosition:
    """How far ``feed`` was read (``None``: a server not naming itself, the legacy cursor)."""
    if feed is None:
        return FeedPosition(cursor=cursor(session))
    value = get(session, feed.key)
    if not isinstance(value, dict):
        return FeedPosition()
    at, anchor = value.get("cursor"), value.get("anchor")
    return FeedPosition(
        cursor=at if isinstance(at, int) and at >= 0 else 0,
        anchor=anchor if isinstance(anchor, str) else None,
    )


def set_feed_position(session: Session, feed: FeedId | None, position: FeedPosition) -> None:
    """Record how far ``feed`` was read (in the transaction that applied those changes)."""
    if feed is None:
        put(session, CURSOR, position.cursor)
        return
    put(session, feed.key, {"cursor": position.cursor, "anchor": position.anchor})


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
