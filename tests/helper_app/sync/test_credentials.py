"""The token lives in a real OS keyring (Secret Service), and insecure backends are refused."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from keyring.backends import fail, null

from helper_app.sync.credentials import (
    Account,
    CredentialStore,
    KeyringUnavailableError,
    secure_backend,
)
from tests.helpers.keyring_service import KeyringSession, secret_service


@pytest.fixture(scope="module")
def keyring_session() -> Iterator[KeyringSession]:
    with secret_service() as session:
        yield session


def test_token_round_trip_in_secret_service(keyring_session: KeyringSession) -> None:
    store = CredentialStore(keyring_session.backend)
    account = Account(server_url="http://127.0.0.1:8000/", username="tnv.an")
    assert store.load(account) is None
    store.save(account, "token-1")
    assert store.load(account) == "token-1"
    store.save(account, "token-2")
    assert store.load(account) == "token-2"
    other = Account(server_url="http://127.0.0.1:9000", username="tnv.an")
    assert store.load(other) is None
    store.delete(account)
    assert store.load(account) is None
    store.delete(account)  # signing out twice is fine


def test_account_key_ignores_trailing_slash() -> None:
    assert Account("http://h/", "u").key == Account("http://h", "u").key == "u@http://h"


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
