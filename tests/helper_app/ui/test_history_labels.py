"""The dossier's history says in words what sync and officials did (no raw action codes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from helper_app.ui.dossiers.queries import HistoryEntry
from helper_app.ui.dossiers.side_panel import SidePanel

pytestmark = pytest.mark.gui

ACTIONS = [
    "sync.applied",
    "sync.rejected",
    "sync.conflict",
    "server.receive",
    "server.process",
    "server.request_supplement",
    "server.complete",
    "server.reject",
    "server.edit",
    "server.submit",
    "server.withdraw",
]


def _entry(action: str, **details: object) -> HistoryEntry:
    return HistoryEntry(
        at=dt.datetime.now(dt.UTC), actor="can-bo-an", action=action, details=details
    )


def test_every_sync_and_official_action_has_words(qtbot: Any) -> None:
    panel = SidePanel()
    qtbot.addWidget(panel)
    texts = [panel.action_text(_entry(a, fields=["phone"])) for a in ACTIONS]
    assert all(t and "." not in t.split()[0] for t in texts), texts  # no raw "server.x" codes
    assert len(set(texts)) == len(texts)
    assert panel.action_text(_entry("server.request_supplement")) == "Cán bộ yêu cầu bổ sung"


def test_history_lists_who_did_it(qtbot: Any) -> None:
    panel = SidePanel()
    qtbot.addWidget(panel)
    panel.set_history([_entry("server.receive")])
    assert "Cán bộ đã tiếp nhận hồ sơ" in panel.history.item(0).text()
    assert "can-bo-an" in panel.history.item(0).text()
