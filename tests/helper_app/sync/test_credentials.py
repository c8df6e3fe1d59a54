"""The token lives in a real OS keyring (Secret Service), under its server and user."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from helper_app.sync.credentials import Account, CredentialStore
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
