"""The Dossiers screen: "new dossier", status filter, search by resident name, the paged table."""

from __future__ import annotations

from helper_app.sync.lifecycle import DossierStatus
from helper_app.ui.dossiers.list_model import COL_PERSON, COL_PROCEDURE, DossierListModel
from helper_app.ui.dossiers.queries import DossierFilter
from helper_app.ui.labels import status_label
from helper_app.ui.qt import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QModelIndex,
    QPushButton,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from helper_app.ui.wheel import FocusWheelComboBox

SEARCH_PAUSE_MS = 300


class DossiersPage(QWidget):
    """Filter and search the dossiers; double-click opens one.

    Signals:
        open_requested(str): the volunteer wants to open this dossier id.
        new_requested(): the volunteer wants a new dossier.
    """

    open_requested = Signal(str)
    new_requested = Signal()

    def __init__(self, model: DossierListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.new_button = QPushButton(self.tr("+ Hồ sơ mới"), self)
        self.new_button.setObjectName("newDossier")
        self.new_button.clicked.connect(self.new_requested)
        self.status_filter = FocusWheelComboBox(self)
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.addItem(self.tr("Mọi trạng thái"), None)
        for status in DossierStatus:
            self.status_filter.addItem(status_label(status), status.value)
        self.status_filter.currentIndexChanged.connect(self.on_status_filter_currentIndexChanged)
        self.search = QLineEdit(self)
        self.search.setObjectName("dossierSearch")
        self.search.setPlaceholderText(self.tr("Tìm theo tên người (có dấu hoặc không)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.on_search_textChanged)
        self.count = QLabel(self)
        self.count.setObjectName("dossierCount")
        bar.addWidget(self.new_button)
        bar.addWidget(self.status_filter)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count)
        layout.addLayout(bar)
        self.table = QTableView(self)
        self.table.setObjectName("dossierTable")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(COL_PERSON, 220)
        self.table.setColumnWidth(COL_PROCEDURE, 330)
        self.table.setColumnWidth(2, 120)
        self.table.setColumnWidth(3, 200)
        self.table.doubleClicked.connect(self.on_table_doubleClicked)
        layout.addWidget(self.table, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_PAUSE_MS)
        self._timer.timeout.connect(self.apply_filter)
        model.counted.connect(self.on_model_counted)

    def on_status_filter_currentIndexChanged(self, _index: int) -> None:
        self.apply_filter()

    def on_search_textChanged(self, _text: str) -> None:
        self._timer.start()

    def apply_filter(self) -> None:
        """Show the dossiers matching the current status and search text."""
        self._timer.stop()
        status = self.status_filter.currentData()
        self.model.set_filter(DossierFilter(status=status, search=self.search.text().strip()))

    def on_model_counted(self, count: int) -> None:
        self.count.setText(self.tr("%n hồ sơ", "", count))

    def on_table_doubleClicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.model.row_at(index.row()).id)

    def column_texts(self, column: int = COL_PROCEDURE) -> list[str]:
        """The texts of one column for the loaded rows (tests read it)."""
        return [
            str(self.model.data(self.model.index(r, column))) for r in range(self.model.rowCount())
        ]
