"""The report of a CSV import: counts, every rejected row with its column and reason, then the
warnings about rows that were imported (a stored value cleared by an empty cell, a name's Ð
changed to Đ), so nothing the import changed goes unsaid."""

from __future__ import annotations

from helper_app.resident_import import ImportReport, RowIssue
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
        warnings: one line per warning (row, column, what was done); hidden when none.
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
        self.table = self._issue_table(report.rejected, self.tr("Lý do"), language)
        self.table.setObjectName("importIssues")
        layout.addWidget(self.table, 1)
        self.warnings_label = QLabel(self.tr("Lưu ý về các dòng đã nhập:"), self)
        self.warnings_label.setVisible(bool(report.warnings))
        layout.addWidget(self.warnings_label)
        self.warnings = self._issue_table(report.warnings, self.tr("Lưu ý"), language)
        self.warnings.setObjectName("importWarnings")
        layout.addWidget(self.warnings, 1)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.accept)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def _issue_table(self, issues: list[RowIssue], what: str, language: str) -> QTableWidget:
        """A read-only table of row, column and message; hidden when ``issues`` is empty."""
        table = QTableWidget(len(issues), 3, self)
        table.setHorizontalHeaderLabels([self.tr("Dòng"), self.tr("Cột"), what])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for i, issue in enumerate(issues):
            table.setItem(i, 0, QTableWidgetItem(str(issue.row)))
            table.setItem(i, 1, QTableWidgetItem(issue.column))
            table.setItem(
                i, 2, QTableWidgetItem(pick(language, issue.message_vi, issue.message_en))
            )
        table.setVisible(bool(issues))
        return table
