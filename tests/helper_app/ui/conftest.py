"""Fixtures of the desktop-UI tests: a real store in tmp_path, the real wiring of ui/app.py.

Every test gets the window exactly as ``run()`` builds it (:func:`tests.helpers.ui.make_runtime`:
passphrase mode with cheap Argon2id; the keyring mode is covered with a real Secret Service in
``test_encrypted_store.py`` and the end-to-end tests). At teardown the task runner is drained
and the test fails if a worker thread or a visible window outlives it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from helper_app.config import AppPaths  # noqa: E402
from helper_app.sync.credentials import CredentialStore  # noqa: E402
from helper_app.ui.app import UiRuntime  # noqa: E402
from helper_app.ui.qt import QApplication  # noqa: E402
from tests.helpers.threads import assert_no_helper_threads  # noqa: E402
from tests.helpers.ui import make_runtime  # noqa: E402


@pytest.fixture
def ui_factory(app_paths: AppPaths, qtbot: Any) -> Iterator[Callable[..., UiRuntime]]:
    """Build runtimes (several in one test when it reopens the app); all shut down at the end."""
    made: list[UiRuntime] = []

    def factory(
        language: str | None = "vi", credentials: Callable[[], CredentialStore] = CredentialStore
    ) -> UiRuntime:
        runtime, presenter = make_runtime(app_paths, language, credentials)
        runtime.presenter = presenter  # type: ignore[attr-defined]
        made.append(runtime)
        qtbot.waitUntil(lambda: not runtime.tasks.busy, timeout=5000)
        return runtime

    yield factory
    for runtime in made:
        if runtime.stopped:
            continue
        for window in list(runtime.window.windows):
            window.close()
        qtbot.waitUntil(lambda r=runtime: not r.tasks.busy, timeout=5000)
        runtime.shutdown()
    QApplication.processEvents()
    assert_no_helper_threads()
    errors = [e for r in made for e in r.presenter.errors]  # type: ignore[attr-defined]
    assert errors == [], f"unexpected errors shown to the user: {errors}"


@pytest.fixture
def ui(ui_factory: Callable[..., UiRuntime]) -> UiRuntime:
    """The app in Vietnamese on a fresh store."""
    return ui_factory()
