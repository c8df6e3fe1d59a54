"""Fixtures of the server tests: one server per module and backend, a fresh ward per test.

``server`` is the app in this process behind FastAPI's TestClient (:mod:`tests.helpers.
app_server`): most modules test what the server answers, not the wire. A module about the wire
(a cut socket), or a threat test of docs/security.md (those run against a real process), sets
``LIVE_SERVER = True`` and gets ``helper-server serve`` in a subprocess instead; modules with
their own server options define their own fixture. ``server`` is parametrized over SQLite and
PostgreSQL (the latter marked ``postgres``: it runs when ``HELPER_TEST_PG_URL`` is set, each
module in its own freshly created database).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helper_server.world import Ward, make_ward, write_forms
from tests.helpers.app_server import AppServer, app_server
from tests.helpers.live_server import BACKENDS, LiveServer, live_server, on_backend


@pytest.fixture(scope="session")
def forms_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small test catalog (``test_permit`` v1 and v2)."""
    return write_forms(tmp_path_factory.mktemp("forms"))


@pytest.fixture(scope="module", params=BACKENDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, forms_dir: Path
) -> Iterator[AppServer | LiveServer]:
    """The server for the module, on SQLite or on a fresh PostgreSQL database.

    In this process (TestClient) unless the module sets ``LIVE_SERVER = True``: a module about
    the wire, or one of the threat tests of docs/security.md, which run against a real process.
    """
    directory = tmp_path_factory.mktemp("server")
    if getattr(request.module, "LIVE_SERVER", False):
        with on_backend(live_server, request.param, directory, forms_dir=forms_dir) as live:
            yield live
    else:
        with on_backend(app_server, request.param, directory, forms_dir=forms_dir) as app:
            yield app


@pytest.fixture
def ward(server: AppServer | LiveServer) -> Iterator[Ward]:
    """A fresh ward with a signed-in volunteer and officer."""
    made = make_ward(server)
    yield made
    made.close()


@pytest.fixture
def other_ward(server: AppServer | LiveServer) -> Iterator[Ward]:
    """A second, unrelated ward."""
    made = make_ward(server)
    yield made
    made.close()
