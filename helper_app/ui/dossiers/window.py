"""The dossier window: the form, its documents, autosave, "Hoàn tất", history and messages.

Autosave: every edit restarts a short timer; when it fires, the fields whose canonical value
changed since the last save are written with :meth:`DossierService.update_fields` on the store
worker, and the bar says "Đã lưu lúc 14:32". Saves never overlap (a save requested while one
runs is done right after it). "Hoàn tất" saves first, then finalizes; if validation blocks,
every problem is listed and a click jumps to its field. A dossier whose status does not allow
editing opens read-only, with a banner that says why. A supplement request lists the fields and
documents the official named (each jumping to its place) and opens at the first of them. The
receipt code shows in the header once the ward has received the dossier; "In phiếu" / "Lưu phiếu
PDF" make the resident's slip (:mod:`helper_app.ui.receipt`). After a sync pass the window
reloads itself unless it holds unsaved edits.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from helper_app.dossiers import VIETNAM_TZ, DossierView, FinalizeBlocked
from helper_app.forms import Problem
from helper_app.forms.model import FieldDef
from helper_app.forms.normalize import normalize_value
from helper_app.sync.lifecycle import EDITABLE_ON_CLIENT, DossierStatus
from helper_app.ui.dossiers.attach import AttachmentController
from helper_app.ui.dossiers.consent_box import ConsentBox
from helper_app.ui.dossiers.queries import history
from helper_app.ui.dossiers.side_panel import SidePanel
from helper_app.ui.form.base import FormContext
from helper_app.ui.form.communes import CommuneModels
from helper_app.ui.form.editor import FormEditor, top_id
from helper_app.ui.labels import status_label
from helper_app.ui.qt import (
    QCloseEvent,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from helper_app.ui.receipt import print_receipt, receipt_content, save_pdf
from helper_app.ui.residents.picker import ResidentAccess
from helper_app.ui.services import Services
from helper_app.ui.tasks import TaskRunner

AUTOSAVE_PAUSE_MS = 800
_PATH_ROLE = Qt.ItemDataRole.UserRole
_BANNER_INFO = "background: #e8f0fe; border: 1px solid #9ab; padding: 6px;"
_BANNER_WARN = "background: #fff4e5; border: 1px solid #e0a050; padding: 6px;"


class DossierWindow(QWidget):
    """One open dossier.

    Args:
        services: the core services.
        tasks: the task runner.
        view: the dossier as loaded.
        parent: None (a top-level window) or a widget.
        communes: the commune list shared by the app's forms (one of its own by default).

    Signals:
        saved(object): a save or finalize stored this :class:`DossierView`.
        finalize_blocked(object): finalizing was refused; the list of problems.
        closed(): the window was closed (pending edits were handed to the store worker).

    Attributes:
        editor: the form.
        view: the dossier as last stored.
    """

    saved = Signal(object)
    finalize_blocked = Signal(object)
    closed = Signal()

    def __init__(
        self,
        services: Services,
        tasks: TaskRunner,
        view: DossierView,
        parent: QWidget | None = None,
        *,
        communes: CommuneModels | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._services = services
        self._tasks = tasks
        self.view = view
        self.definition = services.catalog.get(view.procedure, view.form_version)
        self.residents = ResidentAccess(services, tasks)
        pick, lookup = self.residents.callbacks()
        context = FormContext(
            language=services.language,
            today=services.today(),
            units=services.units,
            pick_resident=pick,
            lookup_resident=lookup,
            communes=communes or CommuneModels(),
        )
        self.setWindowTitle(context.text(self.definition.title_vi, self.definition.title_en))
        self.resize(1100, 800)
        self.editor = FormEditor(
            self.definition,
            context,
            self,
            data=dict(view.data),
            documents={a.slot for a in view.attachments},
        )
        self.attachments = AttachmentController(
            services, tasks, view.id, self.editor.checklist, view.attachments
        )
        self.attachments.changed.connect(self.on_attachments_changed)
        self._saved: dict[str, object] = dict(view.data)
        self._saving = False
        self._again = False
        self._after_save: list[Callable[[], None]] = []
        self._build(context)
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_PAUSE_MS)
        self._autosave.timeout.connect(self.save)
        self.editor.edited.connect(self.on_editor_edited)
        self._apply_status(view)
        self.load_history()

    def _build(self, context: FormContext) -> None:
        layout = QVBoxLayout(self)
        title = QLabel(context.text(self.definition.title_vi, self.definition.title_en), self)
        title.setWordWrap(True)
        title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.status = QLabel(self)
        self.status.setObjectName("statusChip")
        self.receipt_code = QLabel(self)
        self.receipt_code.setObjectName("receiptCode")
        self.receipt_code.setStyleSheet("font-weight: bold; color: #1b6e20;")
        self.receipt_code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head = QHBoxLayout()
        head.addWidget(title, 1)
        head.addWidget(self.receipt_code)
        head.addWidget(self.status)
        layout.addLayout(head)
        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setTextFormat(Qt.TextFormat.PlainText)  # may quote the official's message
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        layout.addWidget(self.banner)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.editor)
        self.side = SidePanel(self)
        self.side.set_message(self.view.last_message)
        splitter = QSplitter(self)
        splitter.addWidget(self.scroll_area)
        splitter.addWidget(self.side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([780, 300])
        layout.addWidget(splitter, 1)
        self._blocked_title = self.tr(
            "Chưa hoàn tất được. Còn những điểm sau (bấm để đến ô cần sửa):"
        )
        self.blockers_title = QLabel(self._blocked_title, self)
        self.blockers_title.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.blockers = QListWidget(self)
        self.blockers.setObjectName("blockers")
        self.blockers.setMaximumHeight(150)
        self.blockers.itemClicked.connect(self.on_blockers_itemClicked)
        self.blockers.itemActivated.connect(self.on_blockers_itemClicked)
        for w in (self.blockers_title, self.blockers):
            w.setVisible(False)
            layout.addWidget(w)
        self.consent = ConsentBox(self._services.language, self)
        self.consent.consent_given.connect(self.on_consent_consent_given)
        layout.addWidget(self.consent)
        bar = QHBoxLayout()
        self.save_state = QLabel(self)
        self.save_state.setObjectName("saveState")
        self.finalize_button = QPushButton(self.tr("Hoàn tất"), self)
        self.finalize_button.setObjectName("finalize")
        self.finalize_button.setToolTip(self.tr("Kiểm tra hồ sơ và đưa vào hàng đợi gửi đi"))
        self.finalize_button.clicked.connect(self.on_finalize_button_clicked)
        self.print_button = QPushButton(self.tr("In phiếu cho người dân"), self)
        self.print_button.setObjectName("printReceipt")
        self.print_button.clicked.connect(self.on_print_button_clicked)
        self.pdf_button = QPushButton(self.tr("Lưu phiếu PDF…"), self)
        self.pdf_button.setObjectName("saveReceipt")
        self.pdf_button.clicked.connect(self.on_pdf_button_clicked)
        bar.addWidget(self.save_state, 1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.finalize_button)
        layout.addLayout(bar)

    # ----------------------------------------------------------------- status

    @property
    def editable(self) -> bool:
        """True when this dossier's status allows editing on the laptop."""
        return self.view.status in EDITABLE_ON_CLIENT

    def _apply_status(self, view: DossierView) -> None:
        self.view = view
        self.status.setText(status_label(view.status))
        self.editor.set_read_only(not self.editable)
        self.finalize_button.setVisible(self.editable)
        self.finalize_button.setEnabled(view.status != DossierStatus.QUEUED)
        banner, style = self._banner_text(view)
        self.banner.setText(banner)
        self.banner.setStyleSheet(style)
        self.banner.setVisible(bool(banner))
        self.receipt_code.setText(
            self.tr("Mã biên nhận: %1").replace("%1", view.receipt_code)
            if view.receipt_code
            else ""
        )
        self.receipt_code.setVisible(bool(view.receipt_code))
        self.consent.show_view(view, self.editable)
        has_slip = view.status != DossierStatus.DRAFT
        self.print_button.setVisible(has_slip)
        self.pdf_button.setVisible(has_slip)
        self.side.set_message(view.last_message)
        self._show_checklist(view)

    def _banner_text(self, view: DossierView) -> tuple[str, str]:
        if view.status == DossierStatus.SUPPLEMENT_REQUESTED:
            text = self.tr("Cán bộ yêu cầu bổ sung hồ sơ.")
            if view.last_message:
                text += " " + self.tr("Lời nhắn: «%1»").replace("%1", view.last_message)
            return text, _BANNER_WARN
        if view.status == DossierStatus.QUEUED:
            return (
                self.tr(
                    "Hồ sơ đã hoàn tất và đang chờ gửi khi có mạng. Nếu sửa, hồ sơ sẽ quay lại "
                    "trạng thái nháp và cần bấm «Hoàn tất» lại."
                ),
                _BANNER_INFO,
            )
        if not self.editable:
            return (
                self.tr(
                    "Hồ sơ ở trạng thái «%1» nên chỉ xem được, không sửa được trên máy này. "
                    "Chỉ sửa được hồ sơ nháp, chờ gửi hoặc được yêu cầu bổ sung."
                ).replace("%1", status_label(view.status)),
                _BANNER_WARN,
            )
        return "", ""

    def checklist_paths(self, view: DossierView) -> list[str]:
        """The official's checklist as editor paths (document slot ids become ``documents.x``)."""
        slots = {d.id for d in self.definition.documents}
        paths = []
        for item in view.official_checklist:
            item = item.strip()
            if item in slots:
                paths.append(f"documents.{item}")
            elif item:
                paths.append(item)
        return paths

    def _show_checklist(self, view: DossierView) -> None:
        paths = self.checklist_paths(view)
        if view.status != DossierStatus.SUPPLEMENT_REQUESTED or not paths:
            return
        self.blockers_title.setText(
            self.tr("Cán bộ yêu cầu sửa hoặc bổ sung những mục sau (bấm để đến mục đó):")
        )
        self.blockers_title.setStyleSheet("color: #8a5a00; font-weight: bold;")
        self.blockers.clear()
        for path in paths:
            item = QListWidgetItem("➜ " + self.path_label(path), self.blockers)
            item.setData(_PATH_ROLE, path)
        self.blockers.setVisible(True)
        self.blockers_title.setVisible(True)
        self.blockers.setCurrentRow(0)
        QTimer.singleShot(0, lambda: self.on_blockers_itemClicked(self.blockers.item(0)))

    def reload(self) -> None:
        """Re-read the dossier after a sync pass (skipped while edits are not yet stored)."""
        if self.dirty:
            return
        service, dossier_id = self._services.dossiers, self.view.id
        self._tasks.run_db(lambda: service.get(dossier_id), done=self._on_reloaded, context=self)

    def _on_reloaded(self, view: DossierView) -> None:
        if self.dirty or view == self.view:
            return
        if view.data != self.view.data:
            self.editor.set_data(dict(view.data))
            self._saved = dict(view.data)
        self._apply_status(view)
        self.load_history()

    def on_consent_consent_given(self) -> None:
        service, dossier_id = self._services.dossiers, self.view.id
        self._tasks.run_db(
            lambda: service.record_consent(
                dossier_id, help_accepted=True, processing_accepted=True
            ),
            done=self._apply_status,
            context=self,
        )

    # ----------------------------------------------------------------- receipt

    def save_receipt_pdf(self, path: Path) -> Path:
        """Write the resident's slip of this dossier as it is now."""
        content = receipt_content(self.view, self.definition, self._services.language)
        return save_pdf(content, path)

    def on_pdf_button_clicked(self) -> None:
        suggested = f"phieu-{self.view.receipt_code or self.view.id[:8]}.pdf"
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Lưu phiếu PDF"), suggested, self.tr("Tệp PDF (*.pdf)")
        )
        if name:
            self.save_receipt_pdf(Path(name))
            self.save_state.setText(self.tr("Đã lưu phiếu: %1").replace("%1", name))

    def on_print_button_clicked(self) -> None:
        content = receipt_content(self.view, self.definition, self._services.language)
        print_receipt(content, self)

    # ----------------------------------------------------------------- autosave

    def on_editor_edited(self) -> None:
        if self.editable:
            self.save_state.setText(self.tr("Có thay đổi chưa lưu…"))
            self._autosave.start()

    def _changes(self) -> dict[str, object]:
        fields: dict[str, FieldDef] = {f.id: f for f in self.definition.iter_fields()}
        current = self.editor.data()
        changes: dict[str, object] = {}
        for fid, field in fields.items():
            new, old = current.get(fid), self._saved.get(fid)
            if new is None and old is None:
                continue
            if (
                new is None
                or old is None
                or normalize_value(field, new) != normalize_value(field, old)
            ):
                changes[fid] = new
        return changes

    @property
    def dirty(self) -> bool:
        """True while edits are not yet stored."""
        return self._autosave.isActive() or self._saving or bool(self._changes())

    def save(self, then: Callable[[], None] | None = None) -> None:
        """Store the changed fields now (then call ``then``, on success)."""
        self._autosave.stop()
        if then is not None:
            self._after_save.append(then)
        if self._saving:
            self._again = True
            return
        changes = self._changes()
        if not changes or not self.editable:
            self._run_after_save()
            return
        self._saving = True
        self.save_state.setText(self.tr("Đang lưu…"))
        service, dossier_id = self._services.dossiers, self.view.id
        self._tasks.run_db(
            lambda: service.update_fields(dossier_id, changes),
            done=self._on_saved,
            error=self._on_save_failed,
            context=self,
        )

    def _on_saved(self, view: DossierView) -> None:
        self._saving = False
        self._saved = dict(view.data)
        when = view.updated_at.astimezone(VIETNAM_TZ).strftime("%H:%M")
        self.save_state.setText(self.tr("Đã lưu lúc %1").replace("%1", when))
        if view.status != self.view.status:
            self._apply_status(view)
        self.view = view
        self.saved.emit(view)
        if self._again:
            self._again = False
            self.save()
        else:
            self._run_after_save()

    def _on_save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self._after_save.clear()
        self.save_state.setText(self.tr("Chưa lưu được"))
        self._tasks.report(exc)

    def _run_after_save(self) -> None:
        pending, self._after_save = self._after_save, []
        for callback in pending:
            callback()

    # ----------------------------------------------------------------- finalize

    def on_finalize_button_clicked(self) -> None:
        self.finalize_button.setEnabled(False)
        self.save(then=self._finalize)

    def _finalize(self) -> None:
        service, dossier_id = self._services.dossiers, self.view.id
        self._tasks.run_db(
            lambda: service.finalize(dossier_id),
            done=self._on_finalized,
            error=self._on_finalize_failed,
            context=self,
        )

    def _on_finalized(self, view: DossierView) -> None:
        self._saved = dict(view.data)
        self.blockers.clear()
        self.blockers.setVisible(False)
        self.blockers_title.setVisible(False)
        self._apply_status(view)
        self.save_state.setText(self.tr("Đã hoàn tất, chờ gửi"))
        self.saved.emit(view)
        self.load_history()

    def _on_finalize_failed(self, exc: BaseException) -> None:
        self.finalize_button.setEnabled(True)
        if not isinstance(exc, FinalizeBlocked):
            self._tasks.report(exc)
            return
        self.editor.show_all_problems()
        self.show_blockers(exc.problems)
        self.finalize_blocked.emit(exc.problems)

    def show_blockers(self, problems: list[Problem]) -> None:
        """List what stops finalizing (errors first, then warnings), each jumping to its field."""
        self.blockers_title.setText(self._blocked_title)
        self.blockers_title.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.blockers.clear()
        ordered = [p for p in problems if p.is_error] + [p for p in problems if not p.is_error]
        context = self.editor.context
        for p in ordered:
            marker = "✗" if p.is_error else "⚠"
            text = f"{marker} {self.path_label(p.path)}: {context.text(p.message_vi, p.message_en)}"
            item = QListWidgetItem(text, self.blockers)
            item.setData(_PATH_ROLE, p.path)
        self.blockers.setVisible(True)
        self.blockers_title.setVisible(True)

    def path_label(self, path: str) -> str:
        """The label of the field (or document) a problem path names."""
        context = self.editor.context
        if path.startswith("documents."):
            slot = path.split(".", 1)[1]
            doc = next((d for d in self.definition.documents if d.id == slot), None)
            return context.text(doc.label_vi, doc.label_en) if doc else slot
        widget = self.editor.widgets.get(top_id(path))
        if widget is None:
            return self.tr("Hồ sơ")
        label = widget.label_text()
        sub = self.editor.widget_for(path)
        if sub is not None and sub is not widget and hasattr(sub, "label_text"):
            index = path[len(top_id(path)) :].split("]")[0].lstrip("[")
            label += f" #{int(index) + 1}: " + sub.label_text() if index.isdigit() else ""
        return label

    def on_blockers_itemClicked(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        widget = self.editor.focus_path(str(item.data(_PATH_ROLE)))
        if widget is not None:
            self.scroll_area.ensureWidgetVisible(widget)

    # ----------------------------------------------------------------- attachments, history

    def on_attachments_changed(self, attachments: list[object]) -> None:
        self.editor.set_documents({a.slot for a in self.attachments.attachments})
        self.load_history()

    def load_history(self) -> None:
        """Read the audit trail in the background and show it."""
        store, dossier_id = self._services.store, self.view.id
        self._tasks.run_db(
            lambda: history(store, dossier_id), done=self.side.set_history, context=self
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.editable and (self._autosave.isActive() or self._changes()):
            self.save()
        self._autosave.stop()
        self.closed.emit()
        super().closeEvent(event)
