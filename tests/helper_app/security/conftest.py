"""Fixtures of the data-protection tests: a real throwaway keyring, cheap Argon2 costs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from helper_app.security.vault import KdfParams
from tests.helpers.keyring_service import KeyringSession, secret_service
from tests.helpers.store import catalog, clock, files, service, store, store_template

__all__ = ["catalog", "clock", "files", "service", "store", "store_template"]

CHEAP_KDF = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)
"""Argon2id parameters that keep the tests fast (the app uses the defaults)."""


@pytest.fixture(scope="module")
def keyring_session() -> Iterator[KeyringSession]:
    """A real Secret Service keyring for the module's tests."""
    with secret_service() as session:
        yield session
