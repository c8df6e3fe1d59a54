"""Typing Vietnamese into widgets as a keyboard would.

``qtbot.keyClicks`` maps characters to key codes and fails on "ễ"; a real keyboard (or an input
method such as Unikey) delivers key events whose *text* is the character. We send exactly that:
one KeyPress/KeyRelease pair per character with the character as text.
"""

from __future__ import annotations

import unicodedata

from helper_app.ui.qt import QApplication, QEvent, QKeyEvent, Qt, QWidget


def type_text(widget: QWidget, text: str, *, nfc: bool = True) -> None:
    """Type ``text`` into ``widget`` (NFC unless ``nfc`` is False: macOS keyboards send NFD)."""
    chars = unicodedata.normalize("NFC" if nfc else "NFD", text)
    widget.setFocus()
    for ch in chars:
        key = Qt.Key.Key_Space if ch == " " else 0
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(widget, event)


def clear_and_type(widget: QWidget, text: str) -> None:
    """Select everything in a line edit, then type ``text`` over it."""
    select_all = getattr(widget, "selectAll", None)
    if select_all is not None:
        select_all()
        event = QKeyEvent(
            QEvent.Type.KeyPress, Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier
        )
        QApplication.sendEvent(widget, event)
    type_text(widget, text)
