"""Attaching files to a dossier's document slots, off the UI thread.

Two steps per file: on the pool, a large photo is scaled down (:mod:`helper_app.ui.images`);
then on the store worker, :meth:`DossierService.attach` copies it in, encrypting it (checking
type, size and the slot). A refused file shows its reason under the slot, in the chosen
language. Thumbnails are made on the pool from the bytes the attachment store decrypts into
memory (stored files are ciphertext; nothing plain is written for a preview). A scaled-down copy
of a photo stays in memory and goes to the store as bytes: no plaintext copy touches the disk.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from helper_app.dossiers import AttachmentInfo
from helper_app.forms import Problem
from helper_app.forms.model import Severity
from helper_app.text import BilingualError
from helper_app.ui.form.documents import THUMB_SIDE, DocumentChecklist
from helper_app.ui.images import PreparedFile, make_thumbnail, prepare_for_storing
from helper_app.ui.qt import QImage, QObject, Signal
from helper_app.ui.services import Services
from helper_app.ui.tasks import TaskRunner


def refusal(slot: str, exc: BilingualError) -> Problem:
    """A refused file as a problem of its slot."""
    return Problem(
        path=f"documents.{slot}",
        code="attachment.refused",
        severity=Severity.ERROR,
        message_vi=exc.message_vi,
        message_en=exc.message_en,
    )


class AttachmentController(QObject):
    """Attaches, removes and previews the files of one dossier.

    Args:
        services: the core services.
        tasks: the task runner.
        dossier_id: the dossier.
        checklist: the checklist widget it serves.
        attachments: the dossier's files when the window opened.

    Signals:
        changed(object): the list of :class:`AttachmentInfo` after an attach or a removal.
        thumbnail_shown(str): a thumbnail is on screen (attachment id).
    """

    changed = Signal(object)
    thumbnail_shown = Signal(str)

    def __init__(
        self,
        services: Services,
        tasks: TaskRunner,
        dossier_id: str,
        checklist: DocumentChecklist,
        attachments: tuple[AttachmentInfo, ...],
    ) -> None:
        super().__init__(checklist)
        self._services = services
        self._tasks = tasks
        self._dossier_id = dossier_id
        self._checklist = checklist
        self.attachments: list[AttachmentInfo] = list(attachments)
        self.notes: dict[str, str] = {}
        checklist.files_chosen.connect(self.on_checklist_files_chosen)
        checklist.remove_requested.connect(self.on_checklist_remove_requested)
        checklist.set_attachments(self.attachments)
        for info in self.attachments:
            self._thumbnail(info)

    def on_checklist_files_chosen(self, slot: str, paths: list[Path]) -> None:
        keep = self._checklist.keep_original.isChecked()
        max_side = self._services.settings.image_max_side
        slot_widget = self._checklist.slot(slot)
        if slot_widget is not None:
            slot_widget.set_refusal([])
        for path in paths:
            self._tasks.run_io(
                partial(
                    prepare_for_storing,
                    path,
                    max_side=max_side,
                    keep_original=keep,
                ),
                done=partial(self._store, slot),
                error=partial(self._refused, slot),
                context=self,
            )

    def _store(self, slot: str, prepared: PreparedFile) -> None:
        service = self._services.dossiers
        dossier_id = self._dossier_id

        def attach() -> AttachmentInfo:
            if prepared.data is not None:
                return service.attach_bytes(dossier_id, slot, prepared.data, prepared.path.name)
            return service.attach(dossier_id, slot, prepared.path)

        self._tasks.run_db(
            attach,
            done=lambda info: self._attached(info, prepared),
            error=lambda exc: self._refused(slot, exc),
            context=self,
        )

    def _attached(self, info: AttachmentInfo, prepared: PreparedFile) -> None:
        self.attachments.append(info)
        if prepared.scaled and prepared.original_size and prepared.stored_size:
            (w0, h0), (w1, h1) = prepared.original_size, prepared.stored_size
            self.notes[info.id] = (
                self.tr("Ảnh đã thu nhỏ từ %1 xuống %2 điểm ảnh")
                .replace("%1", f"{w0}×{h0}")
                .replace("%2", f"{w1}×{h1}")
            )
        self._checklist.set_attachments(self.attachments)
        tile = self._checklist.tile(info.id)
        if tile is not None and info.id in self.notes:
            tile.setToolTip(self.notes[info.id])
        self._thumbnail(info)
        self.changed.emit(list(self.attachments))

    def _refused(self, slot: str, exc: BaseException) -> None:
        widget = self._checklist.slot(slot)
        if isinstance(exc, BilingualError) and widget is not None:
            widget.set_refusal([refusal(slot, exc)])
        else:
            self._tasks.report(exc)

    def _thumbnail(self, info: AttachmentInfo) -> None:
        if not info.mime.startswith("image/"):
            return
        files, sha = self._services.files, info.sha256
        make: Callable[[], QImage | None] = lambda: make_thumbnail(  # noqa: E731
            files.read_bytes(sha), THUMB_SIDE
        )
        self._tasks.run_io(
            make,
            done=lambda image: self._show_thumb(info.id, image),
            error=lambda exc: self._thumb_failed(info.id, exc),
            context=self,
        )

    def _thumb_failed(self, attachment_id: str, exc: BaseException) -> None:
        """A file that does not decrypt or match its hash: say so on the tile, never show it."""
        tile = self._checklist.tile(attachment_id)
        if tile is not None and isinstance(exc, BilingualError):
            tile.setToolTip(exc.message_en if self._services.language == "en" else exc.message_vi)
        elif not isinstance(exc, BilingualError):
            self._tasks.report(exc)

    def _show_thumb(self, attachment_id: str, image: QImage | None) -> None:
        tile = self._checklist.tile(attachment_id)
        if tile is not None and image is not None:
            tile.set_image(image)
            self.thumbnail_shown.emit(attachment_id)

    def on_checklist_remove_requested(self, attachment_id: str) -> None:
        service = self._services.dossiers
        dossier_id = self._dossier_id
        self._tasks.run_db(
            lambda: service.remove_attachment(dossier_id, attachment_id),
            done=lambda _none: self._removed(attachment_id),
            context=self,
        )

    def _removed(self, attachment_id: str) -> None:
        self.attachments = [a for a in self.attachments if a.id != attachment_id]
        self._checklist.set_attachments(self.attachments)
        self.changed.emit(list(self.attachments))
