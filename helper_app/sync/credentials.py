"""The access token, kept in the operating system's keyring and nowhere else.

The password is traded for a token at sign-in and forgotten; the token goes into the OS keyring
(Windows Credential Manager, macOS Keychain, the Secret Service on Linux) under the service
``helper_app`` and an account named after the server and the user. Settings files and the
SQLite store never hold it, and it never appears in a log line or an exception message.

Only a secure keyring is used (:func:`helper_app.security.os_keyring.secure_backend`): a laptop
that gets lost must not hand out a token that lets anyone submit dossiers in the volunteer's name.
"""

from __future__ import annotations

from dataclasses import dataclass

import keyring.errors
from keyring.backend import KeyringBackend

from helper_app.security.os_keyring import SERVICE, KeyringUnavailableError, secure_backend


@dataclass(frozen=True)
class Account:
    """Which server and which user a token belongs to (not secret)."""

    server_url: str
    username: str

    @property
    def key(self) -> str:
        """The keyring account name."""
        return f"{self.username}@{self.server_url.rstrip('/')}"


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
        except Exception as exc:  # noqa: BLE001 - see os_keyring.BACKEND_FAILURES_NOTE
            raise KeyringUnavailableError(type(exc).__name__) from exc

    def load(self, account: Account) -> str | None:
        """The token, or None when signed out."""
        try:
            return self._backend.get_password(SERVICE, account.key)
        except Exception as exc:  # noqa: BLE001 - see os_keyring.BACKEND_FAILURES_NOTE
            raise KeyringUnavailableError(type(exc).__name__) from exc

    def delete(self, account: Account) -> None:
        """Forget the token (sign-out); nothing happens when there is none."""
        try:
            self._backend.delete_password(SERVICE, account.key)
        except keyring.errors.PasswordDeleteError:
            return
        except Exception as exc:  # noqa: BLE001 - see os_keyring.BACKEND_FAILURES_NOTE
            raise KeyringUnavailableError(type(exc).__name__) from exc
