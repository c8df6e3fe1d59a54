"""New dossier: search a procedure without accents, pick the resident, the form opens prefilled."""

from __future__ import annotations

from typing import Any

import pytest

from helper_app.ui.app import UiRuntime
from helper_app.ui.dossiers.new_dialog import NewDossierDialog
from helper_app.ui.dossiers.window import DossierWindow
from helper_app.ui.form.choice_fields import YesNoField
from helper_app.ui.form.person_field import PersonField
from helper_app.ui.form.text_fields import LineField
from helper_app.ui.qt import Qt
from tests.helpers.ui import add_resident, field_widget, wait_idle
from tests.helpers.vn_typing import type_text

pytestmark = pytest.mark.gui


def _pick(dialog: NewDossierDialog, qtbot: Any, field_id: str, search: str) -> None:
    """Pick the one resident ``search`` finds for the person field ``field_id``."""
    qtbot.mouseClick(dialog.person_buttons[field_id], Qt.MouseButton.LeftButton)
    picker = dialog.residents.last_picker
    assert picker is not None
    with qtbot.waitSignal(picker.searched):
        type_text(picker.search, search)
    assert picker.results.count() == 1
    picker.on_buttons_accepted()


def test_create_birth_registration_through_the_dialog(ui: UiRuntime, qtbot: Any) -> None:
    mother = add_resident(
        ui,
        full_name="Trần Thị Hoà",
        birth_date="1995-04-12",
        gender="Nữ",
        personal_id="027195001234",
        ethnicity="Kinh",
        nationality="Việt Nam",
    )
    qtbot.mouseClick(ui.window.dossiers.new_button, Qt.MouseButton.LeftButton)
    dialog = ui.window.new_dialog
    assert dialog is not None and dialog.isVisible()

    type_text(dialog.search, "khai sinh")
    assert set(dialog.visible_codes()) == {"birth_registration", "birth_residence_bhyt_interlinked"}
    dialog.search.clear()
    type_text(dialog.search, "Đăng ký khai tử")
    assert dialog.current_code() == "death_registration"
    assert "marital_status_certificate" not in dialog.visible_codes()
    dialog.search.clear()
    type_text(dialog.search, "dang ky khai sinh")
    assert dialog.current_code() == "birth_registration"
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)

    _pick(dialog, qtbot, "mother_person", "tran thi hoa")
    assert "Trần Thị Hoà" in dialog.person_labels["mother_person"].text()

    with qtbot.waitSignal(ui.window.dossier_opened, timeout=5000) as opened:
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    window: DossierWindow = opened.args[0]
    editor = window.editor
    assert editor.widgets["mother_full_name"].value() == "Trần Thị Hoà"
    assert editor.widgets["mother_personal_id"].value() == "027195001234"
    assert field_widget(editor, "mother_birth_year", LineField).line.text() == "12/04/1995"
    qtbot.waitUntil(
        lambda: field_widget(editor, "mother_person", PersonField).chosen.text() == "Trần Thị Hoà"
    )
    stored = ui.services.dossiers.get(window.view.id)
    assert stored.procedure == "birth_registration"
    assert stored.data["mother_person"] == mother.id
    wait_idle(qtbot, ui)


def test_choosing_the_father_declares_him_and_shows_his_section(ui: UiRuntime, qtbot: Any) -> None:
    """Picking a father in the new-dossier step used to leave "Có khai thông tin người cha"
    unticked, so his section (and what was prefilled into it) stayed hidden (issue 14 #3)."""
    add_resident(ui, full_name="Lê Văn Cường", birth_date="1990-02-03", gender="Nam")
    qtbot.mouseClick(ui.window.dossiers.new_button, Qt.MouseButton.LeftButton)
    dialog = ui.window.new_dialog
    assert dialog is not None
    type_text(dialog.search, "dang ky khai sinh")
    assert dialog.current_code() == "birth_registration"
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    _pick(dialog, qtbot, "father_person", "le van cuong")
    with qtbot.waitSignal(ui.window.dossier_opened, timeout=5000) as opened:
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    window: DossierWindow = opened.args[0]
    assert field_widget(window.editor, "father_declared", YesNoField).box.isChecked()
    assert window.editor.sections["father"].isVisibleTo(window)
    assert window.editor.widgets["father_full_name"].value() == "Lê Văn Cường"
    assert ui.services.dossiers.get(window.view.id).data["father_declared"] is True
    wait_idle(qtbot, ui)
