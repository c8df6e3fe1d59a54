"""The main window: navigation (Dossiers, Residents, Outbox & sync, Conflicts, Settings), the
pages, the sync status bar, and opening dossier windows.

Every store read or write goes through the :class:`TaskRunner`; the window only reacts to
results. The status bar is refreshed from the store every few seconds and after each change.
"""

from __future__ import annotations

from helper_app.dossiers import DossierView
from helper_app.ui.dossiers.list_model import DossierListModel
from helper_app.ui.dossiers.list_page import DossiersPage
from helper_app.ui.dossiers.new_dialog import NewDossierDialog
from helper_app.ui.dossiers.queries import DossierQueries, name_fields
from helper_app.ui.dossiers.window import DossierWindow
from helper_app.ui.i18n import pick
from helper_app.ui.placeholders import ComingSoonPage
from helper_app.ui.qt import (
    QCloseEvent,
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QTimer,
    QWidget,
    Signal,
)
from helper_app.ui.queries import SyncStatus, read_sync_status
from helper_app.ui.residents.page import ResidentsPage
from helper_app.ui.services import Services
from helper_app.ui.settings_page import SettingsPage
from helper_app.ui.status_bar import SyncStatusBar
from helper_app.ui.tasks import TaskRunner

STATUS_POLL_MS = 15_000
PAGE_DOSSIERS, PAGE_RESIDENTS, PAGE_OUTBOX, PAGE_CONFLICTS, PAGE_SETTINGS = range(5)


class MainWindow(QMainWindow):
    """The application window.

    Args:
        services: the core services.
        tasks: the task runner.

    Signals:
        dossier_opened(object): a :class:`DossierWindow` was opened.
        status_shown(object): the status bar shows this :class:`SyncStatus`.

    Attributes:
        nav: the navigation list.
        pages: the stacked pages.
        dossiers: the Dossiers page.
        residents: the Residents page.
        settings_page: the Settings page.
        status: the sync status bar.
        new_dialog: the new-dossier dialog while open.
        windows: the open dossier windows.
    """

    dossier_opened = Signal(object)
    status_shown = Signal(object)

    def __init__(self, services: Services, tasks: TaskRunner) -> None:
        super().__init__()
        self._services = services
        self._tasks = tasks
        self.windows: list[DossierWindow] = []
        self.new_dialog: NewDossierDialog | None = None
        self.setWindowTitle(self.tr("Helper — Trợ giúp hồ sơ dịch vụ công"))
        self.resize(1180, 760)
        central = QWidget(self)
        layout = QHBoxLayout(central)
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
        self.setCentralWidget(central)
        self._build_pages()
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(PAGE_DOSSIERS)
        self.status = SyncStatusBar(self)
        self.setStatusBar(self.status)
        self._poll = QTimer(self)
        self._poll.setInterval(STATUS_POLL_MS)
        self._poll.timeout.connect(self.refresh_status)

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
        self.residents = ResidentsPage(s, self._tasks, self)
        self.outbox = ComingSoonPage(
            self.tr("Hàng đợi & đồng bộ"),
            self.tr(
                "Các hồ sơ đã hoàn tất nằm trong hàng đợi và sẽ được gửi lên máy chủ khi có mạng. "
                "Màn hình theo dõi hàng đợi, đăng nhập và đồng bộ sẽ có trong phiên bản tới."
            ),
            self,
        )
        self.conflicts = ComingSoonPage(
            self.tr("Xung đột"),
            self.tr(
                "Khi cùng một trường được sửa ở máy này và trên máy chủ, hai giá trị sẽ hiện ở đây "
                "để bạn chọn. Màn hình này sẽ có cùng với chức năng đồng bộ."
            ),
            self,
        )
        self.settings_page = SettingsPage(s.settings, s.paths.settings_file, s.paths.data_dir, self)
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
        self._poll.start()

    # ----------------------------------------------------------------- status

    def refresh_status(self) -> None:
        """Read the sync figures from the store and show them."""
        store = self._services.store
        self._tasks.run_db(lambda: read_sync_status(store), done=self._show_status, context=self)

    def _show_status(self, status: SyncStatus) -> None:
        self.status.show_status(status)
        self.status_shown.emit(status)

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
        window = DossierWindow(self._services, self._tasks, view)
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

    def on_window_saved(self, _view: DossierView) -> None:
        self.dossiers.model.refresh()
        self.refresh_status()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self._poll.stop()
        for window in list(self.windows):
            window.close()
        super().closeEvent(event)
