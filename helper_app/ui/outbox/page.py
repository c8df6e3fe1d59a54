"""The queue screen: counts, the last pass, "Đồng bộ ngay", and one line per waiting entry.

Quarantined entries come first, with the server's reasons in the interface language, so the
volunteer sees at once which dossier to open and what to fix; double-click opens the dossier.
The page asks for a fresh :class:`OutboxSnapshot` (store worker) whenever sync reports.
"""

from __future__ import annotations

import datetime as dt

from helper_app.dossiers import VIETNAM_TZ
from helper_app.sync.outbox_states import OutboxState
from helper_app.ui.i18n import pick
from helper_app.ui.outbox.queries import OutboxRow, OutboxSnapshot
from helper_app.ui.qt import (
    QAbstractItemView,
    QColor,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)

_ID_ROLE = Qt.ItemDataRole.UserRole
_SEQ_ROLE = Qt.ItemDataRole.UserRole + 1


class OutboxPage(QWidget):
    """What is waiting to be sent, and what the server refused.

    Args:
        titles: procedure code -> title in the interface language.
        language: ``vi`` or ``en``.
        parent: the main window.

    Signals:
        sync_requested(): "Đồng bộ ngay" was pressed.
        open_requested(str): open this dossier id.
        acknowledge_requested(int): the volunteer has read this final refusal (outbox seq).

    Attributes:
        summary: counts line.
        last_pass: the latest pass line.
        table: one row per entry.
        sync_now: the button.
        acknowledge: "Đã xem" for a refusal no edit can cure (enabled when one is selected).
    """

    sync_requested = Signal()
    open_requested = Signal(str)
    acknowledge_requested = Signal(int)

    def __init__(self, titles: dict[str, str], language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._titles = titles
        self._language = language
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Hàng đợi & đồng bộ"), self)
        heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        layout.addWidget(heading)
        explain = QLabel(
            self.tr(
                "Hồ sơ đã bấm «Hoàn tất» nằm ở đây cho đến khi máy chủ nhận. Không có mạng cũng "
                "không sao: hàng đợi được giữ và tự gửi khi có mạng. Hồ sơ bị máy chủ trả lại "
                "cần sửa theo lý do ghi bên dưới rồi bấm «Hoàn tất» lại."
            ),
            self,
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        bar = QHBoxLayout()
        self.summary = QLabel(self)
        self.summary.setObjectName("outboxSummary")
        self.sync_now = QPushButton(self.tr("Đồng bộ ngay"), self)
        self.sync_now.setObjectName("outboxSyncNow")
        self.sync_now.clicked.connect(self.sync_requested)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.sync_now)
        layout.addLayout(bar)
        self.last_pass = QLabel(self)
        self.last_pass.setObjectName("lastPass")
        layout.addWidget(self.last_pass)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("outboxTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Người"),
                self.tr("Thủ tục"),
                self.tr("Tình trạng"),
                self.tr("Số lần thử"),
                self.tr("Lý do máy chủ trả lại"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 180), (1, 260), (2, 110), (3, 80)):
            self.table.setColumnWidth(col, width)
        self.table.cellDoubleClicked.connect(self.on_table_cellDoubleClicked)
        layout.addWidget(self.table, 1)
        self.acknowledge = QPushButton(self.tr("Đã xem lý do, bỏ khỏi hàng đợi"), self)
        self.acknowledge.setObjectName("outboxAcknowledge")
        self.acknowledge.setToolTip(
            self.tr(
                "Máy chủ không nhận việc này vì cán bộ đã xử lý hồ sơ; sửa lại cũng không gửi "
                "được. Hồ sơ trên máy đã theo đúng trạng thái ở phường."
            )
        )
        self.acknowledge.setEnabled(False)
        self.acknowledge.clicked.connect(self.on_acknowledge_clicked)
        self.table.itemSelectionChanged.connect(self._update_acknowledge)
        ack_bar = QHBoxLayout()
        ack_bar.addStretch(1)
        ack_bar.addWidget(self.acknowledge)
        layout.addLayout(ack_bar)
        self.empty = QLabel(self.tr("Không có hồ sơ nào đang chờ gửi."), self)
        self.empty.setObjectName("outboxEmpty")
        layout.addWidget(self.empty)

    def _selected_final_seq(self) -> int | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 and self.table.selectedItems() else None
        seq = item.data(_SEQ_ROLE) if item is not None else None
        return int(seq) if isinstance(seq, int) else None

    def _update_acknowledge(self) -> None:
        self.acknowledge.setEnabled(self._selected_final_seq() is not None)

    def on_acknowledge_clicked(self) -> None:
        seq = self._selected_final_seq()
        if seq is not None:
            self.acknowledge.setEnabled(False)
            self.acknowledge_requested.emit(seq)

    def state_label(self, state: str) -> str:
        """The volunteer-facing name of an outbox state."""
        if state == OutboxState.QUARANTINED:
            return self.tr("Bị trả lại")
        if state == OutboxState.IN_FLIGHT:
            return self.tr("Đang gửi")
        return self.tr("Chờ gửi")

    def show_snapshot(self, snapshot: OutboxSnapshot) -> None:
        """Show a fresh snapshot."""
        counts = snapshot.counts
        waiting = counts.get(OutboxState.PENDING, 0) + counts.get(OutboxState.IN_FLIGHT, 0)
        self.summary.setText(
            self.tr("%n hồ sơ đang chờ gửi", "", waiting)
            + " · "
            + self.tr("%n bị máy chủ trả lại", "", counts.get(OutboxState.QUARANTINED, 0))
        )
        self.last_pass.setText(self._last_pass_text(snapshot.last_pass))
        self.table.setRowCount(len(snapshot.rows))
        for row, entry in enumerate(snapshot.rows):
            self._fill_row(row, entry)
        self.table.resizeRowsToContents()
        self.empty.setVisible(not snapshot.rows)
        self._update_acknowledge()

    def _fill_row(self, row: int, entry: OutboxRow) -> None:
        reasons = "\n".join(
            (f"{r.path}: " if r.path else "") + pick(self._language, r.message_vi, r.message_en)
            for r in entry.reasons
        )
        values = (
            entry.person or self.tr("(chưa có tên)"),
            self._titles.get(entry.procedure, entry.procedure),
            self.state_label(entry.state),
            str(entry.attempts),
            reasons,
        )
        for col, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setData(_ID_ROLE, entry.dossier_id)
            item.setData(_SEQ_ROLE, entry.seq if entry.final else None)
            if entry.state == OutboxState.QUARANTINED:
                item.setForeground(QColor("#b3261e"))
            self.table.setItem(row, col, item)

    def _last_pass_text(self, last: dict[str, object] | None) -> str:
        if not last:
            return self.tr("Chưa đồng bộ lần nào.")
        when = ""
        if isinstance(last.get("at"), str):
            at = dt.datetime.fromisoformat(str(last["at"]))
            when = at.astimezone(VIETNAM_TZ).strftime("%H:%M %d/%m/%Y")
        status = last.get("status")
        if status == "completed":
            return self.tr("Lần đồng bộ gần nhất: xong lúc %1.").replace("%1", when)
        if status == "started":
            return self.tr("Đang đồng bộ (bắt đầu lúc %1)…").replace("%1", when)
        return self.tr("Lần đồng bộ gần nhất lúc %1 chưa xong; sẽ tự thử lại.").replace("%1", when)

    def on_table_cellDoubleClicked(self, row: int, _col: int) -> None:  # noqa: N802
        item = self.table.item(row, 0)
        if item is not None:
            self.open_requested.emit(str(item.data(_ID_ROLE)))
