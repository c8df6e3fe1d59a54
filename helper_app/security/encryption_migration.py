"""Encrypting, in place, a plain store written by an earlier version (database and attachments).

The plain database is exported with ``sqlcipher_export`` into ``<db>.encrypting`` (keyed),
fsynced and verified (SQLCipher's page HMACs, ``integrity_check``, the schema version and the
row count of every table), then renamed over the original in one ``os.replace``; only then are
the attachments re-encrypted one by one (:meth:`AttachmentStore.encrypt_plain_files`). The vault
file says ``migrating`` from the start until the end, so a crash at any point leaves a store
that opens, old or new, and the next start finishes the job: before the rename the plain file
is untouched (the half-made copy is discarded), after it the database is encrypted and the
remaining plain attachments are encrypted on the next run. The old bytes are overwritten
through a handle opened before the rename, as far as the filesystem allows.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as cipher_dbapi

from helper_app.security.vault import DataKey, Vault
from helper_app.store.attachments import AttachmentStore
from helper_app.store.db import keyed_connection
from helper_app.store.errors import StorageEnvironmentError
from helper_app.store.files import replace_and_wipe

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"


def is_plain_database(path: Path) -> bool:
    """True when ``path`` is an unencrypted SQLite file (SQLCipher files look random)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _tables(conn: object, schema: str = "main") -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(  # type: ignore[attr-defined]
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' ORDER BY name"
        )
    ]
    return {
        name: conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0]  # type: ignore[attr-defined]
        for name in names
    }


def _busy(path: Path) -> StorageEnvironmentError:
    return StorageEnvironmentError(
        f"Không chuyển đổi được kho dữ liệu {path}: tệp đang được mở ở nơi khác (hãy đóng các "
        "cửa sổ Helper rồi thử lại). Dữ liệu không thay đổi.",
        f"Cannot convert the store {path}: it is open elsewhere (close the Helper windows and "
        "try again). Nothing was changed.",
    )


def claim_exclusive(conn: Any, database: Path) -> None:
    """Take the database for this connection alone, or refuse if any other connection has it.

    In WAL mode every open connection holds a shared lock on the database file, so an
    exclusive lock (kept by ``locking_mode=EXCLUSIVE`` until the connection closes) is refused
    while the app, or another command, has the store open.

    Raises:
        StorageEnvironmentError: the store is open elsewhere.
    """
    try:
        conn.execute("PRAGMA busy_timeout = 1000")  # a moment for a closing window, no more
        conn.execute("PRAGMA locking_mode=EXCLUSIVE").fetchall()
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
    except (cipher_dbapi.OperationalError, sqlite3.OperationalError) as exc:
        raise _busy(database) from exc


def ensure_not_in_use(database: Path, db_key: bytes) -> None:
    """Refuse (before anything changes) when another connection has ``database`` open."""
    conn = keyed_connection(database, db_key)
    try:
        claim_exclusive(conn, database)
    finally:
        conn.close()


def _export(
    database: Path, target: Path, key: bytes, *, source_key: bytes | None = None
) -> tuple[int, dict[str, int]]:
    """Copy ``database`` (plain, or keyed by ``source_key``) into ``target`` keyed by ``key``;
    return its schema version and row counts."""
    plain = (
        cipher_dbapi.connect(str(database), isolation_level=None)
        if source_key is None
        else keyed_connection(database, source_key)
    )
    try:
        claim_exclusive(plain, database)
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        version = int(plain.execute("PRAGMA user_version").fetchone()[0])
        counts = _tables(plain)
        plain.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(target), f"x'{key.hex()}'"))
        plain.execute("SELECT sqlcipher_export('encrypted')").fetchall()
        plain.execute(f"PRAGMA encrypted.user_version = {version}")
        plain.execute("DETACH DATABASE encrypted")
    finally:
        plain.close()
    with target.open("rb+") as handle:
        os.fsync(handle.fileno())
    return version, counts


def _verify(target: Path, key: bytes, version: int, counts: dict[str, int]) -> None:
    conn = keyed_connection(target, key)
    try:
        problems = conn.execute("PRAGMA cipher_integrity_check").fetchall()
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        same = (
            int(conn.execute("PRAGMA user_version").fetchone()[0]) == version
            and _tables(conn) == counts
        )
    finally:
        conn.close()
    if problems or ok != "ok" or not same:
        raise StorageEnvironmentError(
            f"Bản mã hoá của {target.name} không khớp bản gốc; bản gốc được giữ nguyên.",
            f"The encrypted copy of {target.name} does not match the original; the original "
            "is kept unchanged.",
        )


def encrypt_database(database: Path, key: DataKey) -> None:
    """Replace the plain ``database`` by an encrypted copy (verified before the swap).

    Raises:
        StorageEnvironmentError: the file is in use elsewhere or the copy did not verify;
            the plain file is left as it was.
    """
    replace_by_export(database, key.database_key(), ".encrypting")
    log.info("store encrypted in place")


def replace_by_export(
    database: Path, db_key: bytes, suffix: str, *, source_key: bytes | None = None
) -> None:
    """Export ``database`` into ``<database><suffix>`` keyed by ``db_key``, verify the copy,
    and rename it over the original (whose old bytes are then overwritten).

    Raises:
        StorageEnvironmentError: the file is in use elsewhere or the copy did not verify;
            the original is left as it was.
    """
    target = _side(database, suffix)
    target.unlink(missing_ok=True)
    try:
        version, counts = _export(database, target, db_key, source_key=source_key)
        wal = _side(database, "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise _busy(database)
        _verify(target, db_key, version, counts)
        for side in ("-wal", "-shm"):
            _side(database, side).unlink(missing_ok=True)
        replace_and_wipe(target, database)
    finally:
        target.unlink(missing_ok=True)


def finish_migration(vault: Vault, key: DataKey, database: Path, files: AttachmentStore) -> None:
    """Bring a store whose vault says ``migrating`` to fully encrypted, then mark it ready."""
    if is_plain_database(database):
        encrypt_database(database, key)
    with contextlib.suppress(FileNotFoundError):
        count = files.encrypt_plain_files()
        log.info("attachments encrypted in place: %d", count)
    vault.set_state("ready")
