"""The database: an engine made by a factory (never at import time) and the transaction rules.

:class:`Database` hands out read sessions and write transactions. On SQLite, writers are
serialized inside the process (a lock) and across processes (``BEGIN IMMEDIATE`` with a busy
timeout), with WAL so readers never wait: that is what makes the idempotency constraint and the
changes-feed counter safe under concurrent pushes. On PostgreSQL, row locks do the same job.

On PostgreSQL every round trip counts (a push is about ten, and on a busy machine each one is a
chance to wait for the CPU), so: read sessions run in autocommit (a read-only session in READ
COMMITTED sees one snapshot per statement either way; autocommit just saves the ``BEGIN`` and
``ROLLBACK`` round trips), and a pooled connection is checked at checkout by polling its socket
(a server that closed it, e.g. on restart, has left an end-of-file or a termination notice there)
instead of a ``SELECT 1`` round trip; ``pool_recycle`` bounds how old a connection can get.
:func:`insert_rows` writes many rows with one short statement and one parameter there.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import select
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pydantic_core
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session

SQLITE_BUSY_TIMEOUT_MS = 30_000
SQLITE_POOL_SIZE = 20
PG_POOL_SIZE = 8
PG_POOL_TIMEOUT_S = 30
PG_POOL_RECYCLE_S = 1800
WRITE_OPTION = "helper_write"


def is_sqlite(url: str | sa.URL) -> bool:
    """True when the URL names a SQLite database."""
    return sa.make_url(url).get_backend_name() == "sqlite"


def protect_sqlite_file(url: str) -> None:
    """Make a SQLite database file and its ``-wal``/``-shm`` owner-only (0600) before opening.

    SQLite creates the journal files with the main file's mode, which the umask made 0644:
    the residents' data was readable by every account on the host, while the blobs were 0600
    (issue 12 item 8). An empty file is created 0600 when there is none yet, and an existing
    one is tightened; the directory is created 0700 when missing.
    """
    database = sa.make_url(url).database
    if database in (None, "", ":memory:") or database.startswith("file:"):
        return
    path = Path(database).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if candidate.exists() and candidate.stat().st_mode & 0o077:
            candidate.chmod(0o600)


def make_engine(url: str, *, pool_size: int | None = None) -> Engine:
    """An engine for ``url`` with the pragmas/pool settings this server relies on.

    Args:
        pool_size: connections kept per process; default :data:`SQLITE_POOL_SIZE` or
            :data:`PG_POOL_SIZE`. On PostgreSQL there is no overflow: a request waits (up to
            ``pool_timeout``) for a pooled connection rather than opening a new one, because an
            overflow connection is closed again on return, and under load that churn (a server
            process forked and its caches warmed per request) costs more than the wait.
    """
    if is_sqlite(url):
        protect_sqlite_file(url)
        engine = sa.create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            pool_size=pool_size or SQLITE_POOL_SIZE,
            max_overflow=10,
        )
        _install_sqlite_hooks(engine)
        return engine
    engine = sa.create_engine(
        url,
        pool_size=pool_size or PG_POOL_SIZE,
        max_overflow=0,
        pool_timeout=PG_POOL_TIMEOUT_S,
        pool_recycle=PG_POOL_RECYCLE_S,
    )
    _install_liveness_check(engine)
    return engine


def _install_liveness_check(engine: Engine) -> None:
    """Discard a pooled connection the server has closed, without a round trip.

    Raising ``DisconnectionError`` at checkout makes the pool drop the connection and take
    another (SQLAlchemy's documented "pessimistic" disconnect handling).
    """

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_conn: Any, record: ConnectionPoolEntry, proxy: Any) -> None:
        if connection_lost(dbapi_conn):
            raise sa.exc.DisconnectionError("the server closed this connection")


def connection_lost(dbapi_conn: Any) -> bool:
    """True when an idle psycopg connection is closed, broken, or has unsolicited input.

    An idle connection has nothing to read unless the server said goodbye (a termination
    notice, then end-of-file); a notice we never asked for is also reason enough to reconnect.
    """
    if dbapi_conn.closed or getattr(dbapi_conn, "broken", False):
        return True
    poller = select.poll()
    poller.register(dbapi_conn.fileno(), select.POLLIN | select.POLLERR | select.POLLHUP)
    return bool(poller.poll(0))


def _install_sqlite_hooks(engine: Engine) -> None:
    """WAL, busy timeout, foreign keys, and explicit BEGIN (IMMEDIATE for writers)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, record: ConnectionPoolEntry) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def insert_rows(
    session: Session,
    table: sa.Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    skip_conflicts: bool = False,
    returning: sa.Column[Any] | None = None,
) -> list[Any]:
    """Insert ``rows`` (all with the same keys) in one statement, in the order given.

    On PostgreSQL the rows travel as ONE JSON parameter expanded by
    ``jsonb_populate_recordset``: the statement text stays short and identical whatever the row
    count, so the driver parses it once and the server prepares it once (a multi-row ``VALUES``
    list has a parameter per cell and is re-parsed by psycopg on every call; per-row statements
    cost the server one execution each). Elsewhere it is an ordinary executemany.

    Args:
        skip_conflicts: ``ON CONFLICT DO NOTHING`` (a row that collides is not inserted).
        returning: a column whose values are returned for the rows actually inserted.

    Returns:
        The ``returning`` values (empty without ``returning``).

    Raises:
        ValueError: a naive datetime among the values (these columns store aware UTC).
    """
    if not rows:
        return []
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return _insert_rows_generic(session, table, rows, skip_conflicts, returning)
    quote = bind.dialect.identifier_preparer.quote
    cols = ", ".join(quote(c) for c in rows[0])
    name = quote(table.name)
    sql = (
        f"INSERT INTO {name} ({cols}) SELECT {cols} FROM jsonb_populate_recordset("
        f"NULL::{name}, CAST(:rows AS jsonb)) WITH ORDINALITY AS r ORDER BY r.ordinality"
    )
    if skip_conflicts:
        sql += " ON CONFLICT DO NOTHING"
    stmt: Any = sa.text(sql)
    if returning is not None:
        stmt = sa.text(f"{sql} RETURNING {quote(returning.name)}").columns(returning)
    result = session.execute(stmt, {"rows": rows_json(rows)})
    return list(result.scalars()) if returning is not None else []


