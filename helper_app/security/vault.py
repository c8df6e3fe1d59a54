"""The store's data key: made at random, kept in the OS keyring or wrapped by a passphrase.

One random 32-byte data key protects a store; the SQLCipher database key and the attachment key
are HKDF subkeys of it, so neither is ever used for two purposes. The key lives in one of two
places, recorded in a small JSON "vault file" next to the database (``helper.sqlite3.vault.json``,
nothing secret in it):

* ``keyring`` mode: the key is in the OS keyring under service ``helper_app``, account
  ``store-key:<hash of the store path>``. Insecure backends (plain files, the null keyring) are
  refused through :func:`helper_app.sync.credentials.secure_backend`, never silently used.
* ``passphrase`` mode: the vault file holds the data key wrapped (AES-256-GCM) by a key derived
  from the passphrase with Argon2id (memory-hard; salt and cost parameters stored, the
  passphrase never). Changing the passphrase re-wraps the same data key: fast, nothing else is
  re-encrypted, nothing can be lost.

A key rotation (:mod:`helper_app.security.key_rotation`) keeps the next key next to the current one
(:meth:`Vault.begin_rotation`) until everything is re-encrypted, then swaps them in one atomic
write of the vault file (:meth:`Vault.finish_rotation`).

The vault file also holds a short check value (an HKDF output, useless to an attacker) so a key
that does not belong to this store is refused with a clear message before the database is
touched. A wrong passphrase fails authentication of the wrapped key: nothing changes.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import keyring.errors
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from keyring.backend import KeyringBackend

from helper_app.security.crypto import FileCipher, derive
from helper_app.security.os_keyring import SERVICE, KeyringUnavailableError, secure_backend
from helper_app.store.files import write_atomic
from helper_app.text import BilingualError

Mode = Literal["keyring", "passphrase"]
State = Literal["ready", "migrating", "rotating"]

MIN_PASSPHRASE = 8
VAULT_FORMAT = 1
_WRAP_AAD = b"helper-app vault v1"


class VaultError(BilingualError):
    """The data key cannot be had: wrong passphrase, missing key, unusable keyring."""


class WrongPassphrase(VaultError):
    """The passphrase does not unwrap the key (nothing was changed)."""


class WrongKey(VaultError):
    """The key found does not belong to this store (nothing was changed)."""


class PassphraseRequired(VaultError):
    """The store is in passphrase mode (or no keyring exists): ask the volunteer."""


class KeyringUnusable(VaultError):
    """No secure OS keyring backend: use a passphrase instead, or install one."""


def _keyring_unusable(detail: str) -> KeyringUnusable:
    return KeyringUnusable(
        "Máy này chưa có kho khoá an toàn của hệ điều hành để giữ khoá mã hoá dữ liệu. Trên Linux, "
        "hãy cài gnome-keyring (hoặc KeePassXC có bật Secret Service), hoặc đặt mật khẩu "
        "(helper-app security set-passphrase).",
        "No secure operating-system keyring is available to keep the data key. On Linux install "
        "gnome-keyring (or KeePassXC with Secret Service enabled), or set a passphrase "
        f"(helper-app security set-passphrase). ({detail})",
    )


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters (stored in the vault file with the salt).

    The defaults (64 MiB, 3 passes) take a few tenths of a second on a 2-core laptop: slow for a
    thief trying passphrases, unnoticeable for a volunteer unlocking once.
    """

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 2

    def derive(self, passphrase: str, salt: bytes) -> bytes:
        """The 32-byte wrapping key for ``passphrase``."""
        return hash_secret_raw(
            passphrase.encode("utf-8"),
            salt,
            time_cost=self.time_cost,
            memory_cost=self.memory_kib,
            parallelism=self.parallelism,
            hash_len=32,
            type=Type.ID,
        )


@dataclass(frozen=True)
class DataKey:
    """The store's random data key; its repr never shows it."""

    raw: bytes = field(repr=False)

    @classmethod
    def generate(cls) -> DataKey:
        """A new random key."""
        return cls(os.urandom(32))

    def database_key(self) -> bytes:
        """The SQLCipher raw key."""
        return derive(self.raw, b"helper-app sqlcipher v1")

    def attachment_cipher(self) -> FileCipher:
        """The cipher of the attachment files."""
        return FileCipher(derive(self.raw, b"helper-app attachments v1"))

    def check_value(self) -> str:
        """A public fingerprint that tells whether a key belongs to a store."""
        return derive(self.raw, b"helper-app key check v1", length=8).hex()


