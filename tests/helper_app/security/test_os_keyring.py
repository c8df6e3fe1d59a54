"""Only a secure OS keyring is used: missing, failing and plain-file backends are refused."""

from __future__ import annotations

import pytest
from keyring.backends import fail, null

from helper_app.security.os_keyring import KeyringUnavailableError, secure_backend


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()])
def test_insecure_or_missing_backends_are_refused(backend: object) -> None:
    with pytest.raises(KeyringUnavailableError) as info:
        secure_backend(backend)  # type: ignore[arg-type]
    assert "gnome-keyring" in info.value.message_en
    assert "gnome-keyring" in info.value.message_vi


def test_plaintext_backend_is_refused() -> None:
    class PlaintextKeyring:  # what keyrings.alt.file provides: a file on disk
        __module__ = "keyrings.alt.file"

    with pytest.raises(KeyringUnavailableError):
        secure_backend(PlaintextKeyring())  # type: ignore[arg-type]