def rows_json(rows: Sequence[Mapping[str, Any]]) -> str:
    """``rows`` as one JSON array for ``jsonb_populate_recordset`` (UUIDs, ISO timestamps).

    Raises:
        ValueError: a naive datetime among the values (these columns store aware UTC).
    """
    return pydantic_core.to_json([_checked_row(r) for r in rows]).decode("utf-8")


def _checked_row(row: Mapping[str, Any]) -> Mapping[str, Any]:
    for value in row.values():
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            raise ValueError("naive datetime given to an aware column")
    return row


def _insert_rows_generic(
    session: Session,
    table: sa.Table,
    rows: Sequence[Mapping[str, Any]],
    skip_conflicts: bool,
    returning: sa.Column[Any] | None,
) -> list[Any]:
    stmt: Any = sa.insert(table)
    if skip_conflicts:
        from sqlalchemy.dialects.sqlite import insert

        stmt = insert(table).on_conflict_do_nothing()
    if returning is None:
        session.execute(stmt, list(rows))
        return []
    # executemany with RETURNING: SQLAlchemy's "insertmanyvalues", one multi-row INSERT.
    return list(session.execute(stmt.returning(returning), list(rows)).scalars())


class Database:
    """Sessions for one engine, with the write discipline described in the module docstring.

    Args:
        engine: from :func:`make_engine`; the caller disposes of it.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sqlite = engine.dialect.name == "sqlite"
        self._write_lock = threading.Lock() if self.sqlite else None
        self._write_engine = engine.execution_options(**{WRITE_OPTION: True})
        self._read_engine = (
            engine if self.sqlite else engine.execution_options(isolation_level="AUTOCOMMIT")
        )

    def read(self) -> Session:
        """A session for reading (callers use it as a context manager).

        Never write through it: on PostgreSQL it runs in autocommit (see the module docstring).
        """
        return Session(self._read_engine, expire_on_commit=False)

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on an exception."""
        lock = self._write_lock
        if lock is not None:
            lock.acquire()
        try:
            with Session(self._write_engine, expire_on_commit=False) as session:
                with session.begin():
                    yield session
        finally:
            if lock is not None:
                lock.release()

    def for_update(self, stmt: sa.Select[Any]) -> sa.Select[Any]:
        """``stmt`` with ``FOR UPDATE`` where the backend has row locks (not SQLite)."""
        return stmt if self.sqlite else stmt.with_for_update()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
