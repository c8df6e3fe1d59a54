"""Picking a commune in the address completer stores the unit and shows its name (issue 14 #3).

It used to store the completer's internal search key ("Xã Đại Sơn, Tỉnh Bắc Ninh | xa dai son,
tinh bac ninh | 07627") as the commune code, which finalize then refused. Real widgets: the
volunteer types "dai son" without accents, the popup offers the commune, Down and Enter pick it.
"""

from __future__ import annotations

from typing import Any

import pytest

from helper_app.ui.app import UiRuntime
from helper_app.ui.form.address_field import AddressField
from helper_app.ui.qt import Qt
from tests.helpers.ui import field_widget, wait_idle

pytestmark = pytest.mark.gui

DAI_SON = "07627"


def test_picking_from_the_completer_stores_the_commune_code(ui: UiRuntime, qtbot: Any) -> None:
    window = ui.window.show_dossier(ui.services.dossiers.create_draft("birth_registration"))
    qtbot.waitExposed(window)
    wait_idle(qtbot, ui)
    field = field_widget(window.editor, "requester_residence", AddressField)
    combo = field.commune
    line = combo.lineEdit()
    assert line is not None
    window.activateWindow()
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus, timeout=3000)
    qtbot.keyClicks(line, "dai son")
    completer = combo.completer()
    assert completer is not None
    popup = completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    name = ui.services.units.commune(DAI_SON)
    assert name is not None
    qtbot.waitUntil(lambda: "|" not in line.text(), timeout=3000)
    assert line.text().startswith(name.name_vi), line.text()
    value = field.value()
    assert isinstance(value, dict) and value.get("commune_code") == DAI_SON, value
    qtbot.waitUntil(lambda: window.save_state.text().startswith("Đã lưu lúc"), timeout=5000)
    stored = ui.services.dossiers.get(window.view.id).data["requester_residence"]
    assert stored["commune_code"] == DAI_SON and stored["province_code"]
    window.close()
    wait_idle(qtbot, ui)


def test_a_name_typed_without_accents_or_picking_finds_its_commune(
    ui: UiRuntime, qtbot: Any
) -> None:
    window = ui.window.show_dossier(ui.services.dossiers.create_draft("birth_registration"))
    qtbot.waitExposed(window)
    wait_idle(qtbot, ui)
    field = field_widget(window.editor, "requester_residence", AddressField)
    line = field.commune.lineEdit()
    assert line is not None
    line.setText("dai son")  # typed, the popup dismissed, nothing picked
    value = field.value()
    assert isinstance(value, dict) and value.get("commune_code") == DAI_SON, value
    line.clear()
    qtbot.keyClicks(line, "khong co xa nay")
    assert field.no_match.isVisible()
    assert "“khong co xa nay”" in field.no_match.text()
    assert "Không tìm thấy xã/phường" in field.no_match.text()
    line.clear()
    qtbot.keyClicks(line, "dai son")
    assert not field.no_match.isVisible()
    window.close()
    wait_idle(qtbot, ui)
