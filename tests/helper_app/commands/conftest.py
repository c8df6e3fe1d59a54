"""Fixtures of the headless-command tests: a real Secret Service keyring and a live server per
module (the commands are real ``helper-app`` subprocesses that speak HTTP with ``requests``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.helpers.keyring_service import KeyringSession, secret_service
from tests.helpers.live_server import LiveServer, live_server


@pytest.fixture(scope="module")
def keyring_session() -> Iterator[KeyringSession]:
    with secret_service() as session:
        yield session


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("server")) as running:
        yield running
