"""The Residents screen: search (accent-insensitive, or by ID/phone), add, edit, import CSV, and
"Xoá dữ liệu cư dân này" (a resident's request to be erased from the laptop), confirmed first by
a dialog that says what goes; the main window runs
:func:`helper_app.security.retention.erase_resident` on the store worker and the page shows the
counts."""

from __future__ import annotations

from pathlib import Path

from helper_app.forms.validators import format_date
from helper_app.resident_import import ImportReport, import_residents
from helper_app.residents import ResidentConflict, ResidentGone, ResidentRecord, ResidentView
from helper_app.security.retention import EraseReport
from helper_app.ui.form.base import FormContext
from helper_app.ui.form.communes import CommuneModels
from helper_app.ui.qt import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from helper_app.ui.residents.edit_dialog import ResidentDialog
from helper_app.ui.residents.import_report import ImportReportDialog
from helper_app.ui.residents.queries import find_residents
from helper_app.ui.services import Services
from helper_app.ui.tasks import TaskRunner

SEARCH_PAUSE_MS = 250
LIST_LIMIT = 300
_VIEW_ROLE = Qt.ItemDataRole.UserRole


class ResidentsPage(QWidget):
    """The residents directory screen.

    Signals:
        listed(): the table shows the results of the latest search.
        imported(object): an import finished; the :class:`ImportReport`.
        erase_requested(str): the volunteer confirmed erasing this resident (id).
        erased(object): an erasure finished; the :class:`EraseReport`.

    Attributes:
        dialog: the add/edit dialog or import report currently open (tests drive it).
    """

    listed = Signal()
    imported = Signal(object)
    erase_requested = Signal(str)
    erased = Signal(object)

    def __init__(
        self,
        services: Services,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        communes: CommuneModels | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._communes = communes or CommuneModels()
        self._tasks = tasks
        self.dialog: QWidget | None = None
        self._generation = 0
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setObjectName("residentsSearch")
        self.search.setPlaceholderText(
            self.tr("Tìm theo tên (có dấu hoặc không), số định danh, số điện thoại")
        )
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.on_search_textChanged)
        self.add_button = QPushButton(self.tr("+ Thêm cư dân"), self)
        self.add_button.clicked.connect(self.on_add_button_clicked)
        self.edit_button = QPushButton(self.tr("Sửa"), self)
        self.edit_button.clicked.connect(self.on_edit_button_clicked)
        self.import_button = QPushButton(self.tr("Nhập từ tệp CSV…"), self)
        self.import_button.clicked.connect(self.on_import_button_clicked)
        bar.addWidget(self.search, 1)
        self.erase_button = QPushButton(self.tr("Xoá dữ liệu cư dân này…"), self)
        self.erase_button.setObjectName("eraseResident")
        self.erase_button.clicked.connect(self.on_erase_button_clicked)
        for b in (self.add_button, self.edit_button, self.import_button, self.erase_button):
            bar.addWidget(b)
        layout.addLayout(bar)
        self.count = QLabel(self)
        layout.addWidget(self.count)
        self.message = QLabel(self)
        self.message.setObjectName("residentsMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("residentsTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Họ và tên"),
                self.tr("Ngày sinh"),
                self.tr("Giới tính"),
                self.tr("Số định danh"),
                self.tr("Điện thoại"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.on_edit_button_clicked())
        layout.addWidget(self.table, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_PAUSE_MS)
        self._timer.timeout.connect(self.refresh)

    def _context(self) -> FormContext:
        s = self._services
        return FormContext(
            language=s.language, today=s.today(), units=s.units, communes=self._communes
        )

    def on_search_textChanged(self, _text: str) -> None:
        self._timer.start()

    def refresh(self) -> None:
        """Search again for what is typed (the first residents by name when blank)."""
        self._timer.stop()
        self._generation += 1
        generation, query = self._generation, self.search.text()
        store, directory = self._services.store, self._services.residents
        self._tasks.run_db(
            lambda: find_residents(store, directory, query, limit=LIST_LIMIT),
            done=lambda found: self._show(generation, found),
            context=self,
        )

    def _show(self, generation: int, found: list[ResidentView]) -> None:
        if generation != self._generation:
            return
        self.table.setRowCount(len(found))
        for i, r in enumerate(found):
            cells = [
                r.full_name,
                format_date(r.birth_date) if r.birth_date else "",
                r.gender or "",
                r.personal_id or "",
                r.phone or "",
            ]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 0:
                    item.setData(_VIEW_ROLE, r)
                self.table.setItem(i, j, item)
        self.count.setText(self.tr("%n cư dân", "", len(found)))
        self.listed.emit()

    def names(self) -> list[str]:
        """The names the table shows (tests read it)."""
        items = [self.table.item(i, 0) for i in range(self.table.rowCount())]
        return [item.text() for item in items if item is not None]

    def selected(self) -> ResidentView | None:
        """The resident of the selected row."""
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.data(_VIEW_ROLE) if item is not None else None

    def on_add_button_clicked(self) -> None:
        self.open_dialog(None)

    def on_edit_button_clicked(self) -> None:
        resident = self.selected()
        if resident is not None:
            self.open_dialog(resident)

    def open_dialog(self, resident: ResidentView | None) -> ResidentDialog:
        """Open the add/edit dialog (non-blocking)."""
        dialog = ResidentDialog(self._context(), resident, self)
        resident_id = resident.id if resident is not None else None
        dialog.save_requested.connect(lambda record: self._save(dialog, resident_id, record))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _save(
        self, dialog: ResidentDialog, resident_id: str | None, record: ResidentRecord
    ) -> None:
        """Add, or update exactly the resident being edited (even a new name or ID number)."""
        directory = self._services.residents

        def store() -> ResidentView:
            if resident_id is None:
                return directory.add(record)
            return directory.update(resident_id, record)

        def saved(_view: ResidentView) -> None:
            dialog.accept()
            self.refresh()

        def refused(exc: BaseException) -> None:
            if isinstance(exc, ResidentConflict | ResidentGone):
                dialog.show_refusal(exc)
            else:
                self._tasks.report(exc)

        self._tasks.run_db(store, done=saved, error=refused, context=dialog)

    def on_import_button_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp CSV cư dân"), str(Path.home()), self.tr("Tệp CSV (*.csv)")
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        """Import ``path`` on the store worker and show the report."""
        store, actor = self._services.store, self._services.actor
        self.import_button.setEnabled(False)

        def done(report: ImportReport) -> None:
            self.import_button.setEnabled(True)
            dialog = ImportReportDialog(report, self._services.language, self)
            self.dialog = dialog
            dialog.open()
            self.imported.emit(report)
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.import_button.setEnabled(True)
            self._tasks.report(exc)

        self._tasks.run_db(
            lambda: import_residents(store, path, actor=actor),
            done=done,
            error=failed,
            context=self,
        )

    def on_erase_button_clicked(self) -> None:
        resident = self.selected()
        if resident is not None:
            self.confirm_erase(resident)

    def confirm_erase(self, resident: ResidentView) -> QMessageBox:
        """Ask before erasing, saying what goes and what stays (non-blocking)."""
        who = resident.full_name + (f" ({resident.personal_id})" if resident.personal_id else "")
        text = self.tr(
            "Xoá khỏi máy này mọi dữ liệu của %1:\n\n"
            "• thông tin cư dân (họ tên, ngày sinh, số định danh, điện thoại, địa chỉ);\n"
            "• mọi hồ sơ trên máy có tên hoặc số định danh của người này, kể cả hồ sơ chưa "
            "gửi, cùng các tệp đính kèm của chúng;\n"
            "• lịch sử thao tác về người này và hộ gia đình nếu không còn ai khác.\n\n"
            "Không thể hoàn tác. Máy chủ vẫn giữ các hồ sơ đã gửi (cán bộ xử lý yêu cầu xoá "
            "ở đó). Máy chỉ ghi lại rằng đã có một lần xoá, không ghi đã xoá những gì."
        ).replace("%1", who)
        title = self.tr("Xoá dữ liệu cư dân")
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self)
        box.setObjectName("eraseConfirm")
        erase = box.addButton(self.tr("Xoá vĩnh viễn"), QMessageBox.ButtonRole.DestructiveRole)
        erase.setObjectName("confirmErase")
        cancel = box.addButton(self.tr("Huỷ"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        resident_id = resident.id

        def finished(_code: int) -> None:
            if box.clickedButton() is erase:
                self.message.setText(self.tr("Đang xoá…"))
                self.erase_requested.emit(resident_id)
            self.dialog = None
            box.deleteLater()

        box.finished.connect(finished)
        self.dialog = box
        box.open()
        return box

    def show_erased(self, report: EraseReport) -> None:
        """The erasure finished: say how much went, list again."""
        self.message.setText(
            self.tr("Đã xoá dữ liệu cư dân: %1 hồ sơ, %2 tệp đính kèm.")
            .replace("%1", str(report.dossiers))
            .replace("%2", str(report.files))
        )
        self.erased.emit(report)
        self.refresh()
