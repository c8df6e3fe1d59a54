"""The access token, kept in the operating system's keyring and nowhere else.

The password is traded for a token at sign-in and forgotten; the token goes into the OS keyring
(Windows Credential Manager, macOS Keychain, the Secret Service on Linux) under the service
``helper_app`` and an account named after the server and the user. Settings files and the
SQLite store never hold it, and it never appears in a log line or an exception message.

Keyring backends that would store the token in a plain file, or that silently store nothing,
are refused with a message that says what to install: a laptop that gets lost must not hand
out a token that lets anyone submit dossiers in the volunteer's name.
"""

from __future__ import annotations

from dataclasses import dataclass

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

SERVICE = "helper_app"

BACKEND_FAILURES_NOTE = (
    "Keyring backends raise their own exception types (secretstorage, jeepney and D-Bus errors "
    "when the Secret Service went away, OSError, Windows/macOS errors) besides KeyringError; "
    "every one of them means the same to us: the keyring cannot be used right now."
)

_REFUSED_BACKENDS = (
    "keyring.backends.fail",
    "keyring.backends.null",
    "keyrings.alt.file",  # PlaintextKeyring and friends: a file on disk
    "keyrings.alt.Gnome",
)

NO_KEYRING_VI = (
    "Máy này chưa có kho khoá an toàn của hệ điều hành để giữ phiên đăng nhập. "
    "Trên Linux, hãy cài gnome-keyring (hoặc KeePassXC có bật Secret Service) rồi đăng nhập lại; "
    "Windows và macOS đã có sẵn."
)
NO_KEYRING_EN = (
    "No secure operating-system keyring is available to keep the sign-in. On Linux install "
    "gnome-keyring (or KeePassXC with Secret Service enabled) and sign in again; Windows and "
    "macOS have one built in."
)


class KeyringUnavailableError(Exception):
    """No secure keyring backend: say what to install (both languages)."""

    def __init__(self, detail: str = "") -> None:
        message = f"{NO_KEYRING_EN} ({detail})" if detail else NO_KEYRING_EN
        super().__init__(message)
        self.message_vi = NO_KEYRING_VI
        self.message_en = message


@dataclass(frozen=True)
class Account:
    """Which server and which user a token belongs to (not secret)."""

    server_url: str
    username: str

    @property
    def key(self) -> str:
        """The keyring account name."""
        return f"{self.username}@{self.server_url.rstrip('/')}"


def secure_backend(backend: KeyringBackend | None = None) -> KeyringBackend:
    """The keyring backend to use, refusing insecure or non-working ones."""
    chosen = backend if backend is not None else keyring.get_keyring()
    module = type(chosen).__module__
    if module.startswith(_REFUSED_BACKENDS):
        raise KeyringUnavailableError(type(chosen).__name__)
    # A chainer with only refused backends behind it is as bad as none.
    inner = getattr(chosen, "backends", None)
    if inner is not None and not any(
        not type(b).__module__.startswith(_REFUSED_BACKENDS) for b in inner
    ):
        raise KeyringUnavailableError("no usable backend in the chain")
    return chosen


class CredentialStore:
    """Save, read and delete the access token of one account.

    Args:
        backend: a keyring backend (tests pass the one of a throwaway Secret Service);
            ``None`` uses the operating system's default, checked by :func:`secure_backend`.
    """

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = secure_backend(backend)

    def save(self, account: Account, token: str) -> None:
        """Keep the token (replacing an older one)."""
        try:
            self._backend.set_password(SERVICE, account.key, token)
        except Exception as exc:  # noqa: BLE001 - see BACKEND_FAILURES_NOTE
            raise KeyringUnavailableError(type(exc).__name__) from exc

    def load(self, account: Account) -> str | None:
        """The token, or None when signed out."""
        try:
            return self._backend.get_password(SERVICE, account.key)
        except Exception as exc:  # noqa: BLE001 - see BACKEND_FAILURES_NOTE
            raise KeyringUnavailableError(type(exc).__name__) from exc

    def delete(self, account: Account) -> None:
        """Forget the token (sign-out); nothing happens when there is none."""
        try:
            self._backend.delete_password(SERVICE, account.key)
        except keyring.errors.PasswordDeleteError:
            return
        except Exception as exc:  # noqa: BLE001 - see BACKEND_FAILURES_NOTE
            raise KeyringUnavailableError(type(exc).__name__) from exc
