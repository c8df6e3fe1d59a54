"""The commune list the address combos search is built once and shared through the form context.

It used to be a module-level slot in ``address_field``; now the main window holds one
:class:`CommuneModels` and hands it to every dossier window and the residents page, so the
thousands of rows are built once per unit directory, and a new directory (after provisioning)
gets a fresh list without touching windows still open on the old one.
"""

from __future__ import annotations

from typing import Any

import pytest

from helper_app.forms import UnitDirectory
from helper_app.ui.app import UiRuntime
from helper_app.ui.dossiers.window import DossierWindow
from helper_app.ui.form.address_field import AddressField
from tests.helpers.ui import wait_idle

pytestmark = pytest.mark.gui


def _open(ui: UiRuntime, qtbot: Any) -> DossierWindow:
    view = ui.services.dossiers.create_draft("birth_registration")
    window = ui.window.show_dossier(view)
    wait_idle(qtbot, ui)
    return window


def _combo_models(window: DossierWindow) -> set[int]:
    fields = [w for w in window.editor.widgets.values() if isinstance(w, AddressField)]
    assert len(fields) >= 2  # requester, mother and father residences
    return {id(field.commune.model()) for field in fields}


def test_every_address_combo_of_every_window_shares_one_list(ui: UiRuntime, qtbot: Any) -> None:
    first, second = _open(ui, qtbot), _open(ui, qtbot)
    shared = _combo_models(first)
    assert len(shared) == 1
    assert _combo_models(second) == shared
    expected = ui.window.communes.for_units(ui.services.units).model
    assert shared == {id(expected)}
    communes = len(list(ui.services.units.communes()))
    assert expected.rowCount() == communes + 1  # and the empty first row
    first.close()
    second.close()
    wait_idle(qtbot, ui)


def test_a_new_unit_directory_gets_a_new_list_and_open_windows_keep_theirs(
    ui: UiRuntime, qtbot: Any
) -> None:
    before = _open(ui, qtbot)
    old = _combo_models(before)
    ui.services.units = UnitDirectory.bundled()
    after = _open(ui, qtbot)
    assert _combo_models(after) != old
    assert _combo_models(before) == old
    before.close()
    after.close()
    wait_idle(qtbot, ui)