@dataclass
class VaultInfo:
    """What the vault file holds (no secret in clear)."""

    mode: Mode
    check: str
    state: State = "ready"
    format: int = VAULT_FORMAT
    kdf: dict[str, int] | None = None
    salt: str | None = None
    nonce: str | None = None
    wrapped: str | None = None
    changed_at: str = ""
    account: str | None = None
    """Keyring mode: the account holding the key (``None``: :attr:`Vault.account`)."""
    next: dict[str, Any] | None = None
    """During a key rotation: the new key's check value and where it is kept."""
    retired: list[str] | None = None
    """Keyring accounts of replaced keys still to delete (a crash may interrupt the delete)."""


_OPTIONAL_FIELDS = ("account", "next", "retired")
"""Written only when set, so a vault that never rotated keeps the original format."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str | None) -> bytes:
    return base64.b64decode(text or "")


def check_passphrase(passphrase: str) -> None:
    """Refuse a passphrase that is too short to resist guessing."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise VaultError(
            f"Mật khẩu quá ngắn: cần ít nhất {MIN_PASSPHRASE} ký tự.",
            f"The passphrase is too short: at least {MIN_PASSPHRASE} characters are needed.",
        )


class Vault:
    """Where one store's data key is kept, and how it is unlocked.

    Args:
        database: the store's SQLite file (the vault file and keyring account derive from it).
        backend: a keyring backend (tests pass a throwaway Secret Service); ``None`` asks
            keyring for the OS default, refused when insecure.
        kdf: Argon2id cost for new wraps (tests pass cheaper parameters).
    """

    def __init__(
        self,
        database: Path,
        *,
        backend: KeyringBackend | None = None,
        kdf: KdfParams | None = None,
    ) -> None:
        self.database = database
        self.file = database.with_name(database.name + ".vault.json")
        self._backend = backend
        self._kdf = kdf or KdfParams()

    @property
    def account(self) -> str:
        """The keyring account of this store's key."""
        digest = hashlib.sha256(str(self.database.resolve()).encode("utf-8")).hexdigest()
        return f"store-key:{digest[:16]}"

    # ------------------------------------------------------------------ the file

    def exists(self) -> bool:
        """True once a key has been made for this store."""
        return self.file.is_file()

    def info(self) -> VaultInfo:
        """The vault file's content.

        Raises:
            VaultError: the file is missing or unreadable.
        """
        try:
            raw: dict[str, Any] = json.loads(self.file.read_text(encoding="utf-8"))
            return VaultInfo(**raw)
        except (OSError, ValueError, TypeError) as exc:
            raise VaultError(
                f"Không đọc được tệp khoá {self.file.name}.",
                f"The key file {self.file.name} cannot be read ({type(exc).__name__}).",
            ) from exc

    def _write(self, info: VaultInfo) -> None:
        info.changed_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        content = {
            k: v for k, v in asdict(info).items() if v is not None or k not in _OPTIONAL_FIELDS
        }
        write_atomic(self.file, json.dumps(content, indent=1).encode("utf-8"))

    def set_state(self, state: State) -> None:
        """Record that a migration is under way (or done), so a crash resumes it."""
        info = self.info()
        info.state = state
        self._write(info)

    # ------------------------------------------------------------------ keyring

    def backend(self) -> KeyringBackend:
        """The secure keyring backend, or :class:`KeyringUnusable`."""
        try:
            return secure_backend(self._backend)
        except KeyringUnavailableError as exc:
            raise _keyring_unusable(str(exc)) from exc

    def keyring_available(self) -> bool:
        """True when a secure keyring backend exists here."""
        try:
            self.backend()
        except KeyringUnusable:
            return False
        return True

    def _keyring_put(self, key: DataKey, account: str | None = None) -> None:
        try:
            self.backend().set_password(SERVICE, account or self.account, _b64(key.raw))
        except Exception as exc:  # noqa: BLE001 - see os_keyring.BACKEND_FAILURES_NOTE
            raise _keyring_unusable(type(exc).__name__) from exc

    def _keyring_get(self, account: str | None = None) -> DataKey:
        try:
            value = self.backend().get_password(SERVICE, account or self.account)
        except Exception as exc:  # noqa: BLE001 - see os_keyring.BACKEND_FAILURES_NOTE
            raise _keyring_unusable(type(exc).__name__) from exc
        if not value:
            raise WrongKey(
                "Không tìm thấy khoá của kho dữ liệu trong kho khoá của hệ điều hành (đã bị xoá, "
                "hoặc đây là máy khác). Dữ liệu không thay đổi.",
                "The store's key is not in the operating-system keyring (deleted, or another "
                "computer). Nothing was changed.",
            )
        return DataKey(_unb64(value))

    def _keyring_forget(self, account: str | None = None) -> None:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            self.backend().delete_password(SERVICE, account or self.account)

    # ------------------------------------------------------------------ create / unlock

    def create(
        self, *, passphrase: str | None = None, state: State = "ready", key: DataKey | None = None
    ) -> DataKey:
        """Make (or adopt) a data key: in the keyring, or wrapped by ``passphrase`` if given.

        Raises:
            KeyringUnusable: no passphrase and no secure keyring.
        """
        key = key or DataKey.generate()
        if passphrase is None:
            self._keyring_put(key)
            self._write(VaultInfo(mode="keyring", check=key.check_value(), state=state))
        else:
            self._write(self._wrapped(key, passphrase, state))
        return key

    def _wrapped(self, key: DataKey, passphrase: str, state: State) -> VaultInfo:
        check_passphrase(passphrase)
        salt, nonce = os.urandom(16), os.urandom(12)
        wrapping = self._kdf.derive(passphrase, salt)
        wrapped = AESGCM(wrapping).encrypt(nonce, key.raw, _WRAP_AAD)
        return VaultInfo(
            mode="passphrase",
            check=key.check_value(),
            state=state,
            kdf={"argon2id": 1, **asdict(self._kdf)},
            salt=_b64(salt),
            nonce=_b64(nonce),
            wrapped=_b64(wrapped),
        )

    def unlock(self, passphrase: str | None = None) -> DataKey:
        """The data key of this store.

        Raises:
            PassphraseRequired: passphrase mode and no passphrase given.
            WrongPassphrase: it does not unwrap the key.
            WrongKey: the keyring holds no key, or one of another store.
            KeyringUnusable: keyring mode and no secure backend.
        """
        info = self.info()
        key = self._open(info, info.mode, passphrase)
        if info.retired:
            self._forget_retired(info)
        return key

    def _open(self, info: VaultInfo, mode: Mode, passphrase: str | None) -> DataKey:
        """The key ``info`` describes (the current one, or a rotation's ``next`` as a VaultInfo)."""
        if mode == "keyring":
            key = self._keyring_get(info.account)
        else:
            if passphrase is None:
                raise PassphraseRequired(
                    "Kho dữ liệu được khoá bằng mật khẩu: hãy nhập mật khẩu.",
                    "The store is locked with a passphrase: enter it.",
                )
            key = self._unwrap(info, passphrase)
        if not hmac.compare_digest(key.check_value(), info.check):
            raise WrongKey(
                "Khoá tìm thấy không phải của kho dữ liệu này. Dữ liệu không thay đổi.",
                "The key found does not belong to this store. Nothing was changed.",
            )
        return key

    def _unwrap(self, info: VaultInfo, passphrase: str) -> DataKey:
        params = KdfParams(**{k: v for k, v in (info.kdf or {}).items() if k != "argon2id"})
        wrapping = params.derive(passphrase, _unb64(info.salt))
        try:
            raw = AESGCM(wrapping).decrypt(_unb64(info.nonce), _unb64(info.wrapped), _WRAP_AAD)
        except InvalidTag as exc:
            raise WrongPassphrase(
                "Sai mật khẩu. Dữ liệu không thay đổi.",
                "Wrong passphrase. Nothing was changed.",
            ) from exc
        return DataKey(raw)

    # ------------------------------------------------------------------ changes

    def _settled(self) -> VaultInfo:
        """The vault's content, refusing while a key rotation is unfinished.

        Re-wrapping or moving the key then would drop the rotation's new key, which the
        database may already be encrypted with: opening the store finishes the rotation first.
        """
        info = self.info()
        if info.state == "rotating":
            raise VaultError(
                "Việc đổi khoá dữ liệu chưa xong: hãy mở ứng dụng một lần cho xong, rồi thử lại.",
                "A data key rotation is unfinished: open the app once to complete it, then retry.",
            )
        return info

    def change_passphrase(self, old: str, new: str) -> None:
        """Re-wrap the data key under a new passphrase (the old one must be right).

        Raises:
            WrongPassphrase: ``old`` is wrong (nothing changed).
            VaultError: ``new`` is too short, or the store is not in passphrase mode.
        """
        info = self._settled()
        if info.mode != "passphrase":
            raise VaultError(
                "Kho dữ liệu không dùng mật khẩu (khoá nằm trong kho khoá hệ điều hành).",
                "The store has no passphrase (its key is in the operating-system keyring).",
            )
        key = self.unlock(old)
        self._write(self._wrapped(key, new, info.state))

    def use_passphrase(self, key: DataKey, passphrase: str) -> None:
        """Keep the key wrapped by ``passphrase`` instead of in the keyring (user's choice)."""
        info = self._settled()
        self._write(self._wrapped(key, passphrase, info.state))
        if info.mode == "keyring":
            with contextlib.suppress(VaultError):
                self._keyring_forget(info.account)

    def use_keyring(self, key: DataKey) -> None:
        """Keep the key in the OS keyring (removing the wrapped copy)."""
        info = self._settled()
        self._keyring_put(key)
        stale = [info.account] if info.mode == "keyring" and info.account else None
        self._write(
            VaultInfo(mode="keyring", check=key.check_value(), state=info.state, retired=stale)
        )
        if stale:
            self._forget_retired(self.info())

    # ------------------------------------------------------------------ key rotation

    def begin_rotation(self, passphrase: str | None = None) -> DataKey:
        """Make the next data key and keep it (same mode) *before* anything is encrypted with it.

        The vault then says ``rotating`` and holds both keys' check values, so a crash at any
        later point can be finished (:mod:`helper_app.security.key_rotation`). In keyring mode the
        new key goes under its own account (``<account>:<check>``); in passphrase mode it is
        wrapped by the same passphrase.

        Raises:
            PassphraseRequired, WrongPassphrase: passphrase mode without the right passphrase.
            VaultError: a rotation is already under way (finish it first).
        """
        info = self.info()
        if info.state != "ready":
            raise VaultError(
                "Kho dữ liệu đang được chuyển đổi; hãy mở ứng dụng một lần để hoàn tất trước.",
                "The store is being converted; open the app once to finish that first.",
            )
        self.unlock(passphrase)  # the right passphrase (or keyring) before anything changes
        new = DataKey.generate()
        if info.mode == "keyring":
            account = f"{self.account}:{new.check_value()}"
            self._keyring_put(new, account)
            info.next = {"check": new.check_value(), "account": account}
        else:
            assert passphrase is not None  # unlock() above refused otherwise
            wrapped = self._wrapped(new, passphrase, "rotating")
            info.next = {
                "check": wrapped.check,
                "kdf": wrapped.kdf,
                "salt": wrapped.salt,
                "nonce": wrapped.nonce,
                "wrapped": wrapped.wrapped,
            }
        info.state = "rotating"
        self._write(info)
        return new

    def _next_info(self, info: VaultInfo) -> VaultInfo:
        if info.state != "rotating" or not info.next:
            raise VaultError("Không có đợt đổi khoá nào.", "No key rotation is under way.")
        return VaultInfo(mode=info.mode, **info.next)

    def unlock_next(self, passphrase: str | None = None) -> DataKey:
        """The rotation's new key (see :meth:`begin_rotation`)."""
        info = self.info()
        return self._open(self._next_info(info), info.mode, passphrase)

    def finish_rotation(self) -> None:
        """Make the new key the store's key (one atomic write), then drop the old keyring entry.

        Call only once the database and every attachment are encrypted with the new key.
        """
        info = self.info()
        following = self._next_info(info)
        following.state = "ready"
        if info.mode == "keyring":
            following.retired = [info.account or self.account]
        self._write(following)
        if following.retired:
            self._forget_retired(following)

    def _forget_retired(self, info: VaultInfo) -> None:
        """Delete replaced keys from the keyring; what cannot be deleted now is retried later."""
        left = []
        for account in info.retired or []:
            try:
                self._keyring_forget(account)
            except VaultError:
                left.append(account)
        info.retired = left or None
        self._write(info)
