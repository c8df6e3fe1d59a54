"""English switch: chosen in Settings, applied at the next start, labels and messages in English."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from helper_app.ui.app import UiRuntime
from helper_app.ui.form.text_fields import LineField
from helper_app.ui.settings import load_settings
from tests.helpers.ui import field_widget, wait_idle
from tests.helpers.vn_typing import type_text

pytestmark = pytest.mark.gui


def test_switching_to_english_in_settings(ui_factory: Callable[..., UiRuntime], qtbot: Any) -> None:
    first = ui_factory(None)
    page = first.window.settings_page
    page.language.setCurrentIndex(page.language.findData("en"))
    page.image_size.setValue(1600)
    page.save_button.click()
    assert load_settings(first.services.paths.settings_file).language == "en"
    assert first.window.nav.item(0).text() == "Hồ sơ"  # applies at the next start
    first.shutdown()

    second = ui_factory(None)
    nav = second.window.nav
    assert [nav.item(i).text() for i in range(nav.count())] == [
        "Dossiers",
        "Residents",
        "Outbox & sync",
        "Conflicts",
        "Settings",
    ]
    assert second.services.settings.image_max_side == 1600
    qtbot.waitUntil(lambda: "0 dossiers waiting to send" in second.window.status.waiting.text())
    assert second.window.status.last_sync.text() == "Last sync: never"


def test_english_form_labels_and_problems(ui_factory: Callable[..., UiRuntime], qtbot: Any) -> None:
    ui = ui_factory("en")
    view = ui.services.dossiers.create_draft("birth_registration")
    window = ui.window.show_dossier(view)
    wait_idle(qtbot, ui)
    field = field_widget(window.editor, "requester_personal_id", LineField)
    assert field.title.text().startswith("Personal ID") or "ID" in field.title.text()
    assert window.finalize_button.text() == "Finalize"
    type_text(field.line, "12345")
    qtbot.waitUntil(lambda: field.problem_text() != "", timeout=2000)
    assert "digits" in field.problem_text()
    assert "chữ số" not in field.problem_text()
    assert window.status.text() == "Draft"
    wait_idle(qtbot, ui)
