"""Opening the volunteer's local storage encrypted: find the key, migrate, hand out the parts.

:func:`open_store` is what the app and the headless commands call instead of ``Store.open``:
it unlocks (or, on first run, creates) the data key through
:class:`~helper_app.security.vault.Vault`, finishes encrypting a plain store of an earlier version
if needed (:mod:`helper_app.security.encryption_migration`), and returns the encrypted
:class:`Store` with the matching :class:`AttachmentStore`. A wrong key or passphrase raises before
anything is opened or written.

Encryption can be switched off only for tests, and only with two environment variables together
(``HELPER_TEST_MODE=1`` and ``HELPER_INSECURE_NO_ENCRYPTION=1``), so the leak test can prove
that it would notice plaintext; a store that already has a key is never opened plain.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from helper_app.config import AppPaths
from helper_app.security.encryption_migration import finish_migration, is_plain_database
from helper_app.security.key_rotation import conversion_lock, current_key
from helper_app.security.vault import DataKey, KeyringUnusable, State, Vault, WrongKey
from helper_app.store.attachments import DEFAULT_MAX_BYTES, AttachmentStore
from helper_app.store.db import Store

log = logging.getLogger(__name__)

TEST_MODE_ENV = "HELPER_TEST_MODE"
NO_ENCRYPTION_ENV = "HELPER_INSECURE_NO_ENCRYPTION"


def encryption_disabled(environ: Mapping[str, str] | None = None) -> bool:
    """True only when both test switches are set (never in a volunteer's installation)."""
    env = os.environ if environ is None else environ
    if env.get(NO_ENCRYPTION_ENV) != "1":
        return False
    if env.get(TEST_MODE_ENV) != "1":
        log.warning("%s ignored: only honoured with %s=1", NO_ENCRYPTION_ENV, TEST_MODE_ENV)
        return False
    return True


@dataclass
class LocalStorage:
    """An opened local store and its attachment files, sharing one key.

    Attributes:
        store: the database.
        files: the attachment files (encrypting with the same data key).
        key: the data key (``None`` only with encryption disabled for tests); kept for
            operations that change how it is stored (passphrase change, keyring switch).
    """

    store: Store
    files: AttachmentStore
    key: DataKey | None = field(default=None, repr=False)

    def close(self) -> None:
        """Close the database."""
        self.store.close()


def open_store(
    paths: AppPaths,
    vault: Vault | None = None,
    *,
    passphrase: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> LocalStorage:
    """Open the data directory's store encrypted, creating or migrating as needed.

    * No vault file, no database: a new key (in the keyring; wrapped by ``passphrase`` when
      one is given) and a new encrypted store.
    * No vault file, a plain database of an earlier version: a new key, then the database and
      the attachments are encrypted in place, nothing lost.
    * A vault file: the key is unlocked (keyring, or ``passphrase``); an interrupted migration
      or key rotation (:mod:`helper_app.security.key_rotation`) is finished.

    Args:
        paths: the data directory.
        vault: where the key is kept (``Vault(paths.database)`` by default).
        passphrase: the passphrase, for passphrase mode or to create a store in that mode.
        max_bytes: the attachment size limit.

    Raises:
        PassphraseRequired, WrongPassphrase, WrongKey, KeyringUnusable: from the vault;
            nothing has been opened or changed.
        StorageError: the database cannot be opened.
    """
    paths.ensure()
    vault = vault or Vault(paths.database)
    if not vault.exists() and encryption_disabled():
        log.warning("store opened WITHOUT encryption (test switch)")
        store = Store.open(paths.database)
        return LocalStorage(store, AttachmentStore(paths.attachments_dir, max_bytes=max_bytes))
    key = _key(vault, paths, passphrase)
    files = AttachmentStore(
        paths.attachments_dir, max_bytes=max_bytes, cipher=key.attachment_cipher()
    )
    if vault.info().state == "migrating":
        with conversion_lock(paths):
            if vault.info().state == "migrating":  # not finished meanwhile by another process
                finish_migration(vault, key, paths.database, files)
    store = Store.open(paths.database, key=key.database_key())
    return LocalStorage(store, files, key)


def _key(vault: Vault, paths: AppPaths, passphrase: str | None) -> DataKey:
    if vault.exists():
        return current_key(paths, vault, passphrase=passphrase)
    legacy = paths.database.exists() and is_plain_database(paths.database)
    if paths.database.exists() and paths.database.stat().st_size > 0 and not legacy:
        raise WrongKey(
            f"Kho dữ liệu {paths.database} đã được mã hoá nhưng thiếu tệp khoá "
            f"{vault.file.name}. Không có gì bị thay đổi; hãy khôi phục tệp đó từ bản sao lưu.",
            f"The store {paths.database} is encrypted but its key file {vault.file.name} is "
            "missing. Nothing was changed; restore that file from a backup.",
        )
    state: State = "migrating" if legacy else "ready"
    if passphrase is None and not vault.keyring_available():
        raise vault_needs_passphrase()
    log.info("new data key (%s)", "passphrase" if passphrase else "keyring")
    return vault.create(passphrase=passphrase, state=state)


def vault_needs_passphrase() -> KeyringUnusable:
    """The error for a first start with no secure keyring: the volunteer must choose one."""
    return KeyringUnusable(
        "Máy này không có kho khoá an toàn của hệ điều hành: hãy đặt một mật khẩu (ít nhất 8 ký "
        "tự) để mã hoá dữ liệu, hoặc cài gnome-keyring.",
        "This computer has no secure operating-system keyring: choose a passphrase (at least 8 "
        "characters) to encrypt the data, or install gnome-keyring.",
    )
