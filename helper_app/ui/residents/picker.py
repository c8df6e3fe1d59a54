"""Choosing a resident: a search dialog over the directory, and the access the form needs.

Searches run on the store worker (a debounced query per pause in typing), with or without
accents ("nguyen van an" finds "Nguyễn Văn An") and by ID number or phone.
"""

from __future__ import annotations

from collections.abc import Callable

from helper_app.residents import ResidentView
from helper_app.ui.form.base import ResidentCallback
from helper_app.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from helper_app.ui.residents.queries import find_residents
from helper_app.ui.services import Services
from helper_app.ui.tasks import TaskRunner

SEARCH_PAUSE_MS = 200
_VIEW_ROLE = Qt.ItemDataRole.UserRole


def describe(resident: ResidentView) -> str:
    """One line: name, birth date (dd/mm/yyyy), last 4 digits of the ID number."""
    parts = [resident.full_name]
    if resident.birth_date:
        parts.append("/".join(reversed(resident.birth_date.split("-"))))
    if resident.personal_id:
        parts.append("…" + resident.personal_id[-4:])
    return " — ".join(parts)


class ResidentPickerDialog(QDialog):
    """Search the directory and choose one resident.

    Signals:
        chosen(object): the :class:`ResidentView` the volunteer chose.
        searched(): a search finished and the list shows its results (tests wait on it).
    """

    chosen = Signal(object)
    searched = Signal()

    def __init__(self, services: Services, tasks: TaskRunner, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._services = services
        self._tasks = tasks
        self.setWindowTitle(self.tr("Chọn cư dân"))
        self.resize(520, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr("Tìm theo tên (có dấu hoặc không), số định danh hoặc số điện thoại:"), self
            )
        )
        self.search = QLineEdit(self)
        self.search.setObjectName("residentSearch")
        self.search.setPlaceholderText(self.tr("Ví dụ: nguyen van an"))
        layout.addWidget(self.search)
        self.results = QListWidget(self)
        layout.addWidget(self.results, 1)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("Chọn"), QDialogButtonBox.ButtonRole.AcceptRole).setDefault(True)
        buttons.addButton(self.tr("Huỷ"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_PAUSE_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(self.on_search_textChanged)
        self.results.itemDoubleClicked.connect(self.on_results_itemDoubleClicked)
        self._generation = 0
        self.run_search()

    def on_search_textChanged(self, _text: str) -> None:
        self._timer.start()

    def run_search(self) -> None:
        """Search now for what is typed."""
        self._generation += 1
        generation = self._generation
        query = self.search.text()
        store, directory = self._services.store, self._services.residents
        self._tasks.run_db(
            lambda: find_residents(store, directory, query, limit=100),
            done=lambda found: self._show(generation, found),
            context=self,
        )

    def _show(self, generation: int, found: list[ResidentView]) -> None:
        if generation != self._generation:
            return
        self.results.clear()
        for resident in found:
            item = QListWidgetItem(describe(resident), self.results)
            item.setData(_VIEW_ROLE, resident)
        if found:
            self.results.setCurrentRow(0)
        self.searched.emit()

    def on_results_itemDoubleClicked(self, _item: QListWidgetItem) -> None:
        self.on_buttons_accepted()

    def on_buttons_accepted(self) -> None:
        if self.results.currentRow() < 0:  # nothing found or chosen
            return
        self.chosen.emit(self.results.currentItem().data(_VIEW_ROLE))
        self.accept()


class ResidentAccess:
    """What the form's person fields need: open a picker, look a resident up by id.

    Attributes:
        last_picker: the picker most recently opened (tests drive it).
    """

    def __init__(self, services: Services, tasks: TaskRunner) -> None:
        self._services = services
        self._tasks = tasks
        self.last_picker: ResidentPickerDialog | None = None

    def pick(self, widget: QWidget, callback: ResidentCallback) -> None:
        """Open the picker over ``widget``'s window; ``callback`` gets the choice."""
        dialog = ResidentPickerDialog(self._services, self._tasks, widget.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(callback)
        self.last_picker = dialog
        dialog.open()

    def lookup(self, resident_id: str, callback: ResidentCallback) -> None:
        """Fetch one resident on the store worker; ``callback`` gets it (or None)."""
        directory = self._services.residents
        self._tasks.run_db(lambda: directory.get(resident_id), done=callback)

    def callbacks(
        self,
    ) -> tuple[
        Callable[[QWidget, ResidentCallback], None], Callable[[str, ResidentCallback], None]
    ]:
        """The two callables a :class:`~helper_app.ui.form.base.FormContext` takes."""
        return self.pick, self.lookup
