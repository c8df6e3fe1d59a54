"""The dossier editor: conditions show/hide, problems inline as you type, autosave, finalize."""

from __future__ import annotations

from typing import Any

import pytest

from helper_app.sync.lifecycle import DossierStatus
from helper_app.ui.app import UiRuntime
from helper_app.ui.dossiers.window import DossierWindow
from helper_app.ui.form.choice_fields import SelectField, YesNoField
from helper_app.ui.form.text_fields import LineField
from helper_app.ui.qt import QPoint, Qt
from tests.helpers.ui import document_slot, field_widget, wait_idle
from tests.helpers.vn_typing import type_text

pytestmark = pytest.mark.gui


def open_new(
    ui: UiRuntime, qtbot: Any, code: str, data: dict[str, object] | None = None
) -> DossierWindow:
    view = ui.services.dossiers.create_draft(code, data=data)
    window = ui.window.show_dossier(view)
    wait_idle(qtbot, ui)
    return window


def test_father_section_appears_when_father_is_declared(ui: UiRuntime, qtbot: Any) -> None:
    window = open_new(ui, qtbot, "birth_registration")
    father = window.editor.sections["father"]
    assert not father.isVisibleTo(window)
    box = field_widget(window.editor, "father_declared", YesNoField).box
    near_box = QPoint(6, box.height() // 2)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=near_box)
    assert box.isChecked()
    assert father.isVisibleTo(window)
    assert window.editor.widgets["father_full_name"].title.text().endswith("*")
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=near_box)
    assert not father.isVisibleTo(window)


def test_requirements_follow_a_select(ui: UiRuntime, qtbot: Any) -> None:
    window = open_new(ui, qtbot, "birth_registration")
    mother_name = window.editor.widgets["mother_full_name"]
    copies = window.editor.widgets["extract_copies"]
    abandoned = document_slot(window.editor, "abandonment_record")
    assert mother_name.title.text().endswith("*")
    assert not copies.isVisibleTo(window)
    assert not abandoned.isVisibleTo(window)
    field_widget(window.editor, "special_case", SelectField).select_value("Trẻ bị bỏ rơi")
    assert not mother_name.title.text().endswith("*")  # required_if no longer holds
    field_widget(window.editor, "extract_copies_requested", YesNoField).box.setChecked(True)
    assert copies.isVisibleTo(window)  # relevant_if now holds
    assert abandoned.isVisibleTo(window) and abandoned.title.text().endswith("*")


def test_invalid_id_shows_the_vietnamese_problem_under_the_field(ui: UiRuntime, qtbot: Any) -> None:
    window = open_new(ui, qtbot, "birth_registration")
    field = field_widget(window.editor, "requester_personal_id", LineField)
    type_text(field.line, "12345")
    qtbot.waitUntil(lambda: field.problem_text() != "", timeout=2000)
    assert "12 chữ số" in field.problem_text()
    assert "digits" not in field.problem_text()
    other = window.editor.widgets["child_full_name"]
    assert other.problem_text() == ""  # untouched fields stay quiet while typing
    field.line.clear()
    type_text(field.line, "001203000123")
    qtbot.waitUntil(lambda: field.problem_text() == "", timeout=2000)


def test_autosave_persists_typed_vietnamese(ui: UiRuntime, qtbot: Any) -> None:
    window = open_new(ui, qtbot, "birth_registration")
    dossier_id = window.view.id
    type_text(field_widget(window.editor, "child_full_name", LineField).line, "Nguyễn Ngọc Ánh")
    type_text(
        field_widget(window.editor, "child_birthplace", LineField).line,
        "Bệnh viện Đa khoa tỉnh Bắc Ninh",
        nfc=False,
    )
    qtbot.waitUntil(lambda: window.save_state.text().startswith("Đã lưu lúc"), timeout=5000)
    stored = ui.services.dossiers.get(dossier_id).data
    assert stored["child_full_name"] == "Nguyễn Ngọc Ánh"
    assert "Bắc Ninh" in __import__("unicodedata").normalize("NFC", str(stored["child_birthplace"]))
    window.close()
    wait_idle(qtbot, ui)
    with qtbot.waitSignal(ui.window.dossier_opened) as opened:
        ui.window.open_dossier(dossier_id)
    again: DossierWindow = opened.args[0]
    assert field_widget(again.editor, "child_full_name", LineField).line.text() == "Nguyễn Ngọc Ánh"
    wait_idle(qtbot, ui)


def test_finalize_blocked_lists_problems_and_jumps_to_the_field(ui: UiRuntime, qtbot: Any) -> None:
    window = open_new(ui, qtbot, "birth_registration")
    with qtbot.waitSignal(window.finalize_blocked, timeout=5000) as blocked:
        qtbot.mouseClick(window.finalize_button, Qt.MouseButton.LeftButton)
    problems = blocked.args[0]
    assert any(p.path == "child_full_name" and p.code == "required" for p in problems)
    assert window.blockers.isVisible()
    items = [window.blockers.item(i) for i in range(window.blockers.count())]
    item = next(i for i in items if i.data(Qt.ItemDataRole.UserRole) == "child_full_name")
    assert item.text().startswith("✗ ")
    assert item.text().endswith(": Mục này bắt buộc phải điền.")
    window.blockers.itemClicked.emit(item)
    target = field_widget(window.editor, "child_full_name", LineField)
    assert target.line.hasFocus() or window.focusWidget() is target.line
    assert target.problem_text() != ""  # every problem is shown after a finalize attempt
    assert ui.services.dossiers.get(window.view.id).status == DossierStatus.DRAFT


def test_finalize_ok_moves_the_dossier_to_queued(ui: UiRuntime, qtbot: Any) -> None:
    definition = ui.services.catalog.get("vneid_level2_precheck")
    window = open_new(ui, qtbot, definition.code, dict(definition.examples[0].data))
    assert not window.consent.help_box.isChecked()  # never pre-ticked
    window.consent.help_box.setChecked(True)
    window.consent.processing_box.setChecked(True)
    qtbot.waitUntil(lambda: window.view.consent_at is not None, timeout=5000)
    with qtbot.waitSignal(window.saved, timeout=5000):
        qtbot.mouseClick(window.finalize_button, Qt.MouseButton.LeftButton)
    assert ui.services.dossiers.get(window.view.id).status == DossierStatus.QUEUED
    assert window.status.text() == "Chờ gửi"
    assert "chờ gửi" in window.banner.text()
    qtbot.waitUntil(lambda: "1 hồ sơ đang chờ gửi" in ui.window.status.waiting.text())
    wait_idle(qtbot, ui)


def test_read_only_dossier_explains_why(ui: UiRuntime, qtbot: Any) -> None:
    from sqlalchemy import text

    view = ui.services.dossiers.create_draft("vneid_level2_precheck")
    with ui.services.store.write() as session:
        session.execute(
            text("UPDATE dossiers SET status = 'received', last_message = :m WHERE id = :i"),
            {"m": "Đã nhận hồ sơ, hẹn trả kết quả ngày 15/08.", "i": view.id},
        )
    with qtbot.waitSignal(ui.window.dossier_opened) as opened:
        ui.window.open_dossier(view.id)
    window: DossierWindow = opened.args[0]
    assert "chỉ xem được" in window.banner.text()
    assert field_widget(window.editor, "full_name", LineField).line.isReadOnly()
    assert not window.finalize_button.isVisible()
    assert "hẹn trả kết quả" in window.side.message.text()
    qtbot.waitUntil(lambda: window.side.history.count() >= 1)
    assert "Tạo hồ sơ" in window.side.history.item(0).text()
    wait_idle(qtbot, ui)
