"""Fixtures of the data-protection tests: a real throwaway keyring, cheap Argon2 costs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.helpers.keyring_service import KeyringSession, secret_service
from tests.helpers.store import catalog, clock, files, service, store, store_template

__all__ = ["catalog", "clock", "files", "service", "store", "store_template"]


@pytest.fixture(scope="module")
def keyring_session() -> Iterator[KeyringSession]:
    """A real Secret Service keyring for the module's tests."""
    with secret_service() as session:
        yield session
