"""The dossiers table model: pages rows in from the store, never all 50,000 at once.

The view asks for more rows with ``canFetchMore``/``fetchMore`` when it scrolls near the end;
each page (200 rows) is read on the store worker and inserted when it arrives. Changing the
filter starts a new *generation*: pages of an older filter that arrive late are dropped.
"""

from __future__ import annotations

from helper_app.dossiers import VIETNAM_TZ
from helper_app.sync.lifecycle import DossierStatus
from helper_app.ui.dossiers.queries import PAGE_SIZE, DossierFilter, DossierQueries, DossierRow
from helper_app.ui.labels import badge_labels, status_label
from helper_app.ui.qt import (
    QAbstractTableModel,
    QColor,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from helper_app.ui.tasks import TaskRunner

AnyIndex = QModelIndex | QPersistentModelIndex
COL_PERSON, COL_PROCEDURE, COL_STATUS, COL_BADGES, COL_UPDATED = range(5)


class DossierListModel(QAbstractTableModel):
    """Rows of :class:`DossierRow`, fetched page by page.

    Args:
        queries: the paged reads.
        tasks: the task runner (reads run on its store worker).
        titles: procedure code -> title in the interface language.
        parent: the owner.

    Signals:
        page_loaded(): a page of rows was inserted (or the last, empty, page arrived).
        counted(int): the number of dossiers matching the filter.
    """

    page_loaded = Signal()
    counted = Signal(int)

    def __init__(
        self,
        queries: DossierQueries,
        tasks: TaskRunner,
        titles: dict[str, str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._queries = queries
        self._tasks = tasks
        self._titles = titles
        self._rows: list[DossierRow] = []
        self._filter = DossierFilter()
        self._generation = 0
        self._loading = False
        self._exhausted = True
        self.total: int | None = None

    # ----------------------------------------------------------------- loading

    @property
    def filter(self) -> DossierFilter:
        """The filter the rows match."""
        return self._filter

    def set_filter(self, flt: DossierFilter) -> None:
        """Show the dossiers matching ``flt`` (from the first page)."""
        self._generation += 1
        self.beginResetModel()
        self._filter = flt
        self._rows = []
        self._exhausted = False
        self._loading = False
        self.total = None
        self.endResetModel()
        self._load()
        generation, queries = self._generation, self._queries
        self._tasks.run_db(
            lambda: queries.count(flt),
            done=lambda n: self._counted(generation, n),
            context=self,
        )

    def refresh(self) -> None:
        """Read the rows again (after a dossier changed)."""
        self.set_filter(self._filter)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: N802, B008
        if self.canFetchMore(parent):
            self._load()

    def _load(self) -> None:
        self._loading = True
        generation, offset, flt, queries = (
            self._generation,
            len(self._rows),
            self._filter,
            self._queries,
        )
        self._tasks.run_db(
            lambda: queries.page(flt, offset, PAGE_SIZE),
            done=lambda rows: self._append(generation, rows),
            context=self,
        )

    def _append(self, generation: int, rows: list[DossierRow]) -> None:
        if generation != self._generation:
            return
        self._loading = False
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        if len(rows) < PAGE_SIZE:
            self._exhausted = True
        self.page_loaded.emit()

    def _counted(self, generation: int, count: int) -> None:
        if generation == self._generation:
            self.total = count
            self.counted.emit(count)

    # ----------------------------------------------------------------- model

    def row_at(self, row: int) -> DossierRow:
        """The dossier shown on ``row``."""
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 5

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = [
            self.tr("Người"),
            self.tr("Thủ tục"),
            self.tr("Trạng thái"),
            self.tr("Cần chú ý"),
            self.tr("Cập nhật"),
        ]
        return names[section] if 0 <= section < len(names) else None

    def badges(self, row: DossierRow) -> list[str]:
        """The chips of one dossier (supplement requested, conflict, quarantined)."""
        return badge_labels(
            supplement=row.status == DossierStatus.SUPPLEMENT_REQUESTED,
            conflict=row.conflict,
            quarantined=row.quarantined,
        )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_BADGES:
            return QColor("#b3261e")
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_PROCEDURE:
            return f"{self._display(row, col)} ({row.procedure} v{row.form_version})"
        return None

    def _display(self, row: DossierRow, col: int) -> str:
        if col == COL_PERSON:
            return row.person or self.tr("(chưa có tên)")
        if col == COL_PROCEDURE:
            return self._titles.get(row.procedure, row.procedure)
        if col == COL_STATUS:
            return status_label(row.status)
        if col == COL_BADGES:
            return "  ".join(f"[{chip}]" for chip in self.badges(row))
        return row.updated_at.astimezone(VIETNAM_TZ).strftime("%d/%m/%Y %H:%M")
