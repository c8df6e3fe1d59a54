"""The local SQLite store: the ONE place that opens database connections.

Every connection is created by :func:`create_store_engine` and gets, in its connect hook, the
pragmas the store's guarantees rest on (WAL journal, foreign keys, ``synchronous=FULL``, a busy
timeout); the hook reads them back and refuses a connection that did not take them (a network
filesystem without WAL support, for instance). Given a key, the same function opens the file with
SQLCipher (``sqlcipher3``: AES-256 pages with an HMAC each, the WAL encrypted too) and a raw
key, so no per-connection key derivation is paid; ``secure_delete`` zeroes freed pages and
temporary tables stay in memory, so no plaintext leaks to disk. :class:`Store` opens a file,
brings its schema up to date with :mod:`helper_app.store.migrations`, and hands out sessions:
``read()`` for deferred read transactions and ``write()`` for ``BEGIN IMMEDIATE`` transactions
that commit as one unit (DESIGN invariant 1: a dossier row and its outbox entry are written
together or not at all). Storage
failures are split in two (STYLE.md item 16): :class:`StorageEnvironmentError` for what the user
can act on (disk full, database locked, permissions, damaged file, newer schema) and
:class:`StorageBugError` for everything else.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlcipher3 import dbapi2 as cipher_dbapi
from sqlmodel import Session

from helper_app.store.errors import (
    BEGIN_OPTION,
    IMMEDIATE,
    StorageBugError,
    StorageEnvironmentError,
    StorageError,
)
from helper_app.store.migrations import decode_version, migrate
from helper_app.text import fold

BUSY_TIMEOUT_MS = 5000
"""How long a writer waits for another writer's lock before giving up (ms)."""

REQUIRED_PRAGMAS: dict[str, object] = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,
    "secure_delete": 1,
    "temp_store": 2,
}
"""What every connection must report; anything else and the connection is refused."""


def _set_pragmas(dbapi_connection: Any) -> None:
    # The driver's own transaction handling is switched off; BEGIN is emitted in _on_begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA secure_delete=ON")  # deleted rows are overwritten, not left
        cursor.execute("PRAGMA temp_store=MEMORY")  # sorts and temp tables never hit the disk
    finally:
        cursor.close()
    dbapi_connection.create_function("helper_fold", 1, _sql_fold, deterministic=True)


def _sql_fold(value: object) -> str | None:
    return None if value is None else fold(str(value))


def read_pragmas(dbapi_connection: Any) -> dict[str, object]:
    """The current values of :data:`REQUIRED_PRAGMAS` on one DB-API connection."""
    values: dict[str, object] = {}
    for name in REQUIRED_PRAGMAS:
        row = dbapi_connection.execute(f"PRAGMA {name}").fetchone()
        value = row[0] if row else None
        values[name] = value.lower() if isinstance(value, str) else value
    return values


def check_pragmas(dbapi_connection: Any, path: Path) -> None:
    """Refuse a connection whose pragmas are not what the store's guarantees need.

    Raises:
        StorageEnvironmentError: naming the file and the pragma that did not take.
    """
    actual = read_pragmas(dbapi_connection)
    for name, wanted in REQUIRED_PRAGMAS.items():
        if actual[name] != wanted:
            raise StorageEnvironmentError(
                f"Không thể mở kho dữ liệu {path}: PRAGMA {name} = {actual[name]!r}, "
                f"cần {wanted!r} (ổ đĩa mạng hoặc chỉ đọc?).",
                f"Cannot open the store {path}: PRAGMA {name} is {actual[name]!r}, "
                f"{wanted!r} is required (network or read-only drive?).",
            )


def owner_only(path: Path) -> None:
    """Tighten the store file and its journals to 0600 if they are more open.

    Called on every new connection, before the pragmas switch to WAL: SQLite gives ``-wal`` and
    ``-shm`` the main file's mode, which the umask had made 0644 (issue 12 item 8). On Windows
    the mode bits mean little; the folder's ACL protects it.
    """
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if candidate.exists() and candidate.stat().st_mode & 0o077:
            candidate.chmod(0o600)


def create_store_engine(path: Path, *, key: bytes | None = None) -> Engine:
    """The engine of the store at ``path``: every connection of the app comes from here.

    Args:
        path: the SQLite file (created if missing; its directory must exist).
        key: the 32-byte SQLCipher key (see :mod:`helper_app.security.vault`); ``None`` opens a
            plain SQLite file (stores of earlier versions, and tests of the store itself).

    Returns:
        An engine whose connections have the required pragmas, verified on connect.
    """
    if key is None:
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        )
    else:
        engine = _cipher_engine(path, key)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        owner_only(path)
        _set_pragmas(dbapi_connection)
        check_pragmas(dbapi_connection, path)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def keyed_connection(path: Path, key: bytes) -> Any:
    """A raw SQLCipher connection to ``path`` with ``key`` applied (nothing read yet)."""
    if len(key) != 32:
        raise ValueError("the database key must be 32 bytes")
    conn = cipher_dbapi.connect(
        str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
    )
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is reported by us, not on stderr
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def _cipher_engine(path: Path, key: bytes) -> Engine:
    # The URL keeps SQLAlchemy's file-database pooling; the creator applies the key first
    # (raw key: no PBKDF2 per connection) and ``module`` makes errors DBAPIError as usual.
    return create_engine(
        f"sqlite:///{path}", module=cipher_dbapi, creator=lambda: keyed_connection(path, key)
    )


