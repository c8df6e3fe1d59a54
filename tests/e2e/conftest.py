"""Fixtures of the end-to-end tests: a real server, a real keyring and the wired desktop app.

The server is ``helper-server serve`` in a subprocess (tests/helpers/live_server.py), the token
and the store's data key (the store is encrypted, keyring mode) go to a throwaway gnome-keyring
on a private D-Bus (tests/helpers/keyring_service.py), and the app is built exactly as ``run()``
builds it, with sync on. At teardown the sync thread and the
task runner are stopped and no worker thread may be left.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from helper_app.config import resolve_paths  # noqa: E402
from helper_app.security.vault import Vault  # noqa: E402
from helper_app.sync.credentials import CredentialStore  # noqa: E402
from helper_app.ui.app import UiRuntime, build_ui, open_services  # noqa: E402
from helper_app.ui.qapp import qapplication  # noqa: E402
from helper_app.ui.qt import QApplication  # noqa: E402
from helper_app.ui.settings import load_settings  # noqa: E402
from tests.helpers.browser import browser, page  # noqa: E402
from tests.helpers.keyring_service import KeyringSession, secret_service  # noqa: E402
from tests.helpers.live_server import LiveServer, live_server  # noqa: E402
from tests.helpers.sync_world import VolunteerWard  # noqa: E402
from tests.helpers.threads import assert_no_helper_threads  # noqa: E402
from tests.helpers.ui import RecordingPresenter  # noqa: E402

__all__ = ["browser", "page"]  # the console fixtures (tests/helpers/browser.py)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("server")) as running:
        yield running


@pytest.fixture
def keyring_session() -> Iterator[KeyringSession]:
    with secret_service() as session:
        yield session


@pytest.fixture
def ward(server: LiveServer) -> Iterator[VolunteerWard]:
    volunteer = server.create_user(role="volunteer")
    official = server.create_user(role="officer", ward=volunteer.ward)
    with server.client(server.login(official)) as http:
        yield VolunteerWard(volunteer, http)


@pytest.fixture
def app_factory(
    tmp_path: Path, qtbot: Any, keyring_session: KeyringSession
) -> Iterator[Callable[[], UiRuntime]]:
    """Build the app on a fresh data directory with the throwaway keyring."""
    made: list[tuple[UiRuntime, RecordingPresenter]] = []

    def factory() -> UiRuntime:
        paths = resolve_paths(tmp_path / "laptop")
        paths.ensure()
        settings = replace(load_settings(paths.settings_file), language="vi")
        backend = keyring_session.backend
        vault = Vault(paths.database, backend=backend)  # the data key in the real keyring
        services = open_services(paths, settings, actor="tester", vault=vault)
        recorder = RecordingPresenter()
        runtime = build_ui(
            qapplication(["pytest"]),
            services,
            presenter=recorder,
            credentials=lambda: CredentialStore(backend),
        )
        made.append((runtime, recorder))
        return runtime

    yield factory
    for runtime, _ in made:
        for window in list(runtime.window.windows):
            window.close()
        qtbot.waitUntil(lambda r=runtime: not r.tasks.busy, timeout=10000)
        runtime.shutdown()
    QApplication.processEvents()
    assert_no_helper_threads()
    errors = [e for _, r in made for e in r.errors]
    assert errors == [], f"unexpected errors shown to the user: {errors}"
