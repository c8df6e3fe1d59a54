"""What the desktop-UI tests share: the wired app on a test store, and small helpers.

:func:`make_runtime` builds the window exactly as ``run()`` does (minus ``exec()``), with an error
presenter that records instead of opening message boxes. The store is encrypted as in the app,
in passphrase mode (:data:`PASSPHRASE`, with cheap Argon2id parameters so a test does not spend
0.3 s per unlock). The fixtures that use these are in ``tests/helper_app/ui/conftest.py``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from helper_app.config import AppPaths  # noqa: E402
from helper_app.residents import ResidentRecord, ResidentView  # noqa: E402
from helper_app.security.vault import Vault  # noqa: E402
from helper_app.sync.credentials import CredentialStore  # noqa: E402
from helper_app.ui.app import UiRuntime, build_ui, open_services  # noqa: E402
from helper_app.ui.form.base import FieldWidget  # noqa: E402
from helper_app.ui.form.documents import DocumentSlot  # noqa: E402
from helper_app.ui.form.editor import FormEditor  # noqa: E402
from helper_app.ui.qapp import qapplication  # noqa: E402
from helper_app.ui.qt import QColor, QImage, QTableWidget  # noqa: E402
from helper_app.ui.settings import load_settings  # noqa: E402
from helper_app.ui.sync_controller import SyncController  # noqa: E402
from tests.helpers.live_server import TestUser  # noqa: E402
from tests.helpers.store import CHEAP_KDF  # noqa: E402

PASSPHRASE = "mật khẩu thử nghiệm dài"
"""The passphrase of every test store (passphrase mode)."""


def make_vault(paths: AppPaths) -> Vault:
    """The vault of a test store (cheap Argon2id for new wraps)."""
    return Vault(paths.database, kdf=CHEAP_KDF)


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
    assert image.save(str(path), "PNG")  # type: ignore[call-overload]  # stub: bytes; runtime: str
    return path


def wait_idle(qtbot: Any, runtime: UiRuntime, timeout: int = 5000) -> None:
    """Wait until every background task has delivered its outcome."""
    qtbot.waitUntil(lambda: not runtime.tasks.busy, timeout=timeout)


W = TypeVar("W", bound=FieldWidget)


def field_widget(editor: FormEditor, field_id: str, kind: type[W]) -> W:
    """The widget of ``field_id``, checked to be the ``kind`` the test drives (a text line, a
    yes/no box...)."""
    widget = editor.widgets[field_id]
    assert isinstance(widget, kind), f"{field_id} is a {type(widget).__name__}, not {kind.__name__}"
    return widget


def document_slot(editor: FormEditor, slot_id: str) -> DocumentSlot:
    """The checklist widget of one document slot (the test fails if the form has none)."""
    slot = editor.checklist.slot(slot_id)
    assert slot is not None, f"no document slot {slot_id}"
    return slot


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    """The text of one table cell (the test fails if the cell is empty of an item)."""
    item = table.item(row, column)
    assert item is not None, f"no item at row {row}, column {column}"
    return item.text()


def sign_in_and_sync(
    runtime: UiRuntime, qtbot: Any, server_url: str, user: TestUser
) -> SyncController:
    """Sign the window's sync in as ``user`` (as the sign-in dialog does) and wait for the
    first pass; returns the sync controller."""
    sync = runtime.sync
    assert sync is not None, "the window was built without sync"
    with qtbot.waitSignal(sync.pass_finished, timeout=30000):
        sync.sign_in(server_url, user.username, user.password)
    return sync
