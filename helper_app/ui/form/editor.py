"""The form editor: sections of field widgets built from a procedure definition, kept live.

After every edit (a short pause for text boxes, at once for choices) the editor normalizes what
was typed, computes which fields are relevant (hidden fields and sections disappear), which are
required (a ``*`` follows ``required_if``), and validates the whole form with
:func:`helper_app.forms.validate`, the same code the server runs. Problems are shown under the
fields the volunteer has already touched, and under every field once "Hoàn tất" was pressed.
Validation takes about a millisecond, so it runs on the UI thread; ``last_validation_ms`` keeps
the last figure (the benchmark reads it).
"""

from __future__ import annotations

import re
import time
from collections import defaultdict

from helper_app.forms import Problem, ProcedureDefinition, normalize, relevant_paths, validate
from helper_app.forms.model import FieldType
from helper_app.forms.validate import is_required
from helper_app.residents import ResidentView, prefill_for
from helper_app.ui.form.base import FieldWidget, FormContext, ProblemLabel
from helper_app.ui.form.documents import DocumentChecklist
from helper_app.ui.form.factory import create_field_widget
from helper_app.ui.form.person_field import PersonField
from helper_app.ui.qt import QGroupBox, QTimer, QVBoxLayout, QWidget, Signal

TYPING_PAUSE_MS = 300
_TOP = re.compile(r"^([a-z][a-z0-9_]*)")


def top_id(path: str) -> str:
    """The top-level field id of a path (``members[0].dob`` -> ``members``)."""
    m = _TOP.match(path)
    return m.group(1) if m else path


