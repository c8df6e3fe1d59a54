"""Rotating the store's data key: a new random key for the database and every attachment.

Changing the passphrase only re-wraps the data key (fast, nothing re-encrypted). When the key
itself may have leaked (a keyring export, a laptop out of the volunteer's hands while unlocked),
``helper-app security rotate-key`` replaces it:

1. :meth:`Vault.begin_rotation` makes the new key and keeps it (keyring or wrapped by the same
   passphrase) *before* anything is encrypted with it; the vault says ``rotating``.
2. The database is exported into ``<db>.rekeying`` under the new key, verified (page HMACs,
   ``integrity_check``, schema version, row counts) and renamed over the old file, whose bytes
   are then overwritten (:func:`helper_app.security.encryption_migration.replace_by_export`).
3. Every attachment still under the old key is re-encrypted, one file at a time, each by
   rename (:meth:`AttachmentStore.reencrypt_files`).
4. :meth:`Vault.finish_rotation` makes the new key current in one atomic write and drops the
   old keyring entry.

One process at a time does this (:func:`conversion_lock`). A crash anywhere leaves a store
that the next :func:`helper_app.security.storage.open_store` finishes (:func:`resume`): the
database is under the old key until the rename and under the new one after it (tried in that
order), and each attachment is under one key or the other (a file already unreadable under the old
key is left as it is and counted). Nothing here needs the network; the store must not be open
elsewhere (the export refuses a busy file).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout
from sqlcipher3 import dbapi2 as cipher_dbapi

from helper_app.config import AppPaths
from helper_app.security.encryption_migration import ensure_not_in_use, replace_by_export
from helper_app.security.vault import DataKey, Vault
from helper_app.store.attachments import AttachmentStore
from helper_app.store.db import keyed_connection
from helper_app.store.errors import StorageEnvironmentError

log = logging.getLogger(__name__)

REKEY_SUFFIX = ".rekeying"


@dataclass(frozen=True)
class RotationReport:
    """What a rotation did (no key material)."""

    database_rekeyed: bool
    files_reencrypted: int
    files_unreadable: int
    old_check: str
    new_check: str


LOCK_FILE = "helper.conversion.lock"
LOCK_WAIT_S = 5.0


@contextlib.contextmanager
def conversion_lock(paths: AppPaths, *, wait: float = LOCK_WAIT_S) -> Iterator[None]:
    """Only one process converts the store at a time (key rotation, finishing one on open).

    Two processes resuming the same rotation would each write the re-keyed copy and rename it
    over the database. The lock is an OS file lock (``filelock``), freed when its holder exits,
    even by SIGKILL.

    Raises:
        StorageEnvironmentError: another Helper process holds it for longer than ``wait``.
    """
    lock = FileLock(paths.data_dir / LOCK_FILE, timeout=wait)
    try:
        lock.acquire()
    except Timeout as exc:
        raise StorageEnvironmentError(
            "Một cửa sổ hoặc lệnh Helper khác đang đổi khoá dữ liệu; hãy chờ nó xong rồi thử lại.",
            "Another Helper window or command is changing the data key; wait for it to finish "
            "and try again.",
        ) from exc
    try:
        yield
    finally:
        lock.release()


def _opens_with(database: Path, db_key: bytes) -> bool:
    """True when ``db_key`` decrypts ``database``; False when SQLCipher says it does not.

    Any other failure (a locked or unreadable file) is raised, never read as "the old key".
    """
    conn = keyed_connection(database, db_key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except cipher_dbapi.DatabaseError as exc:
        if "not a database" in str(exc):
            return False
        raise StorageEnvironmentError(
            f"Không đọc được kho dữ liệu {database.name} ({type(exc).__name__}).",
            f"The store {database.name} cannot be read ({type(exc).__name__}).",
        ) from exc
    finally:
        conn.close()


def rotate(paths: AppPaths, vault: Vault, *, passphrase: str | None = None) -> RotationReport:
    """Replace the store's data key (see the module docstring); the store must be closed.

    An unfinished rotation is finished instead of starting another one.

    Raises:
        PassphraseRequired, WrongPassphrase, WrongKey, KeyringUnusable: from the vault, before
            anything changed.
        VaultError: another conversion (the encryption of an old store) is unfinished.
        StorageEnvironmentError: the store is open elsewhere, or another process is converting
            it (nothing changed).
    """
    with conversion_lock(paths):
        if vault.info().state == "rotating":
            return _resume_locked(paths, vault, passphrase)
        if paths.database.exists():
            ensure_not_in_use(paths.database, vault.unlock(passphrase).database_key())
        vault.begin_rotation(passphrase)
        return _resume_locked(paths, vault, passphrase)


def resume(
    paths: AppPaths, vault: Vault, *, passphrase: str | None = None
) -> RotationReport | None:
    """Finish a rotation the vault says is under way (None when another process just did)."""
    with conversion_lock(paths):
        if vault.info().state != "rotating":
            return None
        return _resume_locked(paths, vault, passphrase)


def _resume_locked(paths: AppPaths, vault: Vault, passphrase: str | None) -> RotationReport:
    """The rotation's remaining steps; idempotent, so a crash anywhere can be resumed."""
    old = vault.unlock(passphrase)
    new = vault.unlock_next(passphrase)
    rekeyed = False
    database = paths.database
    if database.exists() and not _opens_with(database, new.database_key()):
        replace_by_export(database, new.database_key(), REKEY_SUFFIX, source_key=old.database_key())
        rekeyed = True
    files = AttachmentStore(paths.attachments_dir, cipher=new.attachment_cipher())
    count, unreadable = files.reencrypt_files(old.attachment_cipher())
    vault.finish_rotation()
    log.info(
        "data key rotated (database %s, %d files, %d unreadable)",
        "re-keyed" if rekeyed else "done",
        count,
        unreadable,
    )
    return RotationReport(rekeyed, count, unreadable, old.check_value(), new.check_value())


def current_key(paths: AppPaths, vault: Vault, *, passphrase: str | None = None) -> DataKey:
    """The key to open the store with: finishes an interrupted rotation first."""
    if vault.info().state == "rotating":
        resume(paths, vault, passphrase=passphrase)
    return vault.unlock(passphrase)
