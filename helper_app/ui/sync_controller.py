"""The UI's side of sync: sign-in/out, the scheduler's worker thread, and what the window shows.

:class:`SyncController` wraps a :class:`~helper_app.sync.service.SyncService` and a
:class:`~helper_app.sync.scheduler.SyncScheduler`. Passes run in the scheduler's own thread, so
the window never waits for the network; every scheduler event and progress report crosses to the
UI thread through a queued Qt signal (progress is throttled to a few reports a second). Sign-in
and sign-out talk to the server and the keyring in the task runner's pool. "Đồng bộ ngay" and
"Hoàn tất" call :meth:`sync_now` (the scheduler's ``notify_change``); when the link comes back
(Qt's network information, where the platform has a backend) :meth:`SyncScheduler.notify_online`
skips the backoff.

After each successful pass the same worker thread asks the server's procedure catalog
(:class:`~helper_app.sync.catalog_sync.CatalogSync`, one request, usually a 304); when new
versions arrived it loads the merged catalog there and :attr:`catalog_updated` hands it to the UI
thread, where the composition root switches new drafts to it (existing drafts keep their pinned
version). A provisioning file chosen in the sign-in dialog, or the QR code's link (downloaded),
is applied in the pool the same way.

Online means "the last request reached the server"; offline means it could not connect.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helper_app.config import AppPaths
from helper_app.forms import Catalog, DefinitionError
from helper_app.provisioning.apply import Pin, ca_bundle, provision
from helper_app.provisioning.fetch import provision_from_link
from helper_app.provisioning.format import Verified
from helper_app.security.os_keyring import KeyringUnavailableError
from helper_app.sync import errors
from helper_app.sync.catalog_sync import CatalogSync, load_catalog
from helper_app.sync.credentials import CredentialStore
from helper_app.sync.engine import STAGES, PassResult, SyncProgress
from helper_app.sync.http import ApiSession
from helper_app.sync.scheduler import SchedulerEvent, SyncScheduler
from helper_app.sync.service import SyncService
from helper_app.ui.qr_image import qr_texts_in_image
from helper_app.ui.qt import QNetworkInformation, QObject, Qt, Signal
from helper_app.ui.services import Services
from helper_app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

PROGRESS_EVERY_S = 0.1
_OFFLINE_ERRORS = (errors.OfflineError, errors.RequestTimeoutError)


@dataclass(frozen=True)
class CatalogArrived:
    """New procedure versions, loaded in the worker thread, on their way to the UI thread."""

    catalog: Catalog
    downloaded: list[str]


def overall_progress(progress: SyncProgress) -> float:
    """One number 0..1 for a pass: each stage is a third, done/total within it."""
    index = STAGES.index(progress.stage) if progress.stage in STAGES else 0
    within = progress.done / progress.total if progress.total else 0.0
    return min(1.0, (index + min(within, 1.0)) / len(STAGES))


class SyncController(QObject):
    """Sign-in state, online state and sync passes for the window.

    Args:
        services: the core services (store, attachment files).
        tasks: the task runner (sign-in and sign-out run in its pool).
        credentials: opens the keyring store (called in the pool at :meth:`start`, because the
            OS keyring may take a while to answer); raises KeyringUnavailableError when the
            machine has no secure keyring.
        parent: the owner.

    Signals:
        changed(): online / signed-in / running state changed (the window re-reads it).
        progressed(float): overall progress of the running pass, 0..1.
        pass_finished(object): a pass ended with this :class:`PassResult`.
        pass_failed(object): a pass failed with this exception: a :class:`errors.SyncError`,
            or an unexpected one (a bug, a locked database; see :attr:`problem`).
        session_expired(): the server refused the token; the queue is kept.
        catalog_updated(object): a :class:`Catalog` with new procedure versions (after a pass
            or a provisioning file); new drafts should use it.

    Attributes:
        sync: the sync service.
        online: True / False once a pass tried; None before.
        signed_in: True while a token is in the keyring for the account.
        running: True while a pass runs.
        progress: the latest overall progress (None when idle).
        last_result: the latest finished pass.
        problem: what to tell the volunteer after a pass failed unexpectedly (not a network or
            server error): translated text, None once a pass ends otherwise.
        keyring_error: see Args.
        account: server address and user name of the last sign-in (read in the pool).
        signed_out_by_ward: the last sign-out came from the ward (an admin revoked this
            laptop, disabled the account or reset its password): the window says to contact
            the ward's staff instead of "the session expired". The queue is kept either way.
    """

    changed = Signal()
    progressed = Signal(float)
    pass_finished = Signal(object)
    pass_failed = Signal(object)
    session_expired = Signal()
    catalog_updated = Signal(object)
    _from_thread = Signal(object)

    def __init__(
        self,
        services: Services,
        tasks: TaskRunner,
        credentials: Callable[[], CredentialStore] = CredentialStore,
        *,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._services = services
        self._open_credentials = credentials
        self.sync = SyncService(
            services.store, services.files, None, ca_bundle=ca_bundle(services.paths)
        )
        self.keyring_error: KeyringUnavailableError | None = None
        self.online: bool | None = None
        self.signed_in = False
        self.running = False
        self.progress: float | None = None
        self.last_result: PassResult | None = None
        self.problem: str | None = None
        self.account: dict[str, str] | None = None
        self.signed_out_by_ward = False
        self._last_progress_at = 0.0
        self._lock = threading.Lock()
        self._scheduler = SyncScheduler(self._run_pass, on_event=self._on_event_in_thread)
        self._from_thread.connect(self.on_self_from_thread, Qt.ConnectionType.QueuedConnection)
        self._network: Any = None

    @property
    def paths(self) -> AppPaths:
        """The data directory (the sign-in dialog reads the provisioning pin there)."""
        return self._services.paths

    # ------------------------------------------------------------------ lifecycle

    def _read_account(self) -> dict[str, str] | None:
        """Worker side: the account of the last sign-in (the UI thread never reads the store)."""
        account = self.sync.account()
        if account is None:
            return None
        return {"server_url": account.server_url, "username": account.username}

    def start(self) -> None:
        """Open the keyring, see whether a token is kept (in the pool); start syncing if so."""

        def check() -> bool:
            self.account = self._read_account()
            if self.sync.credentials is None:
                self.sync.credentials = self._open_credentials()
            account = self.sync.account()
            creds = self.sync.credentials
            token = creds.load(account) if account and creds else None
            if token:
                self._services.add_secret(token)  # never in the log, even by accident
            return bool(token)

        self._tasks.run_io(check, done=self._on_checked, error=self._on_check_failed, context=self)
        self._watch_network()

    def _name_the_volunteer(self) -> None:
        """The history names the volunteer of this laptop's account, not the OS user."""
        if self.account is not None:
            self._services.act_as(self.account["username"])

    def _on_checked(self, signed_in: bool) -> None:
        self._name_the_volunteer()
        self.signed_in = signed_in
        if signed_in:
            self._scheduler.start()
        self.changed.emit()

    def _on_check_failed(self, exc: BaseException) -> None:
        log.info("keyring not readable: %s", type(exc).__name__)
        if isinstance(exc, KeyringUnavailableError):
            self.keyring_error = exc
        self.changed.emit()

    def shutdown(self) -> None:
        """Stop the scheduler thread (after the pass in progress, if any)."""
        self._scheduler.stop(timeout=30.0)

    # ------------------------------------------------------------------ actions

    def sync_now(self) -> None:
        """Run a pass soon: a change was queued (an open circuit still waits its time)."""
        if self.signed_in:
            self._scheduler.notify_change()

    def sync_requested(self) -> None:
        """The volunteer pressed "Đồng bộ ngay": a pass starts at once, the backoff over."""
        if self.signed_in:
            self._scheduler.notify_requested()

    def sign_in(
        self,
        server_url: str,
        username: str,
        password: str,
        *,
        done: Callable[[Any], None] | None = None,
        error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Trade the password for a token in the pool; the password is not kept."""
        service = self.sync

        def login() -> Any:
            self._services.add_secret(password)
            user = service.login(server_url=server_url, username=username, password=password)
            self.account = self._read_account()
            account, creds = service.account(), service.credentials
            token = creds.load(account) if account and creds else None
            if token:
                self._services.add_secret(token)
            return user

        def ok(user: Any) -> None:
            self._name_the_volunteer()
            self.signed_in = True
            self.signed_out_by_ward = False
            self._scheduler.start()
            self._scheduler.notify_signed_in()
            self.changed.emit()
            if done is not None:
                done(user)

        self._tasks.run_io(login, done=ok, error=error, context=self)

    def change_password(
        self,
        current_password: str,
        new_password: str,
        *,
        done: Callable[[Any], None] | None = None,
        error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Change the signed-in volunteer's password in the pool (the server signs out the
        other laptops; this one keeps its token). The passwords are not kept."""
        service = self.sync

        def change() -> None:
            self._services.add_secret(current_password)
            self._services.add_secret(new_password)
            service.change_password(current_password=current_password, new_password=new_password)

        self._tasks.run_io(change, done=done, error=error, context=self)

    def sign_out(self, *, done: Callable[[], None] | None = None) -> None:
        """Revoke the token when the server is reachable and always forget it here."""
        service = self.sync
        self.signed_in = False
        self.changed.emit()

        def forget() -> None:
            self._scheduler.stop(timeout=60.0)
            service.logout()

        def ok(_: object) -> None:
            self.online = None
            self.changed.emit()
            if done is not None:
                done()

        self._tasks.run_io(forget, done=ok, context=self)

    def provision(
        self,
        file: Path,
        *,
        done: Callable[[tuple[Verified, Pin | None]], None],
        error: Callable[[BaseException], None],
    ) -> None:
        """Apply a provisioning file in the pool, then use its CA and its catalog.

        ``error`` receives a :class:`~helper_app.provisioning.format.ProvisioningError` (with the
        reason in both languages) when the file is refused; nothing was changed then.
        """
        paths = self.paths
        self._provision_with(lambda: provision(file, paths), done=done, error=error)

    def provision_link(
        self,
        text: str,
        *,
        done: Callable[[tuple[Verified, Pin | None]], None],
        error: Callable[[BaseException], None],
    ) -> None:
        """Like :meth:`provision`, from the text of the console's QR code (downloads the file)."""
        paths = self.paths
        self._provision_with(lambda: provision_from_link(text, paths), done=done, error=error)

    def read_qr_image(
        self,
        file: Path,
        *,
        done: Callable[[list[str]], None],
        error: Callable[[BaseException], None],
    ) -> None:
        """Decode the QR codes in a picture in the pool (a large photo takes a moment)."""
        self._tasks.run_io(lambda: qr_texts_in_image(file), done=done, error=error, context=self)

    def _provision_with(
        self,
        work: Callable[[], tuple[Verified, Pin | None]],
        *,
        done: Callable[[tuple[Verified, Pin | None]], None],
        error: Callable[[BaseException], None],
    ) -> None:
        paths = self.paths

        def apply() -> tuple[Verified, Pin | None, Catalog]:
            verified, pin = work()
            return verified, pin, load_catalog(paths)

        def ok(outcome: tuple[Verified, Pin | None, Catalog]) -> None:
            verified, pin, catalog = outcome
            self.sync.ca_bundle = ca_bundle(paths)
            self.catalog_updated.emit(catalog)
            done((verified, pin))

        self._tasks.run_io(apply, done=ok, error=error, context=self)

    # ------------------------------------------------------------------ the worker side

    def _run_pass(self) -> PassResult:
        """One pass, then (same thread, same session) a catalog refresh if the pass succeeded."""
        engine = self.sync.engine()
        api = engine.client.api
        try:
            result = engine.run_pass(self._on_progress_in_thread)
            self._refresh_catalog(api)
            return result
        finally:
            api.close()

    def _refresh_catalog(self, api: ApiSession) -> None:
        """Worker side: fetch new procedure versions; a failure here never fails the pass."""
        try:
            update = CatalogSync(api, self.paths).refresh()
        except (errors.SyncError, DefinitionError, OSError) as exc:
            # A hostile code or a full disk is logged, not shown: the queue matters more.
            log.info("catalog refresh failed (%s); next pass retries", type(exc).__name__)
            return
        if update.downloaded:
            catalog = load_catalog(self.paths)
            self._from_thread.emit(CatalogArrived(catalog, list(update.downloaded)))

    def _on_progress_in_thread(self, progress: SyncProgress) -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._last_progress_at < PROGRESS_EVERY_S:
                return
            self._last_progress_at = now
        self._from_thread.emit(progress)

    def _on_event_in_thread(self, event: SchedulerEvent) -> None:
        self._from_thread.emit(event)

    def on_self_from_thread(self, item: object) -> None:
        """UI thread: apply an event or a progress report from the scheduler thread."""
        if isinstance(item, SyncProgress):
            if self.running:
                self.progress = overall_progress(item)
                self.progressed.emit(self.progress)
            return
        if isinstance(item, CatalogArrived):
            log.info("catalog: %d new procedure versions in use", len(item.downloaded))
            self.catalog_updated.emit(item.catalog)
            return
        if not isinstance(item, SchedulerEvent):
            return
        if item.kind == "started":
            self.running = True
            self.progress = 0.0
        else:
            self.running = False
            self.progress = None
        if item.kind != "started":
            self.problem = None
        if item.kind == "finished" and item.result is not None:
            self.online = True
            self.last_result = item.result
            self.pass_finished.emit(item.result)
        elif item.kind == "failed" and isinstance(item.error, errors.SyncError):
            # A pass that moved work before the link dropped did reach the server.
            self.online = item.progressed or not isinstance(item.error, _OFFLINE_ERRORS)
            self.pass_failed.emit(item.error)
        elif item.kind == "failed" and item.error is not None:
            # Not the network: a bug or a busy local database. The scheduler logged its type;
            # the volunteer learns that sync stopped and that nothing is lost.
            self.problem = self.tr(
                "Đồng bộ gặp lỗi ngoài dự kiến (%1); hàng đợi vẫn được giữ và sẽ tự thử lại."
            ).replace("%1", type(item.error).__name__)
            self.pass_failed.emit(item.error)
        elif item.kind == "signed_out":
            self.signed_out_by_ward = isinstance(item.error, errors.SignedOutByWardError)
            was_signed_in, self.signed_in = self.signed_in, False
            if was_signed_in:
                self.session_expired.emit()
        self.changed.emit()

    # ------------------------------------------------------------------ the network

    def _watch_network(self) -> None:
        """Probe at once when the OS says the link is back (where Qt has a backend)."""
        if not QNetworkInformation.loadDefaultBackend():
            return
        info: Any = QNetworkInformation.instance()
        if info is None:
            return
        self._network = info
        info.reachabilityChanged.connect(self.on_network_reachabilityChanged)

    def on_network_reachabilityChanged(self, reachability: object) -> None:  # noqa: N802
        if reachability == QNetworkInformation.Reachability.Online:
            self._scheduler.notify_online()
        elif reachability == QNetworkInformation.Reachability.Disconnected:
            self.online = False
            self.changed.emit()