class FormEditor(QWidget):
    """The editable form of one dossier.

    Args:
        definition: the procedure version the dossier pins.
        context: language, today, units, resident access.
        parent: the owning widget.

    Signals:
        edited(): the volunteer changed a value (autosave listens).
        validated(object): the list of :class:`Problem` of the latest validation.

    Attributes:
        definition: the definition the form was built from.
        widgets: top-level field id -> widget.
        sections: section id -> its group box.
        checklist: the required-documents checklist.
        problems: the problems of the latest validation.
        last_validation_ms: how long the latest refresh took.
    """

    edited = Signal()
    validated = Signal(object)

    def __init__(
        self,
        definition: ProcedureDefinition,
        context: FormContext,
        parent: QWidget | None = None,
        *,
        data: dict[str, object] | None = None,
        documents: set[str] | None = None,
    ) -> None:
        """Build the form; ``data`` and ``documents`` are shown before the one first refresh
        (each refresh validates the whole form: opening a dossier pays for it once)."""
        super().__init__(parent)
        self.definition = definition
        self.context = context
        self.widgets: dict[str, FieldWidget] = {}
        self.sections: dict[str, QGroupBox] = {}
        self.problems: list[Problem] = []
        self.last_validation_ms = 0.0
        self._touched: set[str] = set()
        self._show_all = False
        self._documents: set[str] = set()
        layout = QVBoxLayout(self)
        self.general = ProblemLabel(self)
        layout.addWidget(self.general)
        for section in definition.sections:
            box = QGroupBox(context.text(section.title_vi, section.title_en), self)
            box.setObjectName(f"section_{section.id}")
            inner = QVBoxLayout(box)
            for field in section.fields:
                widget = create_field_widget(field, context, box)
                widget.edited.connect(self.on_field_edited)
                if isinstance(widget, PersonField):
                    widget.resident_picked.connect(self.on_person_resident_picked)
                inner.addWidget(widget)
                self.widgets[field.id] = widget
            self.sections[section.id] = box
            layout.addWidget(box)
        self.checklist = DocumentChecklist(definition.documents, context, self)
        self.checklist.setVisible(bool(definition.documents))
        layout.addWidget(self.checklist)
        layout.addStretch(1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.refresh)
        if documents is not None:
            self._documents = set(documents)
        if data is not None:
            self._fill(data)
        self.refresh()

    # ----------------------------------------------------------------- data

    def data(self) -> dict[str, object]:
        """Every non-empty value, as typed (hidden fields keep theirs; validation ignores them)."""
        values = {fid: w.value() for fid, w in self.widgets.items()}
        return {k: v for k, v in values.items() if v is not None}

    def set_data(self, data: dict[str, object]) -> None:
        """Show a dossier's data (and defaults for fields it does not have)."""
        self._fill(data)
        self.refresh()

    def _fill(self, data: dict[str, object]) -> None:
        for fid, widget in self.widgets.items():
            value = data.get(fid, widget.field.default if fid not in data else None)
            widget.set_value(value)

    def set_documents(self, slots: set[str]) -> None:
        """The document slots that hold at least one file (for validation)."""
        self._documents = set(slots)
        self.refresh()

    # ----------------------------------------------------------------- reactions

    def on_field_edited(self) -> None:
        sender = self.sender()
        if isinstance(sender, FieldWidget):
            self._touched.add(top_id(sender.path))
            typing = sender.typing
        else:
            typing = True
        self.edited.emit()
        if typing:
            self._timer.start()
        else:
            self._timer.stop()
            self.refresh()

    def on_person_resident_picked(self, resident: ResidentView) -> None:
        sender = self.sender()
        if not isinstance(sender, PersonField):
            return
        values = prefill_for(resident, self.definition, field_id=sender.field.id)
        for fid, value in values.items():
            widget = self.widgets.get(fid)
            if widget is not None and widget is not sender:
                widget.set_value(value)
                self._touched.add(fid)
        self.edited.emit()
        self.refresh()

    # ----------------------------------------------------------------- validation

    def refresh(self) -> list[Problem]:
        """Recompute relevance, required markers and problems now."""
        started = time.perf_counter()
        data = normalize(self.definition, self.data())
        today = self.context.today
        relevant = relevant_paths(self.definition, data, today=today)
        self.problems = validate(
            self.definition,
            data,
            documents=self._documents,
            today=today,
            units=self.context.units,
        )
        self._apply_relevance(relevant, data)
        self._apply_problems()
        self.checklist.update_state(self.definition, data, self._documents, today)
        self.checklist.show_problems(self.problems, show_missing=self._show_all)
        self.last_validation_ms = (time.perf_counter() - started) * 1000
        self.validated.emit(self.problems)
        return self.problems

    def _apply_relevance(self, relevant: set[str], data: dict[str, object]) -> None:
        for section in self.definition.sections:
            any_shown = False
            for field in section.fields:
                widget = self.widgets[field.id]
                shown = field.id in relevant
                widget.setVisible(shown)
                any_shown |= shown
                if shown:
                    widget.set_required(is_required(field, data, today=self.context.today))
                    if field.type is FieldType.REPEAT:
                        widget.set_relevant_paths(relevant)
            self.sections[section.id].setVisible(any_shown)

    def _apply_problems(self) -> None:
        by_path: dict[str, list[Problem]] = defaultdict(list)
        for p in self.problems:
            if self._show_all or top_id(p.path) in self._touched:
                by_path[p.path].append(p)
        for fid, widget in self.widgets.items():
            widget.show_problems(by_path.get(fid, []))
            if widget.field.type is FieldType.REPEAT:
                for path, problems in by_path.items():
                    sub = widget.sub_widget(path)
                    if sub is not None:
                        sub.show_problems(problems)
                for row in getattr(widget, "rows", []):
                    for sub in row.widgets.values():
                        if sub.path not in by_path:
                            sub.show_problems([])
        self.general.show_problems(by_path.get("", []), self.context.language)

    def show_all_problems(self) -> None:
        """Show the problems of every field, touched or not (after a finalize attempt)."""
        self._show_all = True
        self.refresh()

    @property
    def blocking(self) -> list[Problem]:
        """The errors of the latest validation (what stops finalizing)."""
        return [p for p in self.problems if p.is_error]

    # ----------------------------------------------------------------- navigation

    def widget_for(self, path: str) -> QWidget | None:
        """The widget showing ``path`` (a field, a repeat sub-field, or a document slot)."""
        if path.startswith("documents."):
            return self.checklist.slot(path.split(".", 1)[1])
        widget = self.widgets.get(top_id(path))
        if widget is not None and path != widget.path:
            return widget.sub_widget(path) or widget
        return widget

    def focus_path(self, path: str) -> QWidget | None:
        """Give the focus to the field of ``path``; returns the widget to scroll to."""
        widget = self.widget_for(path)
        if isinstance(widget, FieldWidget):
            widget.focus_input()
        elif widget is not None:
            widget.setFocus()
        return widget

    def set_read_only(self, read_only: bool) -> None:
        """Lock every input (a dossier that is no longer editable)."""
        for widget in self.widgets.values():
            widget.set_read_only(read_only)
        self.checklist.set_read_only(read_only)
