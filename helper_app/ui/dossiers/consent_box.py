"""The resident's consent in the dossier window: two boxes, never pre-ticked, recorded once.

The store refuses to finalize a dossier without recorded consent (:mod:`helper_app.consent`).
The volunteer ticks both boxes after asking the resident; the window then records the consent
on the store worker and the box shows when it was recorded.
"""

from __future__ import annotations

from helper_app.consent import CONSENT_TEXT_EN, CONSENT_TEXT_VI
from helper_app.dossiers import VIETNAM_TZ, DossierView
from helper_app.ui.i18n import pick
from helper_app.ui.qt import QCheckBox, QGroupBox, QLabel, QVBoxLayout, QWidget, Signal


class ConsentBox(QGroupBox):
    """Ask and show the resident's consent.

    Signals:
        consent_given(): both boxes are ticked (the window records it).

    Attributes:
        help_box, processing_box: the two boxes.
        recorded: "Đã ghi nhận lúc ..." once recorded.
    """

    consent_given = Signal()

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Sự đồng ý của người dân"), parent)
        layout = QVBoxLayout(self)
        text = QLabel(pick(language, CONSENT_TEXT_VI, CONSENT_TEXT_EN), self)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.help_box = QCheckBox(self.tr("Người dân đồng ý nhận giúp chuẩn bị hồ sơ"), self)
        self.help_box.setObjectName("consentHelp")
        self.processing_box = QCheckBox(
            self.tr("Người dân đồng ý cho xử lý dữ liệu cá nhân để nộp hồ sơ này"), self
        )
        self.processing_box.setObjectName("consentProcessing")
        self.recorded = QLabel(self)
        self.recorded.setObjectName("consentRecorded")
        for widget in (self.help_box, self.processing_box, self.recorded):
            layout.addWidget(widget)
        self.help_box.toggled.connect(self.on_box_toggled)
        self.processing_box.toggled.connect(self.on_box_toggled)

    def on_box_toggled(self, _checked: bool) -> None:
        if self.help_box.isChecked() and self.processing_box.isChecked():
            self.consent_given.emit()

    def show_view(self, view: DossierView, editable: bool) -> None:
        """Show the recorded consent (boxes locked), or ask for it on an editable dossier."""
        if view.consent_at is not None:
            for box in (self.help_box, self.processing_box):
                box.blockSignals(True)
                box.setChecked(True)
                box.setEnabled(False)
                box.blockSignals(False)
            when = view.consent_at.astimezone(VIETNAM_TZ).strftime("%H:%M %d/%m/%Y")
            self.recorded.setText(self.tr("Đã ghi nhận lúc %1").replace("%1", when))
            self.recorded.setVisible(True)
            self.setVisible(True)
        else:
            self.recorded.setVisible(False)
            self.setVisible(editable)
