"""The conflict dialog: one row per field both sides changed, "yours" and "server", or edit.

For each field the volunteer picks the value kept on this laptop ("Của bạn"), the server's
("Máy chủ"), or types another one (text values only). OK resolves on the store worker with
:func:`helper_app.sync.conflicts.resolve`, which queues the result for the server in the same
transaction; the main window then asks for a sync pass.
"""

from __future__ import annotations

import json
from typing import Any

from helper_app.forms import ProcedureDefinition
from helper_app.sync.conflicts import MISSING_MARK, Choice, OpenConflict
from helper_app.ui.i18n import pick
from helper_app.ui.qt import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)


def show_value(value: Any, empty: str) -> str:
    """A conflict value as text (lists and addresses as compact JSON)."""
    if value is None or value == MISSING_MARK or value == "":
        return empty
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


class _FieldChoice:
    """The three radio buttons (and the edit box) of one conflicting field."""

    def __init__(self, conflict: OpenConflict, group: QButtonGroup, edit: QLineEdit | None):
        self.conflict = conflict
        self.group = group
        self.edit = edit

    def choice(self) -> Choice:
        chosen = self.group.checkedId()
        if chosen == 1:
            return "server"
        if chosen == 2 and self.edit is not None:
            return ("value", self.edit.text().strip())
        return "local"


class ConflictDialog(QDialog):
    """Choose a value for every conflicting field of one dossier.

    Args:
        definition: the dossier's procedure version (field labels).
        conflicts: the open conflicts of that dossier.
        language: ``vi`` or ``en``.
        parent: the main window.

    Attributes:
        rows: field path -> its choice widgets.
        buttons: OK / Cancel.
    """

    def __init__(
        self,
        definition: ProcedureDefinition,
        conflicts: list[OpenConflict],
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.dossier_id = conflicts[0].dossier_id if conflicts else ""
        self.setWindowTitle(self.tr("Giải quyết xung đột"))
        self.resize(820, 420)
        labels = {f.id: pick(language, f.label_vi, f.label_en) for f in definition.iter_fields()}
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Các trường dưới đây đã được sửa ở máy này và cả trên máy chủ. Với mỗi trường, "
                "hãy chọn giá trị đúng (hoặc nhập giá trị khác). Kết quả sẽ được gửi lên máy chủ."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        body = QWidget(self)
        grid = QGridLayout(body)
        for col, title in enumerate(
            (self.tr("Trường"), self.tr("Của bạn"), self.tr("Máy chủ"), self.tr("Giá trị khác"))
        ):
            head = QLabel(f"<b>{title}</b>", body)
            grid.addWidget(head, 0, col)
        empty = self.tr("(trống)")
        self.rows: dict[str, _FieldChoice] = {}
        for row, conflict in enumerate(conflicts, start=1):
            name = QLabel(labels.get(conflict.path.split("[")[0], conflict.path), body)
            name.setWordWrap(True)
            group = QButtonGroup(self)
            mine = QRadioButton(show_value(conflict.local, empty), body)
            mine.setObjectName(f"local_{conflict.path}")
            theirs = QRadioButton(show_value(conflict.server, empty), body)
            theirs.setObjectName(f"server_{conflict.path}")
            group.addButton(mine, 0)
            group.addButton(theirs, 1)
            mine.setChecked(True)
            edit: QLineEdit | None = None
            cell: QWidget
            if isinstance(conflict.local, str | int | float | type(None)):
                other = QRadioButton(body)
                other.setObjectName(f"edit_{conflict.path}")
                group.addButton(other, 2)
                edit = QLineEdit(show_value(conflict.local, ""), body)
                edit.setObjectName(f"value_{conflict.path}")
                edit.textEdited.connect(lambda _t, b=other: b.setChecked(True))
                cell = QWidget(body)
                line = QGridLayout(cell)
                line.setContentsMargins(0, 0, 0, 0)
                line.addWidget(other, 0, 0)
                line.addWidget(edit, 0, 1)
            else:
                cell = QLabel("—", body)
            grid.addWidget(name, row, 0)
            grid.addWidget(mine, row, 1)
            grid.addWidget(theirs, row, 2)
            grid.addWidget(cell, row, 3)
            self.rows[conflict.path] = _FieldChoice(conflict, group, edit)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(3, 1)
        grid.setRowStretch(len(conflicts) + 1, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Lưu lựa chọn và gửi")
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Huỷ"))
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def choices(self) -> dict[str, Choice]:
        """The choice for every field (what :func:`resolve` takes)."""
        return {path: row.choice() for path, row in self.rows.items()}
