"""Which server this is and which copy of its history: ``server_id`` and ``feed_epoch``.

A laptop remembers how far it has read the changes feed (a cursor). That number means something
only on the database that handed it out: a reinstalled server (a new, empty database at the same
address) or a database restored from an older backup hands out the same numbers again for
different changes, and a laptop that trusted its old cursor would skip them silently (DESIGN.md
invariant 9). So the server names itself and the history it serves:

* ``server_id``: made once, by migration 0003, when the database is made. A new database is a
  new server.
* ``feed_epoch``: made with the database and replaced by :func:`start_new_epoch`
  (``helper-server new-epoch``), which an admin runs after restoring a backup: the restored feed
  is an older copy whose cursors and revisions laptops may already have gone beyond.

Both are read from the database on every request that reports them (one primary-key lookup),
never cached in the process: ``new-epoch`` on a running server takes effect at once, and several
API processes over one database always agree. Laptops keep their cursor per
``(server_id, feed_epoch)`` and read the feed from the start when either differs.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from helper_server.db import Database
from helper_server.models import utcnow

IDENTITY = SQLModel.metadata.tables["server_identity"]
IDENTITY_ROW = 1


@dataclass(frozen=True)
class ServerIdentity:
    """This database's server id and current feed epoch (both UUIDs, as text on the wire)."""

    server_id: uuid.UUID
    feed_epoch: uuid.UUID


def read_identity(session: Session) -> ServerIdentity:
    """The identity stored in the database.

    Raises:
        RuntimeError: the row is missing (the database was not made by the migrations and
            :func:`ensure_identity` was not run; the server runs it at start-up).
    """
    row = session.execute(
        sa.select(IDENTITY.c.server_id, IDENTITY.c.feed_epoch).where(IDENTITY.c.id == IDENTITY_ROW)
    ).first()
    if row is None:
        raise RuntimeError("the server_identity row is missing: restart the server to create it")
    return ServerIdentity(server_id=row.server_id, feed_epoch=row.feed_epoch)


def ensure_identity(db: Database) -> ServerIdentity:
    """The identity, created when absent (a database made without migration 0003's row).

    Safe when several processes start at once: the insert is skipped if another made the row.
    """
    with db.read() as session:
        try:
            return read_identity(session)
        except RuntimeError:
            pass
    now = utcnow()
    with db.write() as session:
        if session.execute(sa.select(IDENTITY.c.id)).first() is None:
            session.execute(
                sa.insert(IDENTITY).values(
                    id=IDENTITY_ROW,
                    server_id=uuid.uuid4(),
                    feed_epoch=uuid.uuid4(),
                    created_at=now,
                    epoch_started_at=now,
                )
            )
    with db.read() as session:
        return read_identity(session)


def start_new_epoch(db: Database) -> tuple[ServerIdentity, ServerIdentity]:
    """Replace the feed epoch (after a restore); return the identity before and after.

    The server id stays: it is the same server, serving an older copy of its history. Every
    laptop then reads the feed again from the start and takes the restored revisions as the
    truth (see docs/protocol.md, "Server identity and feed epochs").
    """
    before = ensure_identity(db)
    new_epoch = uuid.uuid4()
    with db.write() as session:
        session.execute(
            sa.update(IDENTITY)
            .where(IDENTITY.c.id == IDENTITY_ROW)
            .values(feed_epoch=new_epoch, epoch_started_at=utcnow())
        )
    return before, ServerIdentity(server_id=before.server_id, feed_epoch=new_epoch)
