"""An official's message is shown as typed, never as markup (issue 12 item 8): with real
widgets, a supplement request whose message holds HTML and a link shows the tags literally in
the dossier window's side panel and banner, and nothing in them is a clickable link."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlalchemy import text

from helper_app.ui.app import UiRuntime
from helper_app.ui.qt import Qt

pytestmark = pytest.mark.gui

HOSTILE = "<b>Gấp</b> <a href='http://e.example/x'>bấm vào đây</a><img src='http://e.example/p'>"


def test_a_hostile_message_is_shown_literally(ui: UiRuntime, qtbot: Any) -> None:
    data = copy.deepcopy(dict(ui.services.catalog.get("death_registration").examples[1].data))
    service = ui.services.dossiers
    draft = service.create_draft("death_registration", data=data)
    service.record_consent(draft.id, help_accepted=True, processing_accepted=True)
    dossier_id = service.finalize(draft.id).id
    with ui.services.store.write() as session:
        session.execute(
            text(
                "UPDATE dossiers SET status = 'supplement_requested', server_rev = 2, "
                "synced_snapshot = data, last_message = :m WHERE id = :d"
            ),
            {"m": HOSTILE, "d": dossier_id},
        )
    with qtbot.waitSignal(ui.window.dossier_opened, timeout=5000) as opened:
        ui.window.open_dossier(dossier_id)
    window = opened.args[0]
    for label in (window.side.message, window.banner):
        assert label.textFormat() == Qt.TextFormat.PlainText
        assert HOSTILE in label.text()
        assert not label.openExternalLinks()
