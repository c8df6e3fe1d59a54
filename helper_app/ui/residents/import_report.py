"""The report of a CSV import: counts, then every rejected row with its column and reason."""

from __future__ import annotations

from helper_app.resident_import import ImportReport
from helper_app.ui.i18n import pick
from helper_app.ui.qt import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class ImportReportDialog(QDialog):
    """What an import did; rejected rows listed so the volunteer can fix the file.

    Attributes:
        summary: the counts line.
        table: one line per rejected row issue (row, column, reason).
    """

    def __init__(self, report: ImportReport, language: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Kết quả nhập tệp %1").replace("%1", report.file))
        self.resize(720, 460)
        layout = QVBoxLayout(self)
        self.summary = QLabel(
            self.tr("Đã thêm %1 cư dân, cập nhật %2, bỏ qua %3 dòng có lỗi.")
            .replace("%1", str(report.imported))
            .replace("%2", str(report.updated))
            .replace("%3", str(report.rejected_rows)),
            self,
        )
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        if report.ignored_columns:
            ignored = QLabel(
                self.tr("Các cột không dùng đến: %1").replace(
                    "%1", ", ".join(report.ignored_columns)
                ),
                self,
            )
            ignored.setWordWrap(True)
            layout.addWidget(ignored)
        self.table = QTableWidget(len(report.rejected), 3, self)
        self.table.setObjectName("importIssues")
        self.table.setHorizontalHeaderLabels([self.tr("Dòng"), self.tr("Cột"), self.tr("Lý do")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for i, issue in enumerate(report.rejected):
            self.table.setItem(i, 0, QTableWidgetItem(str(issue.row)))
            self.table.setItem(i, 1, QTableWidgetItem(issue.column))
            self.table.setItem(
                i, 2, QTableWidgetItem(pick(language, issue.message_vi, issue.message_en))
            )
        self.table.setVisible(bool(report.rejected))
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.accept)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
