"""The status bar: online/offline, items waiting, last successful sync, sync progress, "Sync now".

It only shows a :class:`~helper_app.ui.queries.SyncStatus`; the main window fills it from the
store and the sync controller. "Đồng bộ ngay" asks for a pass (or for a sign-in when signed out)
and is disabled while a pass runs.
"""

from __future__ import annotations

import datetime as dt

from helper_app.store.models import utc_now
from helper_app.ui.qt import QLabel, QProgressBar, QPushButton, QStatusBar, QWidget
from helper_app.ui.queries import SyncStatus, age_parts


class SyncStatusBar(QStatusBar):
    """The main window's status bar.

    Attributes:
        online: the connection label.
        waiting: the "N đang chờ gửi" label.
        last_sync: the "Đồng bộ lần cuối: ..." label.
        progress: the progress bar of a running sync (hidden otherwise).
        sync_now: the "Đồng bộ ngay" button.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.online = QLabel(self)
        self.online.setObjectName("online")
        self.waiting = QLabel(self)
        self.waiting.setObjectName("waiting")
        self.last_sync = QLabel(self)
        self.last_sync.setObjectName("lastSync")
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(160)
        self.progress.setVisible(False)
        self.sync_now = QPushButton(self.tr("Đồng bộ ngay"), self)
        self.sync_now.setObjectName("syncNow")
        self.quarantined = QLabel(self)
        self.quarantined.setObjectName("quarantined")
        self.quarantined.setStyleSheet("color: #b3261e;")
        for w in (self.online, self.waiting, self.quarantined, self.last_sync):
            w.setContentsMargins(8, 0, 12, 0)
            self.addWidget(w)
        self.addPermanentWidget(self.progress)
        self.addPermanentWidget(self.sync_now)
        self.show_status(SyncStatus())

    def age_text(self, then: dt.datetime, now: dt.datetime) -> str:
        """ "3 phút trước" in the interface language."""
        unit, n = age_parts(then, now)
        if unit == "now":
            return self.tr("vừa xong")
        if unit == "minutes":
            return self.tr("%n phút trước", "", n)
        if unit == "hours":
            return self.tr("%n giờ trước", "", n)
        return self.tr("%n ngày trước", "", n)

    def show_status(self, status: SyncStatus, now: dt.datetime | None = None) -> None:
        """Show ``status`` (``now`` for the "minutes ago" text; the clock by default)."""
        if status.signed_in is False:
            self.online.setText(self.tr("● Chưa đăng nhập"))
            self.online.setStyleSheet("color: #8a5a00;")
        elif status.online is None:
            self.online.setText(self.tr("● Chưa rõ kết nối"))
            self.online.setStyleSheet("color: #666;")
        elif status.online:
            self.online.setText(self.tr("● Trực tuyến"))
            self.online.setStyleSheet("color: #1b6e20;")
        else:
            self.online.setText(self.tr("● Ngoại tuyến"))
            self.online.setStyleSheet("color: #b3261e;")
        self.waiting.setText(self.tr("%n hồ sơ đang chờ gửi", "", status.waiting))
        self.quarantined.setText(
            self.tr("%n bị máy chủ trả lại", "", status.quarantined) if status.quarantined else ""
        )
        self.quarantined.setVisible(bool(status.quarantined))
        if status.last_success is None:
            self.last_sync.setText(self.tr("Đồng bộ lần cuối: chưa đồng bộ"))
        else:
            age = self.age_text(status.last_success, now or utc_now())
            self.last_sync.setText(self.tr("Đồng bộ lần cuối: %1").replace("%1", age))
        self.progress.setVisible(status.progress is not None)
        if status.progress is not None:
            self.progress.setValue(int(status.progress * 100))
        self.sync_now.setEnabled(status.progress is None)
        if status.signed_in is False:
            self.sync_now.setText(self.tr("Đăng nhập để đồng bộ"))
            self.sync_now.setToolTip(self.tr("Đăng nhập máy chủ để gửi hàng đợi"))
        else:
            self.sync_now.setText(self.tr("Đồng bộ ngay"))
            self.sync_now.setToolTip(self.tr("Gửi hàng đợi và nhận cập nhật từ máy chủ ngay"))
