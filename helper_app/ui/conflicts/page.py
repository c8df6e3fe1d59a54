"""The conflicts screen: one line per dossier with unresolved field conflicts.

"Giải quyết…" (or a double-click) opens the :class:`ConflictDialog` of that dossier; the main
window does the resolving on the store worker. Nothing of such a dossier is sent until it is
resolved, which the heading says.
"""

from __future__ import annotations

from dataclasses import dataclass

from helper_app.sync.conflicts import OpenConflict
from helper_app.ui.qt import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

_ID_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class ConflictGroup:
    """The open conflicts of one dossier, with what the list shows."""

    dossier_id: str
    procedure: str
    person: str
    conflicts: tuple[OpenConflict, ...]


class ConflictsPage(QWidget):
    """Dossiers waiting for a choice.

    Signals:
        resolve_requested(str): open the dialog for this dossier id.

    Attributes:
        list: one item per dossier.
        resolve_button: "Giải quyết…".
    """

    resolve_requested = Signal(str)

    def __init__(self, titles: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._titles = titles
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Xung đột"), self)
        heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        layout.addWidget(heading)
        explain = QLabel(
            self.tr(
                "Khi cùng một trường được sửa ở máy này và trên máy chủ, hồ sơ dừng gửi cho đến "
                "khi bạn chọn giá trị đúng cho từng trường."
            ),
            self,
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.list = QListWidget(self)
        self.list.setObjectName("conflictList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.itemDoubleClicked.connect(self.on_list_itemDoubleClicked)
        layout.addWidget(self.list, 1)
        self.empty = QLabel(self.tr("Không có xung đột nào."), self)
        self.empty.setObjectName("conflictsEmpty")
        layout.addWidget(self.empty)
        bar = QHBoxLayout()
        self.resolve_button = QPushButton(self.tr("Giải quyết…"), self)
        self.resolve_button.setObjectName("resolve")
        self.resolve_button.clicked.connect(self.on_resolve_button_clicked)
        bar.addWidget(self.resolve_button)
        bar.addStretch(1)
        layout.addLayout(bar)

    def show_groups(self, groups: list[ConflictGroup]) -> None:
        """Show the dossiers with open conflicts."""
        self.list.clear()
        for group in groups:
            text = self.tr("%1 — %2: %n trường cần chọn", "", len(group.conflicts))
            text = text.replace("%1", group.person or self.tr("(chưa có tên)"))
            text = text.replace("%2", self._titles.get(group.procedure, group.procedure))
            item = QListWidgetItem(text, self.list)
            item.setData(_ID_ROLE, group.dossier_id)
        if groups:
            self.list.setCurrentRow(0)
        self.empty.setVisible(not groups)
        self.resolve_button.setEnabled(bool(groups))

    def on_list_itemDoubleClicked(self, item: QListWidgetItem) -> None:  # noqa: N802
        self.resolve_requested.emit(str(item.data(_ID_ROLE)))

    def on_resolve_button_clicked(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.resolve_requested.emit(str(item.data(_ID_ROLE)))
