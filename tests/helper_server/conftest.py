"""Fixtures of the server tests: one live server per module and backend, a fresh ward per test.

``server`` is parametrized over SQLite and PostgreSQL (the latter marked ``postgres``: it runs
when ``HELPER_TEST_PG_URL`` is set, each module in its own freshly created database).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helper_server.world import Ward, make_ward, write_forms
from tests.helpers.live_server import LiveServer, fresh_pg_database, live_server

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(scope="session")
def forms_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small test catalog (``test_permit`` v1 and v2)."""
    return write_forms(tmp_path_factory.mktemp("forms"))


@pytest.fixture(scope="module", params=BACKENDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, forms_dir: Path
) -> Iterator[LiveServer]:
    """A live server for the module, on SQLite or on a fresh PostgreSQL database."""
    directory = tmp_path_factory.mktemp("server")
    if request.param == "postgres":
        with fresh_pg_database(os.environ["HELPER_TEST_PG_URL"]) as url:
            with live_server(directory, db_url=url, forms_dir=forms_dir) as running:
                yield running
    else:
        with live_server(directory, forms_dir=forms_dir) as running:
            yield running


@pytest.fixture
def ward(server: LiveServer) -> Iterator[Ward]:
    """A fresh ward with a signed-in volunteer and officer."""
    made = make_ward(server)
    yield made
    made.close()


@pytest.fixture
def other_ward(server: LiveServer) -> Iterator[Ward]:
    """A second, unrelated ward."""
    made = make_ward(server)
    yield made
    made.close()