_ENVIRONMENT_MARKERS: tuple[tuple[str, str, str], ...] = (
    ("locked", "cơ sở dữ liệu đang bị khoá (một cửa sổ Helper khác?)", "the database is locked"),
    ("busy", "cơ sở dữ liệu đang bận", "the database is busy"),
    ("disk is full", "ổ đĩa đã đầy", "the disk is full"),
    ("readonly", "không có quyền ghi", "the file is read-only"),
    ("unable to open", "không mở được tệp", "the file cannot be opened"),
    ("disk i/o", "lỗi đọc/ghi ổ đĩa", "a disk I/O error occurred"),
    ("not a database", "tệp không phải là kho dữ liệu Helper", "the file is not a database"),
    ("malformed", "tệp dữ liệu bị hỏng", "the database file is damaged"),
    ("permission", "không có quyền truy cập", "permission denied"),
    ("no space left", "ổ đĩa đã đầy", "the disk is full"),
    ("read-only file system", "ổ đĩa chỉ cho phép đọc", "the drive is read-only"),
)


def translate_error(exc: BaseException, path: Path) -> StorageError:
    """Classify a driver error as an environment problem (user can act) or a bug.

    The message names the file and the cause, never the data being written.
    """
    detail = str(getattr(exc, "orig", None) or exc).lower()
    if isinstance(exc, DBAPIError | sqlite3.Error | cipher_dbapi.Error | OSError):
        for marker, vi, en in _ENVIRONMENT_MARKERS:
            if marker in detail:
                return StorageEnvironmentError(f"Kho dữ liệu {path}: {vi}.", f"Store {path}: {en}.")
    return StorageBugError(
        f"Lỗi nội bộ của kho dữ liệu {path}: {type(exc).__name__}.",
        f"Internal store error in {path}: {type(exc).__name__}: {detail[:200]}",
    )


class Store:
    """An open local store: its engine, its file, and its transactions.

    Create it with :meth:`open`, which migrates the schema; close it with :meth:`close`.
    Sessions do not expire objects on commit, so the rows a transaction returned stay readable.

    Attributes:
        path: the SQLite file.
        engine: the engine (do not create others: this one carries the pragmas).
    """

    def __init__(self, path: Path, engine: Engine, *, encrypted: bool = False) -> None:
        self.path = path
        self.engine = engine
        self.encrypted = encrypted
        self._writer = engine.execution_options(**IMMEDIATE)

    @classmethod
    def open(cls, path: Path, *, key: bytes | None = None) -> Store:
        """Open (creating if needed) the store at ``path`` and bring its schema up to date.

        Args:
            path: the SQLite file.
            key: the SQLCipher key (:meth:`helper_app.security.vault.DataKey.database_key`);
                ``None`` for a plain file. The app opens stores through
                :func:`helper_app.security.storage.open_store`, which finds the key.

        Raises:
            SchemaTooNewError: the file's major schema version is newer than this app's.
            StorageEnvironmentError: the file cannot be opened or written.
        """

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise translate_error(exc, path) from exc
        engine = create_store_engine(path, key=key)
        store = cls(path, engine, encrypted=key is not None)
        try:
            with store.engine.connect() as conn:
                migrate(conn, path)
        except StorageError:
            engine.dispose()
            raise
        except (SQLAlchemyError, sqlite3.Error, cipher_dbapi.Error, OSError) as exc:
            engine.dispose()
            raise translate_error(exc, path) from exc
        return store

    def close(self) -> None:
        """Close every pooled connection (the WAL is checkpointed by SQLite on last close)."""
        self.engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session in a deferred (read) transaction, ended (rolled back) when it closes.

        Closing, not ``rollback()``, ends it, so the rows read stay loaded (detached) for the
        caller instead of being expired.
        """
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
            except (SQLAlchemyError, sqlite3.Error, cipher_dbapi.Error) as exc:
                raise translate_error(exc, self.path) from exc

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one ``BEGIN IMMEDIATE`` transaction: committed if the block succeeds.

        Any exception rolls everything back, so a domain operation is all-or-nothing. Driver
        errors are translated into :class:`StorageError`; domain errors pass through unchanged.
        """
        with Session(self._writer, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except (SQLAlchemyError, sqlite3.Error, cipher_dbapi.Error) as exc:
                session.rollback()
                raise translate_error(exc, self.path) from exc
            except BaseException:
                session.rollback()
                raise

    def checkpoint(self) -> None:
        """Copy the WAL into the database and truncate it (after a purge or an erasure).

        With ``secure_delete`` the freed pages in the database are already zeroed; truncating
        the WAL removes the older copies of those pages it still held.
        """
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def schema_version(self) -> tuple[int, int]:
        """The (major, minor) schema version recorded in the file."""

        with self.engine.connect() as conn:
            value = conn.exec_driver_sql("PRAGMA user_version").scalar_one()
        return decode_version(int(value))
