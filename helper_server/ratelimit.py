"""Sign-in limits kept in the database, so every process and host counts the same attempts.

Only failures count. An attempt is written as a failure *before* its password is checked (the
check takes argon2 time, and attempts running at once in other processes must see it) and the
row is removed when the password was right. Per key (``account:<username key>`` and
``address:<ip>``) a row of ``signin_buckets`` is upserted first: the upsert locks that row until
the transaction ends (PostgreSQL row lock; SQLite's ``BEGIN IMMEDIATE`` serialises every writer),
so two processes never both see "one attempt left".

A device that has signed in to the account before (an access token was issued to that device id
for it) is counted only against its own failures on the account: strangers guessing the password
cannot lock the volunteer's own laptop out. Everyone else shares the account's bucket. The
per-address limit applies to all.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from helper_server.accounts import username_key
from helper_server.db import Database
from helper_server.models import AccessToken, SigninBucket, SigninFailure, User, utcnow

SWEEP_BATCH = 200
"""At most this many expired rows of each table are deleted per attempt (a sweep stays short)."""


@dataclass(frozen=True)
class Attempt:
    """A sign-in attempt allowed by the limits, counted as a failure until :meth:`succeeded`."""

    failure_id: int
    account_key: str
    address: str
    device_id: str | None


class SigninLimits:
    """At most ``per_account`` failures per account and ``per_address`` per client address in
    ``window`` seconds; known devices count only their own failures on the account.

    Args:
        db: the server database (the counters are rows in it).
        per_account: failures allowed per account (per known device, or for all others).
        per_address: failures allowed per client address, whatever the account.
        window: seconds a failure counts for.
    """

    def __init__(self, db: Database, *, per_account: int, per_address: int, window: float):
        self._db = db
        self._per_account = per_account
        self._per_address = per_address
        self._window = dt.timedelta(seconds=window)

    def begin(self, *, username: str, address: str, device_id: str | None) -> Attempt | float:
        """Count a new attempt, or return the seconds to wait when a limit is reached.

        ``device_id`` is ``None`` where there is no device (the web console): never "known".
        A refused attempt is not counted (it could not have guessed anything).
        """
        key = username_key(username)
        now = utcnow()
        cutoff = now - self._window
        with self._db.write() as session:
            self._sweep(session, cutoff)
        with self._db.write() as session:
            for bucket in sorted((f"account:{key}", f"address:{address}")):
                self._lock(session, bucket, now)
            known = device_id is not None and self._known_device(session, key, device_id)
            by_address = col(SigninFailure.address) == address
            by_account = col(SigninFailure.account_key) == key
            if known:
                by_account = sa.and_(by_account, col(SigninFailure.device_id) == device_id)
            wait = max(
                self._wait(session, by_address, self._per_address, cutoff, now),
                self._wait(session, by_account, self._per_account, cutoff, now),
            )
            if wait > 0:
                return wait
            row = SigninFailure(at=now, account_key=key, address=address, device_id=device_id)
            session.add(row)
            session.flush()
            assert row.id is not None
            return Attempt(failure_id=row.id, account_key=key, address=address, device_id=device_id)

    def succeeded(self, session: Session, attempt: Attempt) -> None:
        """The password was right: forget this attempt and the account's failures from this
        device (from this address when there is no device), in the caller's transaction."""
        if attempt.device_id is not None:
            same_source = col(SigninFailure.device_id) == attempt.device_id
        else:
            same_source = sa.and_(
                col(SigninFailure.device_id).is_(None),
                col(SigninFailure.address) == attempt.address,
            )
        session.execute(
            sa.delete(SigninFailure).where(
                sa.or_(
                    col(SigninFailure.id) == attempt.failure_id,
                    sa.and_(col(SigninFailure.account_key) == attempt.account_key, same_source),
                )
            )
        )

    def _lock(self, session: Session, key: str, now: dt.datetime) -> None:
        insert: Any = postgresql.insert if not self._db.sqlite else sqlite.insert
        stmt = insert(SigninBucket).values(key=key, touched_at=now)
        session.execute(
            stmt.on_conflict_do_update(index_elements=["key"], set_={"touched_at": now})
        )

    def _skip_locked(self, stmt: sa.Select[Any]) -> sa.Select[Any]:
        return stmt if self._db.sqlite else stmt.with_for_update(skip_locked=True)

    @staticmethod
    def _known_device(session: Session, key: str, device_id: str) -> bool:
        stmt = (
            select(AccessToken.id)
            .join(User, col(User.id) == col(AccessToken.user_id))
            .where(col(User.username_key) == key, col(AccessToken.device_id) == device_id)
            .limit(1)
        )
        return session.exec(stmt).first() is not None

    def _wait(
        self,
        session: Session,
        which: sa.ColumnElement[bool],
        limit: int,
        cutoff: dt.datetime,
        now: dt.datetime,
    ) -> float:
        recent = sa.and_(which, col(SigninFailure.at) > cutoff)
        count, oldest = session.execute(
            sa.select(sa.func.count(), sa.func.min(col(SigninFailure.at))).where(recent)
        ).one()
        if count < limit or oldest is None:
            return 0.0
        if oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=dt.UTC)
        waited: dt.timedelta = oldest + self._window - now
        return max(waited.total_seconds(), 0.001)

    def _sweep(self, session: Session, cutoff: dt.datetime) -> None:
        """Delete at most :data:`SWEEP_BATCH` expired rows of each table (bounded work).

        Its own transaction, skipping rows another attempt holds (PostgreSQL), so a sweep never
        waits on, or deadlocks with, the bucket locks of attempts being counted.
        """
        old_failures = self._skip_locked(
            sa.select(col(SigninFailure.id))
            .where(col(SigninFailure.at) <= cutoff)
            .order_by(col(SigninFailure.id))
            .limit(SWEEP_BATCH)
        )
        session.execute(sa.delete(SigninFailure).where(col(SigninFailure.id).in_(old_failures)))
        old_buckets = self._skip_locked(
            sa.select(col(SigninBucket.key))
            .where(col(SigninBucket.touched_at) <= cutoff)
            .limit(SWEEP_BATCH)
        )
        session.execute(sa.delete(SigninBucket).where(col(SigninBucket.key).in_(old_buckets)))


def retry_after_header(seconds: float) -> str:
    """``Retry-After`` value: whole seconds, at least 1."""
    return str(max(1, math.ceil(seconds)))
