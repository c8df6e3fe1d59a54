"""The contract every field widget follows, and what the editor hands to each of them.

A field widget shows its label (with a ``*`` while the field is required), its input and, under
it, the problems of its path. It reports edits with ``edited`` and never validates by itself:
validation is done for the whole form by :func:`helper_app.forms.validate` (one source of truth
with the server), and the editor hands each widget the problems of its path.

Values: ``value()`` returns what the draft stores, as typed (``normalize`` canonicalizes at
finalize); ``None`` means empty. ``set_value()`` accepts both typed and canonical values (a
finalized dossier holds ISO dates) and never emits ``edited``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from helper_app.forms import Problem, UnitDirectory
from helper_app.forms.model import FieldDef
from helper_app.residents import ResidentView
from helper_app.ui.form.communes import CommuneModels
from helper_app.ui.i18n import pick
from helper_app.ui.qt import QLabel, QVBoxLayout, QWidget, Signal

ResidentCallback = Callable[[ResidentView | None], None]


@dataclass
class FormContext:
    """What field widgets need from outside the form.

    Attributes:
        language: ``vi`` or ``en`` (labels and problem messages).
        today: the date rules compare against.
        units: administrative units for the address widgets.
        pick_resident: opens the resident picker for a widget and calls back with the choice.
        lookup_resident: fetches a resident by id (asynchronously) and calls back.
        communes: the commune list the address widgets share (pass the window's one, so it is
            built once for every form; a context of its own builds its own).
    """

    language: str
    today: dt.date
    units: UnitDirectory
    pick_resident: Callable[[QWidget, ResidentCallback], None] | None = None
    lookup_resident: Callable[[str, ResidentCallback], None] | None = None
    communes: CommuneModels = field(default_factory=CommuneModels)

    def text(self, vi: str, en: str | None) -> str:
        """Data text (labels, messages) in the chosen language."""
        return pick(self.language, vi, en)


ERROR_STYLE = "color: #b3261e;"
WARNING_STYLE = "color: #8a5300;"


class ProblemLabel(QLabel):
    """The problems of one path, shown under its input (errors red, warnings amber)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setVisible(False)
        self.setObjectName("problems")

    def show_problems(self, problems: list[Problem], language: str) -> None:
        """Show ``problems`` (hide the label when there are none)."""
        if not problems:
            self.clear()
            self.setVisible(False)
            return
        lines = [pick(language, p.message_vi, p.message_en) for p in problems]
        self.setText("\n".join(lines))
        self.setStyleSheet(ERROR_STYLE if any(p.is_error for p in problems) else WARNING_STYLE)
        self.setVisible(True)


class FieldWidget(QWidget):
    """Base of every field widget: label on top, input, problems underneath.

    Args:
        field: the field definition.
        context: language, today, units, resident access.
        parent: the owning widget.

    Signals:
        edited(): the user changed the value.

    Attributes:
        field: the definition this widget edits.
        path: the data path (``members[1].dob`` inside a repeat).
    """

    edited = Signal()
    typing = True
    """True for text boxes: the editor waits for a pause before validating them."""

    def __init__(
        self, field: FieldDef, context: FormContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.field = field
        self.path = field.id
        self.context = context
        self._required = False
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 4, 0, 4)
        self._layout.setSpacing(3)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setObjectName("fieldTitle")
        help_text = context.text(field.help_vi or "", field.help_en)
        if help_text:
            self.title.setToolTip(help_text)
        self._layout.addWidget(self.title)
        self.problems = ProblemLabel(self)
        self._render_title()

    def add_input(self, widget: QWidget) -> None:
        """Place the input between the title and the problems (subclasses call it once)."""
        self._layout.addWidget(widget)
        self._layout.addWidget(self.problems)

    def label_text(self) -> str:
        """The field's label in the chosen language."""
        return self.context.text(self.field.label_vi, self.field.label_en)

    def _render_title(self) -> None:
        mark = " *" if self._required else ""
        self.title.setText(self.label_text() + mark)

    def set_required(self, required: bool) -> None:
        """Show or remove the required marker."""
        if required != self._required:
            self._required = required
            self._render_title()

    def set_path(self, path: str) -> None:
        """Set the data path (repeat rows renumber their items)."""
        self.path = path

    def value(self) -> object:
        """What the draft stores for this field (None when empty)."""
        raise NotImplementedError

    def set_value(self, value: object) -> None:
        """Show ``value`` without emitting ``edited``."""
        raise NotImplementedError

    def focus_input(self) -> None:
        """Give the keyboard focus to the input (the "jump to field" of the blockers list)."""
        self.setFocus()

    def set_read_only(self, read_only: bool) -> None:
        """Lock or unlock the input."""
        self.setEnabled(not read_only)

    def show_problems(self, problems: list[Problem]) -> None:
        """Show the problems whose path is this field's."""
        self.problems.show_problems(problems, self.context.language)

    def problem_text(self) -> str:
        """The problems shown (tests and screenshots read it)."""
        return self.problems.text() if self.problems.isVisible() else ""

    def set_relevant_paths(self, paths: set[str]) -> None:
        """Repeat widgets show/hide their sub-fields; plain fields have nothing to do."""

    def sub_widget(self, path: str) -> FieldWidget | None:
        """The widget of a nested path (repeat rows); None for plain fields."""
        return None
