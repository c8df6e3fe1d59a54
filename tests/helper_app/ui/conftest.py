"""Fixtures of the desktop-UI tests: a real store in tmp_path, the real wiring of ui/app.py.

Every test gets the window exactly as ``run()`` builds it (minus ``exec()``), with an error
presenter that records instead of opening message boxes. The store is encrypted as in the app:
these tests use passphrase mode (:data:`PASSPHRASE`, with cheap Argon2id parameters so a test
does not spend 0.3 s per unlock); the keyring mode is covered with a real Secret Service in
``test_encrypted_store.py`` and the end-to-end tests. At teardown the task runner is drained
and the test fails if a worker thread or a visible window outlives it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from helper_app.config import AppPaths  # noqa: E402
from helper_app.residents import ResidentRecord, ResidentView  # noqa: E402
from helper_app.security.vault import KdfParams, Vault  # noqa: E402
from helper_app.sync.credentials import CredentialStore  # noqa: E402
from helper_app.ui.app import UiRuntime, build_ui, open_services, qapplication  # noqa: E402
from helper_app.ui.qt import QApplication, QColor, QImage  # noqa: E402
from helper_app.ui.settings import load_settings  # noqa: E402
from tests.helpers.threads import assert_no_helper_threads  # noqa: E402

PASSPHRASE = "mật khẩu thử nghiệm dài"
"""The passphrase of every test store (passphrase mode)."""
FAST_KDF = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)


def make_vault(paths: AppPaths) -> Vault:
    """The vault of a test store (cheap Argon2id for new wraps)."""
    return Vault(paths.database, kdf=FAST_KDF)


class RecordingPresenter:
    """Collects the errors the app would have shown."""

    def __init__(self) -> None:
        self.errors: list[BaseException] = []

    def __call__(self, exc: BaseException) -> None:
        self.errors.append(exc)


def make_runtime(
    paths: AppPaths,
    language: str | None = "vi",
    credentials: Callable[[], CredentialStore] = CredentialStore,
) -> tuple[UiRuntime, RecordingPresenter]:
    """The wired app on ``paths`` (window shown, first data requested).

    ``language=None`` reads the settings file, as ``run()`` does; ``credentials`` opens the
    token store (the OS keyring by default; sync tests hand in a throwaway Secret Service).
    """
    presenter = RecordingPresenter()
    settings = load_settings(paths.settings_file)
    if language is not None:
        settings = replace(settings, language=language)
    services = open_services(
        paths, settings, actor="tester", vault=make_vault(paths), passphrase=PASSPHRASE
    )
    app = qapplication(["pytest"])
    return build_ui(app, services, presenter=presenter, credentials=credentials), presenter


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


def add_resident(runtime: UiRuntime, **values: Any) -> ResidentView:
    """Store a resident directly (test setup, not what the test checks)."""
    return runtime.services.residents.save(ResidentRecord(**values))


def write_png(path: Path, width: int, height: int) -> Path:
    """A real PNG of the given size (a gradient, so it compresses like a photo a little)."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a7bd5"))
    for x in range(0, width, max(1, width // 50)):
        for y in range(0, height, max(1, height // 50)):
            image.setPixelColor(x, y, QColor(x % 256, y % 256, 128))
    assert image.save(str(path), "PNG")
    return path


def wait_idle(qtbot: Any, runtime: UiRuntime, timeout: int = 5000) -> None:
    """Wait until every background task has delivered its outcome."""
    qtbot.waitUntil(lambda: not runtime.tasks.busy, timeout=timeout)
