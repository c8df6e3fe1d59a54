"""The side panel of a dossier window: the official's last message and the dossier's history."""

from __future__ import annotations

from helper_app.dossiers import VIETNAM_TZ
from helper_app.ui.dossiers.queries import HistoryEntry
from helper_app.ui.qt import QGroupBox, QLabel, QListWidget, Qt, QVBoxLayout, QWidget


class SidePanel(QWidget):
    """Official's message (or "none yet") above the list of audit events, newest first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        message_box = QGroupBox(self.tr("Tin nhắn của cán bộ"), self)
        inner = QVBoxLayout(message_box)
        self.message = QLabel(self.tr("(chưa có tin nhắn)"), message_box)
        self.message.setObjectName("officialMessage")
        # An official typed it: shown as typed, never as markup or a link (issue 12 item 8).
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        inner.addWidget(self.message)
        history_box = QGroupBox(self.tr("Lịch sử"), self)
        inner = QVBoxLayout(history_box)
        self.history = QListWidget(history_box)
        self.history.setObjectName("history")
        self.history.setWordWrap(True)
        inner.addWidget(self.history)
        layout.addWidget(message_box)
        layout.addWidget(history_box, 1)

    def set_message(self, message: str | None) -> None:
        """Show the official's last message."""
        self.message.setText(message or self.tr("(chưa có tin nhắn)"))

    def action_text(self, entry: HistoryEntry) -> str:
        """What an audit event means, in words."""
        details = entry.details
        fields = details.get("fields")
        count = len(fields) if isinstance(fields, list) else 0
        slot = str(details.get("slot", ""))
        texts = {
            "dossier.create": self.tr("Tạo hồ sơ"),
            "dossier.update": self.tr("Sửa %n trường", "", count),
            "dossier.finalize": self.tr("Hoàn tất, chờ gửi"),
            "dossier.withdraw": self.tr("Rút hồ sơ"),
            "attachment.add": self.tr("Đính kèm tệp (%1)").replace("%1", slot),
            "attachment.remove": self.tr("Gỡ tệp (%1)").replace("%1", slot),
            "dossier.consent": self.tr("Ghi nhận sự đồng ý của người dân"),
            "dossier.resolve_conflicts": self.tr("Chọn giá trị cho %n trường xung đột", "", count),
            "sync.applied": self.tr("Đã gửi lên máy chủ"),
            "sync.rejected": self.tr("Máy chủ không nhận (xem Hàng đợi & đồng bộ)"),
            "sync.conflict": self.tr("Cán bộ và tình nguyện viên cùng sửa %n trường", "", count),
            "server.receive": self.tr("Cán bộ đã tiếp nhận hồ sơ"),
            "server.process": self.tr("Cán bộ đang xử lý hồ sơ"),
            "server.request_supplement": self.tr("Cán bộ yêu cầu bổ sung"),
            "server.complete": self.tr("Đã có kết quả"),
            "server.reject": self.tr("Cán bộ từ chối hồ sơ"),
            "server.edit": self.tr("Cán bộ sửa thông tin hồ sơ"),
            "server.submit": self.tr("Gửi từ một máy khác"),
            "server.withdraw": self.tr("Rút hồ sơ từ một máy khác"),
        }
        return texts.get(entry.action, entry.action)

    def set_history(self, entries: list[HistoryEntry]) -> None:
        """Show the events, newest first, with local (Vietnam) time."""
        self.history.clear()
        for entry in reversed(entries):
            when = entry.at.astimezone(VIETNAM_TZ).strftime("%d/%m/%Y %H:%M")
            self.history.addItem(f"{when} — {self.action_text(entry)} — {entry.actor}")
