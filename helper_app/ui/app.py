"""The composition root of the desktop app: ``run()`` wires everything, in this order.

1. **paths**: ``--data-dir`` / ``HELPER_DATA_DIR`` / platform defaults, or an ``AppPaths`` handed
   in by the caller (``--demo`` prepares a data dir and passes it here);
2. **logging**: ``helper.log`` in ``paths.log_dir`` through the redacting filter of
   :mod:`helper_app.logs` (the access token and any passphrase typed are registered on it);
3. **settings**: the UI block of ``settings.json`` (language, photo size, lock, retention);
4. **QApplication and translator**: one per process, with a font that has Vietnamese diacritics,
   created before the store because unlocking it may need a dialog;
5. **store**: :func:`helper_app.security.storage.open_store` (SQLCipher + encrypted attachment
   files, the key in the OS keyring or behind a passphrase), through :func:`open_local_storage`,
   which asks for the passphrase (bounded attempts) or, on a first start without a secure keyring,
   for a new one;
6. **catalog** and **services**: procedure definitions (bundled plus those downloaded or
   provisioned, :func:`helper_app.sync.catalog_sync.load_catalog`), units (bundled plus the
   ward's, ``load_units``), dossiers, residents (no Qt);
7. **translator**: Qt translators for the chosen language (Vietnamese needs none);
8. **tasks**: the :class:`TaskRunner` (store worker + pool) and the :class:`SyncController`
   (keyring opened in the pool; passes in the scheduler's thread; a catalog with new procedure
   versions, after a pass or a provisioning file, is switched to by :func:`use_new_catalog`);
9. **main window**: built with the services, its error presenter set, shown, first data
   loaded, sync started, the app lock armed and the retention purge started in the background.

``helper-app --demo`` starts in :func:`helper_app.ui.demo_start.run_demo` (a splash while
:func:`helper_app.demo.prepare_demo` starts an embedded server with demo accounts and data),
which then calls ``run()`` to open the window signed in to it; the server stops when the window
closes.

Each step logs one line, ``step N: ...`` with the number above (a test holds the two to each
other). Objects get their dependencies through constructors; nothing is looked
up globally. On exit the task runner is drained and the store closed.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from helper_app.config import AppPaths, resolve_paths
from helper_app.forms import Catalog
from helper_app.logs import RedactingFilter
from helper_app.logs import setup_logging as setup_file_log
from helper_app.security.storage import LocalStorage, open_store
from helper_app.security.vault import Vault
from helper_app.sync.catalog_sync import load_catalog, load_units
from helper_app.sync.credentials import CredentialStore
from helper_app.ui.app_lock import AppLock
from helper_app.ui.i18n import install_translators, pick, remove_translators
from helper_app.ui.main_window import MainWindow
from helper_app.ui.qapp import parse_args, qapplication
from helper_app.ui.qt import QApplication, QTranslator
from helper_app.ui.services import Services, build_services
from helper_app.ui.settings import UiSettings, load_settings
from helper_app.ui.sync_controller import SyncController
from helper_app.ui.tasks import ErrorPresenter, TaskRunner
from helper_app.ui.unlock import DialogPrompt, open_local_storage

log = logging.getLogger(__name__)


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
        lock: the app lock (idle timer, lock screen).
    """

    app: QApplication
    services: Services
    tasks: TaskRunner
    window: MainWindow
    translators: list[QTranslator]
    sync: SyncController | None = None
    lock: AppLock | None = None
    stopped: bool = False

    def shutdown(self) -> None:
        """Close the window, drain the background work, close the store (once)."""
        if self.stopped:
            return
        self.stopped = True
        if self.lock is not None:
            self.lock.stop()
        self.window.close()
        if self.sync is not None:
            self.sync.shutdown()
        self.tasks.shutdown(wait=True)
        QApplication.processEvents()
        remove_translators(self.app, self.translators)
        self.window.deleteLater()
        self.tasks.deleteLater()
        self.services.storage.close()


def setup_logging(paths: AppPaths) -> RedactingFilter:
    """Step 2: ``paths.log_dir/helper.log`` through the redacting filter (returned)."""
    return setup_file_log(paths.log_dir)


def open_services(
    paths: AppPaths,
    settings: UiSettings,
    *,
    actor: str | None = None,
    vault: Vault | None = None,
    passphrase: str | None = None,
    storage: LocalStorage | None = None,
    redactor: RedactingFilter | None = None,
) -> Services:
    """Steps 5-6: the encrypted storage, the catalog and units, the domain services.

    Args:
        paths: the data directory.
        settings: the UI settings.
        actor: the name in the audit trail.
        vault: where the key is (``Vault(paths.database)``: the OS keyring by default).
        passphrase: for a store in passphrase mode (or to create one in that mode).
        storage: an already opened storage (``run()`` opens it with dialogs); wins over the two
            above.
        redactor: the log filter (secrets are registered on it).

    Raises:
        PassphraseRequired, WrongPassphrase, WrongKey, KeyringUnusable: from the vault, when
            ``storage`` is not given; nothing was opened or changed.
    """
    vault = vault or Vault(paths.database)
    if storage is None:
        if passphrase is not None and redactor is not None:
            redactor.add_secret(passphrase)
        storage = open_store(paths, vault, passphrase=passphrase)
    store = storage.store
    log.info(
        "step 5: store opened (schema %s, %s)",
        ".".join(map(str, store.schema_version())),
        "encrypted" if storage.key is not None else "NOT encrypted (test switch)",
    )
    catalog = load_catalog(paths)
    units = load_units(paths)
    services = build_services(
        paths, settings, storage, catalog, units, actor=actor, vault=vault, redactor=redactor
    )
    log.info("step 6: catalog (%d procedures) and services ready", len(catalog.current()))
    return services


