"""Screens whose engine is not built yet (outbox & sync, conflicts): they say what is coming."""

from __future__ import annotations

from helper_app.ui.qt import QLabel, Qt, QVBoxLayout, QWidget


class ComingSoonPage(QWidget):
    """A heading and a sentence saying what the screen will do."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        heading = QLabel(title, self)
        heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        body = QLabel(text, self)
        body.setWordWrap(True)
        self.body = body
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
