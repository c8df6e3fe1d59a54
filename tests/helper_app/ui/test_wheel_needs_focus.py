"""Scrolling the form with the mouse wheel never changes a dropdown it passes over (issue 14 #3).

It used to: a father's nationality went Việt Nam -> Hàn Quốc -> Không quốc tịch while the
volunteer scrolled, and autosave stored each. Now a combo box takes the wheel only when it has
focus; otherwise the wheel scrolls the form. Real window, real wheel events through Qt's event
delivery (which hands an ignored wheel event to the parent, as a real mouse does).
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPointF

from helper_app.ui.app import UiRuntime
from helper_app.ui.dossiers.window import DossierWindow
from helper_app.ui.form.choice_fields import SelectField
from helper_app.ui.form.text_fields import LineField
from helper_app.ui.qt import QApplication, QComboBox, QPoint, Qt, QWheelEvent
from tests.helpers.ui import field_widget, wait_idle

pytestmark = pytest.mark.gui


def _wheel_down(widget: QComboBox) -> None:
    """One notch of the wheel, down, with the pointer in the middle of ``widget``."""
    inside = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        inside,
        QPointF(widget.mapToGlobal(inside.toPoint())),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def _open(ui: UiRuntime, qtbot: Any) -> tuple[DossierWindow, SelectField]:
    window = ui.window.show_dossier(ui.services.dossiers.create_draft("birth_registration"))
    qtbot.waitExposed(window)
    wait_idle(qtbot, ui)
    selects = [
        w
        for w in window.editor.widgets.values()
        if isinstance(w, SelectField) and w.combo.isVisibleTo(window)
    ]
    assert selects, "the birth registration has a visible dropdown"
    return window, selects[0]


def test_the_wheel_over_an_unfocused_dropdown_scrolls_the_form(ui: UiRuntime, qtbot: Any) -> None:
    window, field = _open(ui, qtbot)
    # the volunteer was typing a name, then scrolls down with the pointer over the dropdown
    name = field_widget(window.editor, "child_full_name", LineField).line
    window.activateWindow()
    name.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(name.hasFocus, timeout=3000)
    bar = window.scroll_area.verticalScrollBar()
    assert bar is not None and bar.maximum() > 0, "the form is taller than its window"
    before_index, before_scroll = field.combo.currentIndex(), bar.value()
    for _ in range(3):
        _wheel_down(field.combo)
    assert field.combo.currentIndex() == before_index
    assert bar.value() > before_scroll
    wait_idle(qtbot, ui)
    stored = ui.services.dossiers.get(window.view.id).data
    assert stored.get(field.field.id) in (None, ""), "nothing was stored"
    window.close()
    wait_idle(qtbot, ui)


def test_a_focused_dropdown_still_takes_the_wheel(ui: UiRuntime, qtbot: Any) -> None:
    window, field = _open(ui, qtbot)
    window.activateWindow()
    field.combo.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(field.combo.hasFocus, timeout=3000)
    before = field.combo.currentIndex()
    _wheel_down(field.combo)
    assert field.combo.currentIndex() == before + 1
    window.close()
    wait_idle(qtbot, ui)
