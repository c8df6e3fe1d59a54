"""The required-documents checklist: one slot per document of the procedure, with its files.

Each slot says whether it is required for this dossier (``required`` or ``required_if`` on the
visible data), shows its files (image thumbnails, a "PDF" tile otherwise), and takes new files
from a file dialog or by drag and drop onto the slot. The checklist only reports what the
volunteer asked for (``files_chosen``, ``remove_requested``); the dossier window does the work
in the background and hands back attachments, thumbnails and refusals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from helper_app.dossiers import AttachmentInfo
from helper_app.forms import Problem, ProcedureDefinition
from helper_app.forms.condition_eval import holds
from helper_app.forms.model import RequiredDocument
from helper_app.forms.validate import visible_data
from helper_app.ui.form.base import FormContext, ProblemLabel
from helper_app.ui.qt import (
    QCheckBox,
    QDragEnterEvent,
    QDropEvent,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QImage,
    QLabel,
    QPixmap,
    QPushButton,
    Qt,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)

THUMB_SIDE = 96


class FileTile(QFrame):
    """One attached file: thumbnail (or type), name, remove button."""

    def __init__(self, info: AttachmentInfo, parent: QWidget) -> None:
        super().__init__(parent)
        self.info = info
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.thumb = QLabel(self)
        self.thumb.setFixedSize(THUMB_SIDE, THUMB_SIDE)
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumb.setText("PDF" if info.mime == "application/pdf" else "…")
        self.thumb.setStyleSheet("background: #eef1f5; color: #445; font-weight: bold;")
        name = info.filename if len(info.filename) <= 18 else info.filename[:15] + "…"
        caption = QLabel(name, self)
        caption.setToolTip(f"{info.filename} ({info.size // 1024} KB)")
        self.remove = QToolButton(self)
        self.remove.setText("✕")
        self.remove.setToolTip(self.tr("Gỡ tệp này"))
        row = QHBoxLayout()
        row.addWidget(caption, 1)
        row.addWidget(self.remove)
        layout.addWidget(self.thumb)
        layout.addLayout(row)

    def set_image(self, image: QImage) -> None:
        """Show the thumbnail (made in a worker; QPixmap only here, on the UI thread)."""
        self.thumb.setPixmap(QPixmap.fromImage(image))


class DocumentSlot(QFrame):
    """One document of the procedure: label, required marker, files, attach button, drops.

    Signals:
        files_chosen(str, object): slot id and the list of file paths to attach.
        remove_requested(str): the attachment id to remove.
    """

    files_chosen = Signal(str, object)
    remove_requested = Signal(str)

    def __init__(self, doc: RequiredDocument, context: FormContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.doc = doc
        self.context = context
        self.required = doc.required
        self.tiles: dict[str, FileTile] = {}
        self.setObjectName(f"slot_{doc.id}")
        self.setAcceptDrops(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        help_text = context.text(doc.help_vi or "", doc.help_en)
        if help_text:
            self.title.setToolTip(help_text)
        self.state = QLabel(self)
        self.attach = QPushButton(self.tr("Đính kèm…"), self)
        self.attach.setObjectName(f"attach_{doc.id}")
        self.attach.setToolTip(self.tr("Chọn tệp ảnh hoặc PDF, hoặc kéo thả tệp vào đây"))
        self.attach.clicked.connect(self.on_attach_clicked)
        head.addWidget(self.title, 1)
        head.addWidget(self.state)
        head.addWidget(self.attach)
        layout.addLayout(head)
        self.files = QHBoxLayout()
        self.files.addStretch(1)
        layout.addLayout(self.files)
        self.problems = ProblemLabel(self)
        layout.addWidget(self.problems)
        self._refusal: list[Problem] = []
        self._missing: list[Problem] = []
        self._render()

    def _render(self) -> None:
        label = self.context.text(self.doc.label_vi, self.doc.label_en)
        self.title.setText(label + (" *" if self.required else ""))
        if self.tiles:
            self.state.setText(self.tr("✓ đã có tệp"))
            self.state.setStyleSheet("color: #1b6e20;")
        else:
            self.state.setText(self.tr("bắt buộc, chưa có tệp") if self.required else "")
            self.state.setStyleSheet("color: #b3261e;" if self.required else "")

    def set_required(self, required: bool) -> None:
        """Show whether this dossier needs the document."""
        self.required = required
        self._render()

    def on_attach_clicked(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Chọn tệp đính kèm"),
            str(Path.home()),
            self.tr("Ảnh hoặc PDF (*.jpg *.jpeg *.png *.webp *.heic *.pdf);;Tất cả (*)"),
        )
        if names:
            self.files_chosen.emit(self.doc.id, [Path(n) for n in names])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if self.attach.isEnabled() and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.files_chosen.emit(self.doc.id, paths)
            event.acceptProposedAction()

    def set_files(self, attachments: Sequence[AttachmentInfo]) -> None:
        """Show exactly these files (rebuilding the tiles that changed)."""
        wanted = {a.id: a for a in attachments}
        for att_id in [k for k in self.tiles if k not in wanted]:
            tile = self.tiles.pop(att_id)
            tile.setParent(None)
            tile.deleteLater()
        for att_id, info in wanted.items():
            if att_id not in self.tiles:
                tile = FileTile(info, self)
                tile.remove.clicked.connect(lambda _=False, a=att_id: self.remove_requested.emit(a))
                tile.remove.setEnabled(self.attach.isEnabled())
                self.files.insertWidget(self.files.count() - 1, tile)
                self.tiles[att_id] = tile
        self._render()

    def set_refusal(self, problems: list[Problem]) -> None:
        """Show why files were refused (until the next successful attach)."""
        self._refusal = problems
        self._show()

    def set_missing(self, problems: list[Problem]) -> None:
        """Show the validation problems of this slot (a missing required document)."""
        self._missing = problems
        self._show()

    def _show(self) -> None:
        self.problems.show_problems(self._refusal + self._missing, self.context.language)

    def set_read_only(self, read_only: bool) -> None:
        """Lock attaching and removing."""
        self.attach.setEnabled(not read_only)
        for tile in self.tiles.values():
            tile.remove.setEnabled(not read_only)


class DocumentChecklist(QGroupBox):
    """Every document slot of the procedure, plus the "keep the original photo" choice.

    Signals:
        files_chosen(str, object): slot id and the list of file paths to attach.
        remove_requested(str): the attachment id to remove.

    Attributes:
        keep_original: ticked = store photos as they are, without scaling them down.
    """

    files_chosen = Signal(str, object)
    remove_requested = Signal(str)

    def __init__(
        self, documents: Sequence[RequiredDocument], context: FormContext, parent: QWidget
    ) -> None:
        super().__init__(self.tr("Giấy tờ cần nộp"), parent)
        self.context = context
        layout = QVBoxLayout(self)
        self.keep_original = QCheckBox(self.tr("Giữ bản gốc (không thu nhỏ ảnh chụp)"), self)
        layout.addWidget(self.keep_original)
        self._slots: dict[str, DocumentSlot] = {}
        for doc in documents:
            slot = DocumentSlot(doc, context, self)
            slot.files_chosen.connect(self.files_chosen)
            slot.remove_requested.connect(self.remove_requested)
            layout.addWidget(slot)
            self._slots[doc.id] = slot

    def slot(self, slot_id: str) -> DocumentSlot | None:
        """The widget of one slot."""
        return self._slots.get(slot_id)

    def update_state(
        self,
        definition: ProcedureDefinition,
        data: dict[str, object],
        documents: set[str],
        today: dt.date,
    ) -> None:
        """Required markers from the visible data; hide conditional slots that do not apply."""
        seen = visible_data(definition, data, today=today)
        for doc in definition.documents:
            slot = self._slots[doc.id]
            applies = doc.required_if is None or holds(doc.required_if, seen, today=today)
            slot.set_required(doc.required or (doc.required_if is not None and applies))
            slot.setVisible(applies or doc.id in documents or bool(slot.tiles))

    def show_problems(self, problems: list[Problem], *, show_missing: bool) -> None:
        """Hand each slot its ``documents.<slot>`` problems (shown after a finalize attempt)."""
        for slot_id, slot in self._slots.items():
            mine = [p for p in problems if p.path == f"documents.{slot_id}"]
            slot.set_missing(mine if show_missing else [])

    def set_attachments(self, attachments: Sequence[AttachmentInfo]) -> None:
        """Show the dossier's files in their slots."""
        for slot_id, slot in self._slots.items():
            slot.set_files([a for a in attachments if a.slot == slot_id])

    def tile(self, attachment_id: str) -> FileTile | None:
        """The tile of one attachment."""
        for slot in self._slots.values():
            if attachment_id in slot.tiles:
                return slot.tiles[attachment_id]
        return None

    def set_read_only(self, read_only: bool) -> None:
        """Lock every slot."""
        self.keep_original.setEnabled(not read_only)
        for slot in self._slots.values():
            slot.set_read_only(read_only)