def use_new_catalog(services: Services, window: MainWindow, catalog: Catalog) -> None:
    """Switch new drafts to ``catalog`` (UI thread); open drafts keep their pinned version.

    The procedure titles shared by the list, queue and conflicts screens are updated in place,
    so a procedure that arrived now gets its name there too.
    """
    services.use_catalog(catalog)
    window.titles.update(
        {d.code: pick(services.language, d.title_vi, d.title_en) for d in catalog.all_versions()}
    )
    log.info("catalog switched (%d procedure versions)", len(catalog))


def build_ui(
    app: QApplication,
    services: Services,
    *,
    presenter: Callable[[BaseException], None] | None = None,
    credentials: Callable[[], CredentialStore] | None = CredentialStore,
    notice: str = "",
) -> UiRuntime:
    """Steps 7-9: translators, task runner and sync, main window (shown).

    Args:
        app: the QApplication.
        services: the core services.
        presenter: where unhandled task errors go (a message box by default).
        credentials: opens the token store (the OS keyring by default; the demo may hand in
            its in-memory one); None builds the window without sync.
        notice: a sentence for the banner (the demo says where its token is kept).
    """
    translators = install_translators(app, services.language)
    log.info("step 7: interface language %s", services.language)
    tasks = TaskRunner(app)
    sync = SyncController(services, tasks, credentials, parent=app) if credentials else None
    log.info("step 8: task runner ready (sync %s)", "on" if sync else "off")
    window = MainWindow(services, tasks, sync)
    window.notice = notice
    if sync is not None:
        sync.catalog_updated.connect(lambda catalog: use_new_catalog(services, window, catalog))
    tasks.presenter = presenter or ErrorPresenter(window, services.language)
    window.show()
    window.start()
    log.info("step 9: main window shown")
    return UiRuntime(app, services, tasks, window, translators, sync, window.lock)


def run(
    argv: Sequence[str] | None = None,
    *,
    paths: AppPaths | None = None,
    on_ready: Callable[[UiRuntime], None] | None = None,
    credentials: Callable[[], CredentialStore] = CredentialStore,
    notice: str = "",
    passphrase: str | None = None,
    vault: Vault | None = None,
) -> int:
    """Open the desktop app and return its exit code when the window closes.

    Args:
        argv: command-line arguments (``sys.argv[1:]`` by default).
        paths: a prepared data directory (the demo mode hands one in); wins over ``--data-dir``.
        on_ready: called once the window is up.
        credentials: opens the token store (see :func:`build_ui`).
        notice: a sentence for the window's banner.
        passphrase: the store's passphrase when the caller already has it (the demo's
            throwaway one); otherwise the unlock dialog asks when needed.
        vault: where the key is (``Vault(paths.database)``, the OS keyring, by default).

    Returns:
        The event loop's exit code; 1 when the store was not opened (wrong passphrase too many
        times, the volunteer quit the unlock dialog, or a key that does not fit).
    """
    args = parse_args(sys.argv[1:] if argv is None else argv)
    paths = paths or resolve_paths(args.data_dir)
    paths.ensure()
    redactor = setup_logging(paths)
    if passphrase:
        redactor.add_secret(passphrase)
    log.info("step 1: data directory %s", paths.data_dir)
    log.info("step 2: logging to %s", paths.log_dir)
    settings = load_settings(paths.settings_file)
    if args.lang:
        settings = replace(settings, language=args.lang)
    log.info("step 3: settings loaded (language %s)", settings.language)
    app = qapplication([sys.argv[0] if sys.argv else "helper-app"])
    vault = vault or Vault(paths.database)
    early = install_translators(app, settings.language)  # the unlock dialogs are translated
    storage: LocalStorage | None
    try:
        if passphrase is not None:
            storage = open_store(paths, vault, passphrase=passphrase)
        else:
            storage = open_local_storage(
                paths,
                vault,
                DialogPrompt(settings.language),
                language=settings.language,
                on_secret=redactor.add_secret,
            )
    finally:
        remove_translators(app, early)
    if storage is None:
        log.info("store not opened; quitting")
        return 1
    services = open_services(paths, settings, vault=vault, storage=storage, redactor=redactor)
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


def main() -> None:
    """``python -m helper_app.ui.app``."""
    sys.exit(run())


if __name__ == "__main__":
    main()
