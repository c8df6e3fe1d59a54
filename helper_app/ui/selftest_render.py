"""The Qt half of ``helper-app --self-test``: build and paint every form, then the main window.

Kept in :mod:`helper_app.ui` (the only package allowed to touch Qt) and called lazily by
:mod:`helper_app.selftest`. It exercises exactly what a bundle most often lacks: the Qt platform
plugin, image formats, the widgets every field type uses and the translation files. Rendering
uses the same :class:`FormEditor` the volunteer sees, so a definition that breaks the editor
fails here and not in a resident's living room. The main window is opened on a throwaway store
encrypted exactly as the app's (SQLCipher, passphrase mode,
:func:`helper_app.security.storage.open_store`), with a passphrase made for the run and cheap
Argon2id parameters: the check is about the wiring, not about the cost of key stretching
(``HELPER_SELFTEST=startup`` measures the real one).
"""

from __future__ import annotations

import datetime as dt
import secrets
import time

from helper_app.config import AppPaths, resolve_paths
from helper_app.forms import Catalog, UnitDirectory
from helper_app.security.storage import open_store
from helper_app.security.vault import KdfParams, Vault
from helper_app.ui.app import build_ui
from helper_app.ui.form.base import FormContext
from helper_app.ui.form.editor import FormEditor
from helper_app.ui.i18n import install_translators, remove_translators
from helper_app.ui.qapp import qapplication
from helper_app.ui.qt import QApplication, QEvent
from helper_app.ui.services import build_services
from helper_app.ui.settings import UiSettings

WINDOW_CHECK_DIR = "window-check"
"""The scratch data directory (under the self-test's own) the main window is opened on."""
CHEAP_KDF = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)


def render_forms(catalog: Catalog, units: UnitDirectory, language: str) -> int:
    """Build, fill with its first example and paint every procedure version; return the count.

    Raises:
        RuntimeError: a form painted to an empty image.
    """
    context = FormContext(language=language, today=dt.date.today(), units=units)
    count = 0
    for definition in catalog.all_versions():
        editor = FormEditor(definition, context)
        try:
            if definition.examples:
                editor.set_data(dict(definition.examples[0].data))
            editor.resize(900, 700)
            image = editor.grab()
            if image.isNull() or image.width() == 0:
                raise RuntimeError(f"{definition.key}: the form painted nothing")
            count += 1
        finally:
            editor.deleteLater()
    # Delete them now: processEvents() leaves deferred deletes alone, and editors still alive
    # when the QApplication goes start timers with no event dispatcher (Qt warns 30 times).
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
    return count


def open_main_window(paths: AppPaths, catalog: Catalog, units: UnitDirectory) -> float:
    """Build, show and close the main window on a scratch encrypted store; return the seconds.

    The store lives in ``paths.data_dir / WINDOW_CHECK_DIR`` in passphrase mode (never the OS
    keyring: the self-test leaves nothing of its own there). The window runs without sync (no
    server, no keyring), like the form benchmark.
    """
    started = time.perf_counter()
    scratch = resolve_paths(paths.data_dir / WINDOW_CHECK_DIR)
    vault = Vault(scratch.database, kdf=CHEAP_KDF)
    storage = open_store(scratch, vault, passphrase=secrets.token_urlsafe(24))
    try:
        services = build_services(
            scratch, UiSettings(), storage, catalog, units, actor="self-test", vault=vault
        )
        app = qapplication(["helper-app"])
        errors: list[BaseException] = []
        runtime = build_ui(app, services, presenter=errors.append, credentials=None)
    except BaseException:
        storage.close()
        raise
    try:
        QApplication.processEvents()
        elapsed = time.perf_counter() - started
    finally:
        runtime.shutdown()
    if errors:
        raise RuntimeError(f"the main window reported {type(errors[0]).__name__}: {errors[0]}")
    return elapsed


def render_all(paths: AppPaths, catalog: Catalog, units: UnitDirectory) -> str:
    """Everything the UI check does, summarized in one line."""
    app = qapplication(["helper-app"])
    platform = QApplication.platformName()
    translators = install_translators(app, "en")
    try:
        rendered_en = render_forms(catalog, units, "en")
    finally:
        remove_translators(app, translators)
    rendered_vi = render_forms(catalog, units, "vi")
    window_s = open_main_window(paths, catalog, units)
    return (
        f"Qt {platform}: {rendered_vi} forms rendered (vi) and {rendered_en} (en), "
        f"main window in {window_s:.2f}s"
    )
