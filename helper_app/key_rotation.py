"""Rotating the store's data key: a new random key for the database and every attachment.

Changing the passphrase only re-wraps the data key (fast, nothing re-encrypted). When the key
itself may have leaked (a keyring export, a laptop out of the volunteer's hands while unlocked),
``helper-app security rotate-key`` replaces it:

1. :meth:`Vault.begin_rotation` makes the new key and keeps it (keyring or wrapped by the same
   passphrase) *before* anything is encrypted with it; the vault says ``rotating``.
2. The database is exported into ``<db>.rekeying`` under the new key, verified (page HMACs,
   ``integrity_check``, schema version, row counts) and renamed over the old file, whose bytes
   are then overwritten (:func:`helper_app.encryption_migration.replace_by_export`).
3. Every attachment still under the old key is re-encrypted, one file at a time, each by
   rename (:meth:`AttachmentStore.reencrypt_files`).
4. :meth:`Vault.finish_rotation` makes the new key current in one atomic write and drops the
   old keyring entry.

A crash anywhere leaves a store that the next :func:`helper_app.storage.open_store` finishes
(:func:`resume`): the database is under the old key until the rename and under the new one
after it (tried in that order), and each attachment is under one key or the other. Nothing here
needs the network; the store must not be open elsewhere (the export refuses a busy file).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from helper_app.attachments import AttachmentStore
from helper_app.config import AppPaths
from helper_app.db import keyed_connection
from helper_app.encryption_migration import ensure_not_in_use, replace_by_export
from helper_app.vault import DataKey, Vault

log = logging.getLogger(__name__)

REKEY_SUFFIX = ".rekeying"


@dataclass(frozen=True)
class RotationReport:
    """What a rotation did (no key material)."""

    database_rekeyed: bool
    files_reencrypted: int
    old_check: str
    new_check: str


def _opens_with(database: Path, db_key: bytes) -> bool:
    """True when ``db_key`` decrypts ``database`` (a wrong key fails on the first page)."""
    conn = keyed_connection(database, db_key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except Exception:  # noqa: BLE001 - sqlcipher raises DatabaseError for "not a database"
        return False
    finally:
        conn.close()


def rotate(paths: AppPaths, vault: Vault, *, passphrase: str | None = None) -> RotationReport:
    """Replace the store's data key (see the module docstring); the store must be closed.

    Raises:
        PassphraseRequired, WrongPassphrase, WrongKey, KeyringUnusable: from the vault, before
            anything changed.
        VaultError: another conversion is under way (open the app once first).
        StorageEnvironmentError: the database is open elsewhere (nothing changed).
    """
    if paths.database.exists():
        ensure_not_in_use(paths.database, vault.unlock(passphrase).database_key())
    vault.begin_rotation(passphrase)
    return resume(paths, vault, passphrase=passphrase)


def resume(paths: AppPaths, vault: Vault, *, passphrase: str | None = None) -> RotationReport:
    """Finish a rotation the vault says is under way; idempotent, so a crash can be resumed."""
    old = vault.unlock(passphrase)
    new = vault.unlock_next(passphrase)
    rekeyed = False
    database = paths.database
    if database.exists() and not _opens_with(database, new.database_key()):
        replace_by_export(database, new.database_key(), REKEY_SUFFIX, source_key=old.database_key())
        rekeyed = True
    files = AttachmentStore(paths.attachments_dir, cipher=new.attachment_cipher())
    count = files.reencrypt_files(old.attachment_cipher())
    vault.finish_rotation()
    log.info("data key rotated (database %s, %d files)", "re-keyed" if rekeyed else "done", count)
    return RotationReport(rekeyed, count, old.check_value(), new.check_value())


def current_key(paths: AppPaths, vault: Vault, *, passphrase: str | None = None) -> DataKey:
    """The key to open the store with: finishes an interrupted rotation first."""
    if vault.info().state == "rotating":
        resume(paths, vault, passphrase=passphrase)
    return vault.unlock(passphrase)
