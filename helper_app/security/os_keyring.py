"""The operating system's keyring, and only a secure one.

The access token (:mod:`helper_app.sync.credentials`) and the data key of the local store
(:mod:`helper_app.security.vault`) live in the OS keyring (Windows Credential Manager, macOS
Keychain, the Secret Service on Linux) under the service ``helper_app``. Keyring backends that
would store them in a plain file, or that silently store nothing, are refused with a message that
says what to install: a lost laptop must not hand out a token or a key.
"""

from __future__ import annotations

import keyring
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
