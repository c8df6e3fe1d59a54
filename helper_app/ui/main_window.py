"""The main window: navigation (Dossiers, Residents, Outbox & sync, Conflicts, Settings), the
pages, the sync status bar and banner, and opening dossier windows.

Every store read or write goes through the :class:`TaskRunner`; the window only reacts to
results. The status bar is refreshed from the store every few seconds, after each change and
after each sync event of the :class:`SyncController` (which runs passes in its own thread). A
finished pass refreshes the list, the queue and conflicts screens, and the open dossier windows
that have no unsaved edits (so a receipt code appears where the volunteer is looking).
"""

from __future__ import annotations

from dataclasses import replace

from helper_app.dossiers import DossierView
from helper_app.provisioning.apply import PIN_FILE
from helper_app.security.retention import EraseReport, PurgeReport, erase_resident, purge_received
from helper_app.sync import outbox as outbox_entries
from helper_app.sync.conflicts import OpenConflict, open_conflicts, resolve
from helper_app.sync.lifecycle import DossierStatus
from helper_app.ui.app_lock import AppLock, LockScreen
from helper_app.ui.change_password import ChangePasswordDialog
from helper_app.ui.conflicts.dialog import ConflictDialog
from helper_app.ui.conflicts.page import ConflictGroup, ConflictsPage
from helper_app.ui.conflicts.queries import conflict_groups
from helper_app.ui.dossiers.list_model import DossierListModel
from helper_app.ui.dossiers.list_page import DossiersPage
from helper_app.ui.dossiers.new_dialog import NewDossierDialog
from helper_app.ui.dossiers.queries import DossierQueries, name_fields
from helper_app.ui.dossiers.window import DossierWindow
from helper_app.ui.form.communes import CommuneModels
from helper_app.ui.i18n import pick
from helper_app.ui.i18n import pick as pick_text
from helper_app.ui.outbox.page import OutboxPage
from helper_app.ui.outbox.queries import OutboxSnapshot, read_outbox
from helper_app.ui.qt import (
    QCloseEvent,
    QDialog,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QListWidget,
    QMainWindow,
    QShortcut,
    QStackedWidget,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from helper_app.ui.queries import SyncStatus, read_sync_status
from helper_app.ui.residents.page import ResidentsPage
from helper_app.ui.security_settings import RetentionBox, SecurityBox, purge_text
from helper_app.ui.services import Services
from helper_app.ui.settings import UiSettings
from helper_app.ui.settings_page import SettingsPage
from helper_app.ui.sign_in import SignInDialog
from helper_app.ui.status_bar import SyncStatusBar
from helper_app.ui.sync_controller import SyncController
from helper_app.ui.tasks import TaskRunner

STATUS_POLL_MS = 15_000
PAGE_DOSSIERS, PAGE_RESIDENTS, PAGE_OUTBOX, PAGE_CONFLICTS, PAGE_SETTINGS = range(5)


class MainWindow(QMainWindow):
    """The application window.

    Args:
        services: the core services.
        tasks: the task runner.
        sync: the sync controller (None: no sync at all, as in the form benchmark).

    Signals:
        dossier_opened(object): a :class:`DossierWindow` was opened.
        status_shown(object): the status bar shows this :class:`SyncStatus`.
        outbox_shown(object): the queue screen shows this :class:`OutboxSnapshot`.
        conflicts_shown(object): the conflicts screen shows these :class:`ConflictGroup`.
        purged(object): a retention purge finished with this :class:`PurgeReport`.

    Attributes:
        nav: the navigation list.
        pages: the stacked pages.
        dossiers: the Dossiers page.
        residents: the Residents page.
        settings_page: the Settings page.
        security, retention: its data-protection boxes.
        lock: the app lock; lock_screen: what it shows.
        status: the sync status bar.
        new_dialog: the new-dossier dialog while open.
        windows: the open dossier windows.
        communes: the commune list every form of this window shares.
    """

    dossier_opened = Signal(object)
    status_shown = Signal(object)
    outbox_shown = Signal(object)
    conflicts_shown = Signal(object)
    purged = Signal(object)

    def __init__(
        self, services: Services, tasks: TaskRunner, sync: SyncController | None = None
    ) -> None:
        super().__init__()
        self._services = services
        self._tasks = tasks
        self.sync = sync
        self.windows: list[DossierWindow] = []
        self.communes = CommuneModels()  # one commune list for every form this window opens
        self.new_dialog: NewDossierDialog | None = None
        self.sign_in_dialog: SignInDialog | None = None
        self.change_password_dialog: ChangePasswordDialog | None = None
        self.conflict_dialog: ConflictDialog | None = None
        self._names = name_fields(services.catalog)
        self.lock = AppLock(
            services, tasks, idle_minutes=services.settings.idle_lock_minutes, parent=self
        )
        self.setWindowTitle(self.tr("Helper — Trợ giúp hồ sơ dịch vụ công"))
        self.resize(1180, 760)
        central = QWidget(self)
        outer = QVBoxLayout(central)
        self.banner = QLabel(central)
        self.banner.setObjectName("syncBanner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.banner.setStyleSheet("background: #fff4e5; border: 1px solid #e0a050; padding: 6px;")
        self.banner.linkActivated.connect(self.on_banner_linkActivated)
        outer.addWidget(self.banner)
        layout = QHBoxLayout()
        outer.addLayout(layout, 1)
        self.nav = QListWidget(central)
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(210)
        for name in (
            self.tr("Hồ sơ"),
            self.tr("Cư dân"),
            self.tr("Hàng đợi & đồng bộ"),
            self.tr("Xung đột"),
            self.tr("Cài đặt"),
        ):
            self.nav.addItem(name)
        self.nav.setStyleSheet(
            "QListWidget { font-size: 11pt; } QListWidget::item { padding: 8px; }"
        )
        self.pages = QStackedWidget(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.root = QStackedWidget(self)
        self.root.addWidget(central)
        self.setCentralWidget(self.root)
        self.lock_screen = LockScreen(self.lock, self.root)
        self.root.addWidget(self.lock_screen)
        self.lock.locked_changed.connect(self.on_lock_locked_changed)
        self.lock_shortcut = QShortcut(QKeySequence("Ctrl+L"), self)
        self.lock_shortcut.activated.connect(self.lock_now)
        self._build_pages()
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(PAGE_DOSSIERS)
        self.status = SyncStatusBar(self)
        self.setStatusBar(self.status)
        self._poll = QTimer(self)
        self._poll.setInterval(STATUS_POLL_MS)
        self._poll.timeout.connect(self.refresh_status)
        self.status.sync_now.clicked.connect(self.on_sync_now_clicked)
        self.outbox.sync_requested.connect(self.on_sync_now_clicked)
        if sync is not None:
            sync.changed.connect(self.refresh_status)
            sync.progressed.connect(self.on_sync_progressed)
            sync.pass_finished.connect(self.on_sync_pass_finished)
            sync.pass_failed.connect(self.on_sync_pass_failed)
            sync.session_expired.connect(self.on_sync_session_expired)

    def _build_pages(self) -> None:
        s = self._services
        titles = {
            d.code: pick(s.language, d.title_vi, d.title_en) for d in s.catalog.all_versions()
        }
        model = DossierListModel(
            DossierQueries(s.store, name_fields(s.catalog)), self._tasks, titles, self
        )
        self.dossiers = DossiersPage(model, self)
        self.dossiers.open_requested.connect(self.open_dossier)
        self.dossiers.new_requested.connect(self.on_dossiers_new_requested)
        self.residents = ResidentsPage(s, self._tasks, self, communes=self.communes)
        self.residents.erase_requested.connect(self.erase_resident)
        self.titles = titles
        self.outbox = OutboxPage(titles, s.language, self)
        self.outbox.open_requested.connect(self.open_dossier)
        self.outbox.acknowledge_requested.connect(self.acknowledge_refusal)
        self.conflicts = ConflictsPage(titles, self)
        self.conflicts.resolve_requested.connect(self.open_conflicts)
        self.security = SecurityBox(s, self._tasks, self.lock, s.settings, self)
        self.security.lock_requested.connect(self.lock_now)
        self.retention = RetentionBox(s.settings, self)
        self.retention.purge_requested.connect(self.purge)
        self.settings_page = SettingsPage(
            s.settings,
            s.paths.settings_file,
            s.paths.data_dir,
            self,
            security=self.security,
            retention=self.retention,
        )
        self.settings_page.saved.connect(self.on_settings_page_saved)
        self.settings_page.sign_in_requested.connect(self.show_sign_in)
        self.settings_page.sign_out_requested.connect(self.sign_out)
        self.settings_page.change_password_requested.connect(self.show_change_password)
        for page in (
            self.dossiers,
            self.residents,
            self.outbox,
            self.conflicts,
            self.settings_page,
        ):
            self.pages.addWidget(page)

    def start(self) -> None:
        """Load the first page of dossiers, the residents and the status (after show())."""
        self.dossiers.apply_filter()
        self.residents.refresh()
        self.refresh_status()
        self.refresh_sync_pages()
        self._poll.start()
        if self.sync is not None:
            self.sync.start()
        if not self.lock.loaded:
            self._cover_until_lock_ready()
        self.lock.start()
        self.purge(self._services.settings.retention_days)

    # ----------------------------------------------------------------- lock, retention, erasure

    def lock_now(self) -> None:
        """Ctrl+L / "Khoá ngay": lock, or open Settings when no PIN or passphrase exists yet."""
        if not self.lock.lock_now():
            self.nav.setCurrentRow(PAGE_SETTINGS)
            self.security.result.setText(
                self.tr("Hãy đặt mã PIN trước: chưa có gì để mở khoá lại.")
            )

    def _cover_until_lock_ready(self) -> None:
        """Show the (inactive) lock screen until the saved PIN and counters are read.

        They come from the encrypted store through the worker, after the window is shown; the
        pages would show residents' data in that moment, and if a PIN is set the session
        must start locked (:meth:`AppLock._loaded`). So nothing but the lock screen is shown
        until the lock knows whether to lock.
        """
        self.lock_screen.secret.setEnabled(False)
        self.lock_screen.unlock_button.setEnabled(False)
        self.root.setCurrentWidget(self.lock_screen)
        self.status.setVisible(False)
        self.lock.ready.connect(self.on_lock_ready)

    def on_lock_ready(self) -> None:
        self.lock.ready.disconnect(self.on_lock_ready)
        if not self.lock.locked:
            self.on_lock_locked_changed(False)

    def on_lock_locked_changed(self, locked: bool) -> None:
        if locked:
            self.lock_screen.prepare()
            self.root.setCurrentWidget(self.lock_screen)
        else:
            self.root.setCurrentIndex(0)
        self.status.setVisible(not locked)

    def on_settings_page_saved(self, chosen: UiSettings) -> None:
        self._services.settings = chosen
        self.lock.set_idle_minutes(chosen.idle_lock_minutes)

    def purge(self, days: int) -> None:
        """Remove received dossiers older than ``days`` (store worker), then refresh."""
        if self._tasks.closed:
            return
        store, files = self._services.store, self._services.files
        self.retention.show_running()
        self._tasks.run_db(
            lambda: purge_received(store, files, days=days),
            done=self._on_purged,
            error=self._on_purge_failed,
            context=self,
        )

    def _on_purged(self, report: PurgeReport) -> None:
        self.retention.show_report(purge_text(report, self._services.language))
        self.purged.emit(report)
        if report.dossiers:
            self.dossiers.model.refresh()
            self.refresh_status()
            self.refresh_sync_pages()

    def _on_purge_failed(self, exc: BaseException) -> None:
        self.retention.show_report("")
        self._tasks.report(exc)

    def erase_resident(self, resident_id: str) -> None:
        """Erase a resident and their dossiers' local data (store worker), after confirmation."""
        for window in list(self.windows):
            window.close()
        store, files, actor = self._services.store, self._services.files, self._services.actor
        self._tasks.run_db(
            lambda: erase_resident(store, files, resident_id, actor=actor),
            done=self._on_erased,
            error=self._on_erase_failed,
            context=self,
        )

    def _on_erase_failed(self, exc: BaseException) -> None:
        """Nothing was erased (e.g. a dossier of theirs is being sent): say why."""
        self.residents.message.setText("")
        self._tasks.report(exc)

    def _on_erased(self, report: EraseReport) -> None:
        self.residents.show_erased(report)
        self.dossiers.model.refresh()
        self.refresh_status()
        self.refresh_sync_pages()

    # ----------------------------------------------------------------- status

    def refresh_status(self) -> None:
        """Read the sync figures from the store and show them (with the controller's state)."""
        if self._tasks.closed:  # a late sync signal while the app quits
            return
        store = self._services.store
        self._tasks.run_db(lambda: read_sync_status(store), done=self._show_status, context=self)

    def _show_status(self, status: SyncStatus) -> None:
        sync = self.sync
        if sync is not None:
            status = replace(
                status, online=sync.online, progress=sync.progress, signed_in=sync.signed_in
            )
            self.settings_page.show_account(sync.account, sync.signed_in)
            self._update_banner()
        else:
            self.status.sync_now.setEnabled(False)
        self.status.show_status(status)
        self.status_shown.emit(status)

    def refresh_sync_pages(self) -> None:
        """Re-read the queue and the conflicts (store worker)."""
        if self._tasks.closed:
            return
        store, names = self._services.store, self._names
        self._tasks.run_db(lambda: read_outbox(store, names), done=self._show_outbox, context=self)
        self._tasks.run_db(
            lambda: conflict_groups(store, names), done=self._show_conflicts, context=self
        )

    def _show_outbox(self, snapshot: OutboxSnapshot) -> None:
        self.outbox.show_snapshot(snapshot)
        self.outbox_shown.emit(snapshot)

    def _show_conflicts(self, groups: list[ConflictGroup]) -> None:
        self.conflicts.show_groups(groups)
        self.conflicts_shown.emit(groups)

    # ----------------------------------------------------------------- sync

    def _update_banner(self) -> None:
        sync = self.sync
        if sync is None:
            return
        text = ""
        if self._expired and not sync.signed_in and sync.signed_out_by_ward:
            text = self.tr(
                "Phường/xã đã đăng xuất máy này. Hãy liên hệ cán bộ để đăng nhập lại. "
                "Hàng đợi vẫn được giữ trên máy (đã mã hoá). "
                "<a href='sign-in'>Đăng nhập lại</a>"
            )
        elif self._expired and not sync.signed_in:
            text = self.tr(
                "Phiên đăng nhập đã hết hạn — hàng đợi vẫn được giữ. "
                "<a href='sign-in'>Đăng nhập lại</a>"
            )
        elif self._first_start(sync):
            text = self.tr(
                "Máy này chưa được cấu hình cho phường. "
                "<a href='sign-in'>Cấu hình bằng tệp hoặc mã QR của phường</a>, rồi đăng nhập."
            )
        elif sync.keyring_error is not None and not sync.signed_in:
            err = sync.keyring_error
            text = pick_text(self._services.language, err.message_vi, err.message_en)
        text = text or self.notice
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    _expired = False
    notice = ""

    @staticmethod
    def _first_start(sync: SyncController) -> bool:
        """No account and no provisioning yet: say where to start (the sign-in dialog offers
        the ward's file and QR code). Reading the pin's presence is one ``stat``."""
        if sync.signed_in or sync.account:
            return False
        return not (sync.paths.data_dir / PIN_FILE).exists()

    def on_banner_linkActivated(self, _link: str) -> None:  # noqa: N802
        self.show_sign_in()

    def on_sync_now_clicked(self) -> None:
        if self.sync is None:
            return
        if not self.sync.signed_in:
            self.show_sign_in()
            return
        self.sync.sync_requested()

    def show_sign_in(self) -> SignInDialog | None:
        """Open the sign-in dialog (non-modal for the rest of the app)."""
        if self.sync is None:
            return None
        dialog = SignInDialog(self.sync, self._services.language, self)
        dialog.signed_in.connect(self.on_sign_in_dialog_signed_in)
        dialog.finished.connect(lambda _result: self._update_banner())  # e.g. now provisioned
        self.sign_in_dialog = dialog
        dialog.open()
        return dialog

    def show_change_password(self) -> ChangePasswordDialog | None:
        """Open the change-password dialog (only while signed in)."""
        if self.sync is None or not self.sync.signed_in:
            return None
        dialog = ChangePasswordDialog(self.sync, self._services.language, self)
        self.change_password_dialog = dialog
        dialog.open()
        return dialog

    def on_sign_in_dialog_signed_in(self, _user: object) -> None:
        self._expired = False
        self.refresh_status()

    def sign_out(self) -> None:
        """Forget the token (the queue stays)."""
        if self.sync is not None:
            self._expired = False
            self.sync.sign_out(done=self.refresh_status)

    def on_sync_progressed(self, value: float) -> None:
        self.status.progress.setVisible(True)
        self.status.progress.setValue(int(value * 100))

    def on_sync_pass_finished(self, _result: object) -> None:
        if self._tasks.closed:  # the pass ended after the window closed: nothing to refresh
            return
        self.status.clearMessage()  # an earlier unexpected failure is over
        self.dossiers.model.refresh()
        self.refresh_sync_pages()
        for window in list(self.windows):
            window.reload()

    def on_sync_pass_failed(self, _error: object) -> None:
        if self._tasks.closed:
            return
        problem = self.sync.problem if self.sync is not None else None
        if problem:
            self.status.showMessage(problem)  # until a later pass ends otherwise
        else:
            self.status.clearMessage()
        self.refresh_sync_pages()

    def on_sync_session_expired(self) -> None:
        self.status.clearMessage()  # the banner says what to do now
        self._expired = True
        self._update_banner()

    # ----------------------------------------------------------------- conflicts

    def acknowledge_refusal(self, seq: int) -> None:
        """The volunteer has read a refusal no edit can cure: stop counting it (store worker)."""
        store, actor = self._services.store, self._services.actor

        def settled(_: object) -> None:
            self.refresh_sync_pages()
            self.refresh_status()

        self._tasks.run_db(
            lambda: outbox_entries.acknowledge_refusal(store, seq, actor=actor),
            done=settled,
            error=lambda _exc: settled(None),  # acknowledged elsewhere meanwhile: just re-read
            context=self,
        )

    def open_conflicts(self, dossier_id: str) -> None:
        """Load a dossier's open conflicts and show the dialog."""
        store, service = self._services.store, self._services.dossiers
        self._tasks.run_db(
            lambda: (service.get(dossier_id), open_conflicts(store, dossier_id)),
            done=self._show_conflict_dialog,
            context=self,
        )

    def _show_conflict_dialog(self, loaded: tuple[DossierView, list[OpenConflict]]) -> None:
        view, conflicts = loaded
        if not conflicts:
            self.refresh_sync_pages()
            return
        definition = self._services.catalog.get(view.procedure, view.form_version)
        dialog = ConflictDialog(definition, conflicts, self._services.language, self)
        dialog.finished.connect(lambda code, d=dialog: self._on_conflict_dialog_finished(d, code))
        self.conflict_dialog = dialog
        dialog.open()

    def _on_conflict_dialog_finished(self, dialog: ConflictDialog, code: int) -> None:
        if code != QDialog.DialogCode.Accepted.value:
            return
        choices, dossier_id = dialog.choices(), dialog.dossier_id
        store, actor, catalog = self._services.store, self._services.actor, self._services.catalog
        self._tasks.run_db(
            lambda: resolve(store, dossier_id, choices, actor=actor, catalog=catalog),
            done=self._on_conflicts_resolved,
            context=self,
        )

    def _on_conflicts_resolved(self, _none: object) -> None:
        self.refresh_sync_pages()
        self.refresh_status()
        self.dossiers.model.refresh()
        if self.sync is not None:
            self.sync.sync_now()

    # ----------------------------------------------------------------- dossiers

    def on_dossiers_new_requested(self) -> None:
        dialog = NewDossierDialog(self._services, self._tasks, self)
        dialog.create_requested.connect(self.create_dossier)
        self.new_dialog = dialog
        dialog.open()

    def create_dossier(self, code: str, prefill: dict[str, str]) -> None:
        """Create a draft of ``code`` (prefilled from residents) and open it."""
        service = self._services.dossiers
        self._tasks.run_db(
            lambda: service.create_draft(code, prefill_from=prefill or None),
            done=self._on_dossier_loaded,
            context=self,
        )

    def open_dossier(self, dossier_id: str) -> None:
        """Load a dossier in the background and open its window."""
        for window in self.windows:
            if window.view.id == dossier_id:
                window.raise_()
                window.activateWindow()
                return
        service = self._services.dossiers
        self._tasks.run_db(
            lambda: service.get(dossier_id), done=self._on_dossier_loaded, context=self
        )

    def _on_dossier_loaded(self, view: DossierView) -> None:
        self.show_dossier(view)

    def show_dossier(self, view: DossierView) -> DossierWindow:
        """Open a window on a loaded dossier."""
        window = DossierWindow(self._services, self._tasks, view, communes=self.communes)
        window.saved.connect(self.on_window_saved)
        window.closed.connect(lambda w=window: self._forget(w))
        self.windows.append(window)
        window.show()
        self.dossier_opened.emit(window)
        self.dossiers.model.refresh()
        return window

    def _forget(self, window: DossierWindow) -> None:
        if window in self.windows:
            self.windows.remove(window)

    def on_window_saved(self, view: DossierView) -> None:
        self.dossiers.model.refresh()
        self.refresh_status()
        self.refresh_sync_pages()
        if view.status == DossierStatus.QUEUED and self.sync is not None:
            self.sync.sync_now()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self._poll.stop()
        self.lock.stop()
        for window in list(self.windows):
            window.close()
        super().closeEvent(event)
