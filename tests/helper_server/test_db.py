"""``helper_server.db``: the one-statement bulk insert, read sessions, and dead-connection checks.

Runs on SQLite and, when ``HELPER_TEST_PG_URL`` is set, on a fresh PostgreSQL database (the
bulk insert there is ``jsonb_populate_recordset``, a different statement from SQLite's).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel

from helper_app.sync.protocol import Role
from helper_server.accounts import create_user
from helper_server.db import Database, connection_lost, insert_rows, make_engine
from helper_server.migrations import upgrade
from helper_server.security import Passwords
from tests.helpers.live_server import BACKENDS, fresh_pg_database

OPS = SQLModel.metadata.tables["ops"]
CHANGES = SQLModel.metadata.tables["changes"]


@contextmanager
def _database(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    if backend == "postgres":
        with fresh_pg_database(os.environ["HELPER_TEST_PG_URL"]) as url:
            upgrade(url)
            database = Database(make_engine(url, pool_size=2))
            yield database
            database.dispose()
    else:
        path: Path = tmp_path_factory.mktemp("db") / "db.sqlite3"
        upgrade(f"sqlite:///{path}")
        database = Database(make_engine(f"sqlite:///{path}", pool_size=2))
        yield database
        database.dispose()


@pytest.fixture(scope="module", params=BACKENDS)
def db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """A migrated database on each backend."""
    with _database(request.param, tmp_path_factory) as database:
        yield database


@pytest.fixture(scope="module")
def pg_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A migrated PostgreSQL database, for what only PostgreSQL does (tests marked postgres:
    they run where PostgreSQL is, instead of skipping on every SQLite run)."""
    with _database("postgres", tmp_path_factory) as database:
        yield database


@pytest.fixture(scope="module")
def user_id(db: Database) -> uuid.UUID:
    """A volunteer in ward ``w1`` (op rows need a user and a ward)."""
    with db.write() as session:
        user = create_user(
            session,
            username=f"u-{uuid.uuid4().hex[:8]}",
            password="pw-long-enough-1",
            role=Role.VOLUNTEER,
            ward_code="w1",
            passwords=Passwords(time_cost=1, memory_kib=64),
        )
        made: uuid.UUID = user.id
    return made


def _op(user_id: uuid.UUID, result: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "op_id": uuid.uuid4(),
        "ward_code": "w1",
        "user_id": user_id,
        "device_id": "dev",
        "dossier_id": uuid.uuid4(),
        "result": result,
        "created_at": dt.datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=dt.UTC),
    }


def test_rows_round_trip_exactly(db: Database, user_id: uuid.UUID) -> None:
    result = {"outcome": "rejected", "errors": [{"message_vi": "Họ tên trống", "n": [1, None]}]}
    rows = [_op(user_id, result), _op(user_id, None)]
    with db.write() as session:
        assert insert_rows(session, OPS, rows) == []
    with db.read() as session:
        stored = session.execute(
            sa.select(OPS).where(OPS.c.op_id.in_([r["op_id"] for r in rows]))
        ).mappings()
        got = {r["op_id"]: dict(r) for r in stored}
    for row in rows:
        assert got[row["op_id"]] == row


def test_skip_conflicts_returns_only_the_rows_inserted(db: Database, user_id: uuid.UUID) -> None:
    taken = _op(user_id, {"outcome": "applied"})
    with db.write() as session:
        insert_rows(session, OPS, [taken])
    fresh = _op(user_id, {"outcome": "applied"})
    again = {**taken, "result": {"outcome": "conflict"}}
    rows = sorted([fresh, again], key=lambda r: r["op_id"])
    with db.write() as session:
        claimed = insert_rows(session, OPS, rows, skip_conflicts=True, returning=OPS.c.op_id)
    assert claimed == [fresh["op_id"]]
    with db.read() as session:
        kept = session.execute(sa.select(OPS.c.result).where(OPS.c.op_id == taken["op_id"]))
        assert kept.scalar_one() == {"outcome": "applied"}


def test_a_collision_without_skip_fails_the_transaction(db: Database, user_id: uuid.UUID) -> None:
    row = _op(user_id, None)
    with db.write() as session:
        insert_rows(session, OPS, [row])
    with pytest.raises(sa.exc.IntegrityError), db.write() as session:
        insert_rows(session, OPS, [_op(user_id, None), row])


def test_naive_datetimes_are_refused(db: Database, user_id: uuid.UUID) -> None:
    row = {**_op(user_id, None), "created_at": dt.datetime(2026, 1, 1)}
    with pytest.raises((ValueError, sa.exc.StatementError)), db.write() as session:
        insert_rows(session, OPS, [row])


def test_nothing_to_insert_sends_nothing(db: Database) -> None:
    with db.write() as session:
        assert insert_rows(session, CHANGES, [], returning=CHANGES.c.cursor) == []


@pytest.mark.postgres
def test_read_sessions_leave_no_transaction_open_on_postgres(pg_db: Database) -> None:
    db = pg_db
    with db.read() as session:
        session.execute(sa.text("SELECT 1"))
        raw = session.connection().connection.driver_connection
        assert raw is not None
        assert raw.info.transaction_status.name == "IDLE"
    with db.write() as session:
        session.execute(sa.text("SELECT 1"))
        raw = session.connection().connection.driver_connection
        assert raw is not None
        assert raw.info.transaction_status.name == "INTRANS"


@pytest.mark.postgres
def test_a_connection_the_server_closed_is_replaced_at_checkout(pg_db: Database) -> None:
    db = pg_db
    with db.read() as session:
        victim = session.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
    killer = sa.create_engine(db.engine.url, poolclass=sa.pool.NullPool)
    with killer.connect() as other:
        assert other.execute(sa.text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": victim})
    killer.dispose()
    for _ in range(4):  # whichever pooled connection comes out works
        with db.read() as session:
            assert session.execute(sa.text("SELECT pg_backend_pid()")).scalar_one() != victim


@pytest.mark.postgres
def test_connection_lost_sees_a_closed_connection(pg_db: Database) -> None:
    db = pg_db
    raw = db.engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert driver is not None
        assert not connection_lost(driver)
        driver.close()
        assert connection_lost(driver)
    finally:
        raw.invalidate()
