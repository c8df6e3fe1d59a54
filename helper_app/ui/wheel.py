"""Combo and spin boxes that the mouse wheel changes only when they have focus.

Scrolling a form moves the pointer across dozens of dropdowns. Qt's own boxes take the wheel from
whichever one passes under it and change its value, and autosave then stores a father's
nationality the volunteer never chose. These take it only when focused (clicked or tabbed into);
otherwise they hand it to the scroll area they sit in, and the form scrolls. (Handed over
explicitly rather than ignored: Qt passes an ignored wheel event to the parent only when it came
from the window system, so an ignored one would scroll nothing in some cases.)
"""

from __future__ import annotations

from helper_app.ui.qt import (
    QAbstractScrollArea,
    QComboBox,
    QCoreApplication,
    QSpinBox,
    Qt,
    QWheelEvent,
    QWidget,
)


def _to_the_form(widget: QWidget, event: QWheelEvent) -> None:
    """Scroll the nearest scroll area around ``widget`` with ``event`` (or let it go on)."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    viewport = parent.viewport() if parent is not None else None
    if viewport is None:
        event.ignore()
        return
    QCoreApplication.sendEvent(viewport, event)
    event.accept()


class FocusWheelComboBox(QComboBox):
    """A :class:`QComboBox` that leaves the wheel to the form unless it has focus."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel no longer gives focus

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            _to_the_form(self, event)


class FocusWheelSpinBox(QSpinBox):
    """A :class:`QSpinBox` that leaves the wheel to the form unless it has focus."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            _to_the_form(self, event)
