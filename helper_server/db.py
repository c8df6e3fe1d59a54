"""The database: an engine made by a factory (never at import time) and the transaction rules.

:class:`Database` hands out read sessions and write transactions. On SQLite, writers are
serialized inside the process (a lock) and across processes (``BEGIN IMMEDIATE`` with a busy
timeout), with WAL so readers never wait: that is what makes the idempotency constraint and the
changes-feed counter safe under concurrent pushes. On PostgreSQL, row locks do the same job.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session

SQLITE_BUSY_TIMEOUT_MS = 30_000
WRITE_OPTION = "helper_write"


def is_sqlite(url: str | sa.URL) -> bool:
    """True when the URL names a SQLite database."""
    return sa.make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str, *, pool_size: int = 20) -> Engine:
    """An engine for ``url`` with the pragmas/pool settings this server relies on."""
    if is_sqlite(url):
        engine = sa.create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            pool_size=pool_size,
            max_overflow=10,
        )
        _install_sqlite_hooks(engine)
        return engine
    return sa.create_engine(
        url, pool_size=pool_size, max_overflow=10, pool_pre_ping=True, pool_timeout=10
    )


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

    def read(self) -> Session:
        """A session for reading (callers use it as a context manager)."""
        return Session(self.engine, expire_on_commit=False)

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
