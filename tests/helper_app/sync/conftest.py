"""Fixtures for sync tests: one live server per module, a fresh ward and laptop per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.helpers.live_server import LiveServer, TestUser, live_server
from tests.helpers.sync_world import Laptop, Officer
from tests.helpers.threads import assert_no_helper_threads


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("server")) as running:
        yield running


@pytest.fixture
def ward(server: LiveServer) -> str:
    return server.create_user(role="officer").ward


@pytest.fixture
def laptop(server: LiveServer, ward: str, tmp_path: Path) -> Iterator[Laptop]:
    user = server.create_user(role="volunteer", ward=ward)
    opened = Laptop.open(tmp_path / "laptop", server, user)
    yield opened
    opened.close()


@pytest.fixture
def officer(server: LiveServer, ward: str) -> Iterator[Officer]:
    user = server.create_user(role="officer", ward=ward)
    with server.client(server.login(user)) as http:
        yield Officer(http)


@pytest.fixture
def officer_http(server: LiveServer) -> Iterator[tuple[TestUser, httpx.Client]]:
    """A volunteer account and an officer's HTTP client in the same fresh ward."""
    volunteer = server.create_user(role="volunteer")
    official = server.create_user(role="officer", ward=volunteer.ward)
    with server.client(server.login(official)) as http:
        yield volunteer, http


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    """Every sync test ends with the engine's threads (scheduler, upload pool) stopped."""
    yield
    assert_no_helper_threads()
