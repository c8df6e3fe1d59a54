"""The composition root of the desktop app: ``run()`` wires everything, in this order.

1. **paths**: ``--data-dir`` / ``HELPER_DATA_DIR`` / platform defaults, or an ``AppPaths`` handed
   in by the caller (the future ``--demo`` prepares a data dir and passes it here);
2. **logging**: a file in ``paths.log_dir`` (never personal data);
3. **settings**: the UI block of ``settings.json`` (language, photo size);
4. **store**: open the SQLite store, migrating its schema;
5. **catalog**: procedure definitions and administrative units (bundled);
6. **services**: dossiers, residents, attachments (plain Python, no Qt);
7. **QApplication**: one per process, with a font that has Vietnamese diacritics;
8. **translator**: Qt translators for the chosen language (Vietnamese needs none);
9. **tasks**: the :class:`TaskRunner` (store worker + pool), the error presenter and the
   :class:`SyncController` (keyring opened in the pool; passes in the scheduler's thread);
10. **main window**: built with the services, shown, first data loaded, sync started.

``run_demo()`` is ``helper-app --demo``: :func:`helper_app.demo.prepare_demo` starts an embedded
server with demo accounts and data, then ``run()`` opens the window signed in to it; the server
stops when the window closes.

Each step logs one line. Objects get their dependencies through constructors; nothing is looked
up globally. On exit the task runner is drained and the store closed.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from helper_app import __version__
from helper_app.config import AppPaths, resolve_paths
from helper_app.db import Store
from helper_app.forms import Catalog, UnitDirectory
from helper_app.sync.credentials import CredentialStore
from helper_app.ui.i18n import install_translators, remove_translators
from helper_app.ui.main_window import MainWindow
from helper_app.ui.qt import QApplication, QFont, QFontDatabase, QTranslator
from helper_app.ui.services import Services, build_services
from helper_app.ui.settings import LANGUAGES, UiSettings, load_settings
from helper_app.ui.sync_controller import SyncController
from helper_app.ui.tasks import ErrorPresenter, TaskRunner

log = logging.getLogger(__name__)

PREFERRED_FONTS = ("Segoe UI", "Noto Sans", "DejaVu Sans")
"""Fonts with complete Vietnamese coverage, first found wins (else Qt's default)."""


@dataclass
class UiRuntime:
    """What ``run()`` built, so tests, screenshots and the benchmark can drive the same wiring.

    Attributes:
        app: the QApplication.
        services: the core services.
        tasks: the task runner.
        window: the main window.
        translators: installed translators (kept alive here).
        sync: the sync controller (None when built without sync).
    """

    app: QApplication
    services: Services
    tasks: TaskRunner
    window: MainWindow
    translators: list[QTranslator]
    sync: SyncController | None = None
    stopped: bool = False

    def shutdown(self) -> None:
        """Close the window, drain the background work, close the store (once)."""
        if self.stopped:
            return
        self.stopped = True
        self.window.close()
        if self.sync is not None:
            self.sync.shutdown()
        self.tasks.shutdown(wait=True)
        QApplication.processEvents()
        remove_translators(self.app, self.translators)
        self.window.deleteLater()
        self.tasks.deleteLater()
        self.services.store.close()


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The desktop app's options."""
    parser = argparse.ArgumentParser(prog="helper-app", description="Helper desktop app")
    parser.add_argument("--data-dir", metavar="DIR", help="keep every file under DIR")
    parser.add_argument("--lang", choices=LANGUAGES, help="interface language for this run")
    parser.add_argument(
        "--quit-after", type=int, metavar="MS", help="quit after MS milliseconds (smoke tests)"
    )
    args, _qt_args = parser.parse_known_args(list(argv))
    return args


def setup_logging(paths: AppPaths) -> None:
    """Log to ``paths.log_dir/helper-ui.log`` (and warnings to stderr)."""
    paths.log_dir.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    if not any(getattr(h, "_helper_ui", False) for h in root.handlers):
        handler = logging.FileHandler(paths.log_dir / "helper-ui.log", encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler._helper_ui = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        root.setLevel(min(root.level or logging.INFO, logging.INFO))


def open_services(paths: AppPaths, settings: UiSettings, *, actor: str | None = None) -> Services:
    """Steps 4-6: the store, the catalog and units, the domain services."""
    store = Store.open(paths.database)
    log.info("step 4: store opened (schema %s)", ".".join(map(str, store.schema_version())))
    catalog = Catalog.bundled()
    units = UnitDirectory.bundled()
    log.info("step 5: catalog loaded (%d procedures)", len(catalog.current()))
    services = build_services(paths, settings, store, catalog, units, actor=actor)
    log.info("step 6: services ready")
    return services


def qapplication(argv: Sequence[str]) -> QApplication:
    """Step 7: the process's QApplication (reused if one exists), with a Vietnamese-safe font."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv))
    app.setApplicationName("Helper")
    app.setApplicationVersion(__version__)
    families = set(QFontDatabase.families())
    for family in PREFERRED_FONTS:
        if family in families:
            app.setFont(QFont(family, 10))
            break
    log.info("step 7: QApplication ready (font %s)", app.font().family())
    return app


def build_ui(
    app: QApplication,
    services: Services,
    *,
    presenter: Callable[[BaseException], None] | None = None,
    credentials: Callable[[], CredentialStore] | None = CredentialStore,
    notice: str = "",
) -> UiRuntime:
    """Steps 8-10: translators, task runner, error presenter and sync, main window (shown).

    Args:
        app: the QApplication.
        services: the core services.
        presenter: where unhandled task errors go (a message box by default).
        credentials: opens the token store (the OS keyring by default; the demo may hand in
            its in-memory one); None builds the window without sync.
        notice: a sentence for the banner (the demo says where its token is kept).
    """
    translators = install_translators(app, services.language)
    log.info("step 8: interface language %s", services.language)
    tasks = TaskRunner(app)
    sync = SyncController(services, tasks, credentials, parent=app) if credentials else None
    log.info("step 9: task runner ready (sync %s)", "on" if sync else "off")
    window = MainWindow(services, tasks, sync)
    window.notice = notice
    tasks.presenter = presenter or ErrorPresenter(window, services.language)
    window.show()
    window.start()
    log.info("step 10: main window shown")
    return UiRuntime(app, services, tasks, window, translators, sync)


def run(
    argv: Sequence[str] | None = None,
    *,
    paths: AppPaths | None = None,
    on_ready: Callable[[UiRuntime], None] | None = None,
    credentials: Callable[[], CredentialStore] = CredentialStore,
    notice: str = "",
) -> int:
    """Open the desktop app and return its exit code when the window closes.

    Args:
        argv: command-line arguments (``sys.argv[1:]`` by default).
        paths: a prepared data directory (the demo mode hands one in); wins over ``--data-dir``.
        on_ready: called once the window is up.
        credentials: opens the token store (see :func:`build_ui`).
        notice: a sentence for the window's banner.
    """
    args = parse_args(sys.argv[1:] if argv is None else argv)
    paths = paths or resolve_paths(args.data_dir)
    paths.ensure()
    setup_logging(paths)
    log.info("step 1: data directory %s", paths.data_dir)
    log.info("step 2: logging to %s", paths.log_dir)
    settings = load_settings(paths.settings_file)
    if args.lang:
        settings = replace(settings, language=args.lang)
    log.info("step 3: settings loaded (language %s)", settings.language)
    services = open_services(paths, settings)
    app = qapplication([sys.argv[0] if sys.argv else "helper-app"])
    runtime = build_ui(app, services, credentials=credentials, notice=notice)
    if on_ready is not None:
        on_ready(runtime)
    if args.quit_after is not None:
        from helper_app.ui.qt import QTimer

        QTimer.singleShot(args.quit_after, runtime.window.close)
    try:
        return int(app.exec())
    finally:
        runtime.shutdown()
        log.info("stopped")


def run_demo(
    argv: Sequence[str] | None = None,
    *,
    data_dir: str | None = None,
    on_ready: Callable[[UiRuntime], None] | None = None,
) -> int:
    """``helper-app --demo``: start the embedded demo server, open the window signed in to it.

    The demo accounts are written to stdout (the officer's, to try the officer API); the server
    stops and a temporary demo directory is deleted when the window closes.
    """
    from helper_app.demo import prepare_demo

    args = parse_args(sys.argv[1:] if argv is None else argv)
    session = prepare_demo(Path(data_dir) if data_dir else None)
    sys.stdout.write(f"Helper demo server: {session.server.url}\n")
    for username, password in session.accounts.items():
        sys.stdout.write(f"  {username}  password: {password}\n")
    sys.stdout.flush()
    language = args.lang or load_settings(session.paths.settings_file).language
    notice = (session.keyring_note_en if language == "en" else session.keyring_note_vi) or ""
    credentials = session.credentials
    try:
        return run(
            argv,
            paths=session.paths,
            on_ready=on_ready,
            credentials=lambda: credentials,
            notice=notice,
        )
    finally:
        session.stop()


def main() -> None:
    """``python -m helper_app.ui.app``."""
    sys.exit(run())


if __name__ == "__main__":
    main()
