"""End to end: a birth registration typed in the window reaches the ward and comes back received.

Sign in through the dialog (token into the real keyring), type Vietnamese names, attach a scan,
finalize, let the sync thread send it, have an officer mark it received through the API, press
"Đồng bộ ngay", and find the receipt code in the dossier window and in the receipt PDF (text
extracted with pypdf).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest

from helper_app.forms import Catalog
from helper_app.sync.lifecycle import DossierStatus
from helper_app.ui.app import UiRuntime
from helper_app.ui.dossiers.window import DossierWindow
from helper_app.ui.form.text_fields import LineField
from helper_app.ui.qt import QDialogButtonBox, Qt
from tests.helpers.live_server import LiveServer
from tests.helpers.sync_world import VolunteerWard
from tests.helpers.ui import field_widget
from tests.helpers.vn_typing import type_text

pytestmark = pytest.mark.gui


def sign_in(runtime: UiRuntime, qtbot: Any, server: LiveServer, ward: VolunteerWard) -> None:
    qtbot.waitUntil(lambda: runtime.window.status.sync_now.text() == "Đăng nhập để đồng bộ")
    qtbot.mouseClick(runtime.window.status.sync_now, Qt.MouseButton.LeftButton)
    dialog = runtime.window.sign_in_dialog
    assert dialog is not None
    type_text(dialog.server, server.url)
    type_text(dialog.username, ward.volunteer.username)
    type_text(dialog.password, ward.volunteer.password)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    with qtbot.waitSignal(dialog.signed_in, timeout=15000):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.password.text() == ""
    assert runtime.sync is not None and runtime.sync.signed_in


def scan(path: Path) -> Path:
    body = b"scan of the birth notice " * 100
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + body + b"\n%%EOF")
    return path


def test_birth_registration_round_trip_shows_the_receipt_code(
    app_factory: Callable[[], UiRuntime],
    server: LiveServer,
    ward: VolunteerWard,
    qtbot: Any,
    tmp_path: Path,
) -> None:
    runtime = app_factory()
    sign_in(runtime, qtbot, server, ward)

    example = copy.deepcopy(dict(Catalog.bundled().get("birth_registration").examples[0].data))
    for name_field in ("child_full_name", "mother_full_name"):
        example.pop(name_field)
    with qtbot.waitSignal(runtime.window.dossier_opened, timeout=5000) as opened:
        runtime.window.create_dossier("birth_registration", {})
    window: DossierWindow = opened.args[0]
    window.editor.set_data(example)
    type_text(field_widget(window.editor, "child_full_name", LineField).line, "Trần Minh Khôi")
    type_text(field_widget(window.editor, "mother_full_name", LineField).line, "Nguyễn Thị Hương")
    window.on_editor_edited()
    with qtbot.waitSignal(window.attachments.changed, timeout=10000):
        # what the file dialog of the slot emits
        window.editor.checklist.files_chosen.emit(
            "birth_certificate_medical", [scan(tmp_path / "giay-chung-sinh.pdf")]
        )

    assert window.consent.isVisible() and not window.consent.help_box.isChecked()
    window.consent.help_box.setChecked(True)  # after asking the resident
    window.consent.processing_box.setChecked(True)
    qtbot.waitUntil(lambda: window.view.consent_at is not None, timeout=5000)
    with qtbot.waitSignal(window.saved, timeout=10000):
        qtbot.mouseClick(window.finalize_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.view.status == DossierStatus.QUEUED, timeout=5000)
    dossier_id = window.view.id

    # Finalizing asked the sync thread for a pass: the dossier reaches the server.
    services = runtime.services
    qtbot.waitUntil(
        lambda: services.dossiers.get(dossier_id).status == DossierStatus.SUBMITTED, timeout=20000
    )
    qtbot.waitUntil(lambda: runtime.window.status.online.text() == "● Trực tuyến", timeout=5000)

    received = ward.officer.post(
        f"/api/v1/officer/dossiers/{dossier_id}/status", json={"status": "received"}
    )
    assert received.status_code == 200, received.text
    receipt_code = received.json()["receipt_code"]
    assert receipt_code

    sync_now = runtime.window.status.sync_now
    qtbot.waitUntil(sync_now.isEnabled, timeout=10000)  # the pass that sent it has ended
    qtbot.mouseClick(sync_now, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: receipt_code in window.receipt_code.text(), timeout=20000)
    assert window.status.text() == "Đã tiếp nhận"

    pdf = window.save_receipt_pdf(tmp_path / "bien-nhan.pdf")
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    words = " ".join(text.split())
    assert receipt_code in words
    assert "TRẦN MINH KHÔI" in words  # the store keeps a child's name in capitals
    assert "Nguyễn Thị Hương" in words
    assert len(pypdf.PdfReader(pdf).pages) == 1
    assert "PHIẾU BIÊN NHẬN HỒ SƠ" in words
