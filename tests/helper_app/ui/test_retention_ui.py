"""Retention and erasure from the UI: the purge in Settings (and at start), "Xoá dữ liệu cư dân
này" on the Residents screen with its confirmation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlmodel import col, select

from helper_app.residents import ResidentRecord
from helper_app.security.retention import PurgeReport
from helper_app.store.models import AuditEvent, Dossier, OutboxEntry, Resident, utc_now
from helper_app.sync.outbox_states import OutboxState
from helper_app.ui.app import UiRuntime
from helper_app.ui.qt import QMessageBox
from tests.helpers.ui import wait_idle

pytestmark = pytest.mark.gui


def received_long_ago(ui: UiRuntime, days: int) -> str:
    """A dossier the server received ``days`` ago (as sync would have left it)."""
    service = ui.services.dossiers
    data = dict(ui.services.catalog.get("vneid_level2_precheck").examples[0].data)
    view = service.create_draft("vneid_level2_precheck", data=data)
    service.record_consent(view.id, help_accepted=True, processing_accepted=True)
    service.finalize(view.id)
    with ui.services.store.write() as session:
        row = session.get(Dossier, view.id)
        assert row is not None
        row.status, row.server_rev = "received", 3
        row.updated_at = utc_now() - dt.timedelta(days=days)
        session.add(row)
        for entry in session.exec(select(OutboxEntry).where(OutboxEntry.dossier_id == view.id)):
            entry.state = OutboxState.DONE
            session.add(entry)
    return view.id


def ids(ui: UiRuntime) -> set[str]:
    with ui.services.store.read() as session:
        return set(session.exec(select(Dossier.id)).all())


def test_purge_button_removes_old_received_dossiers(ui: UiRuntime, qtbot: Any) -> None:
    old = received_long_ago(ui, 40)
    recent = received_long_ago(ui, 3)
    box = ui.window.retention
    assert box.days.value() == 30
    assert box.purge_button.text() == "Xoá dữ liệu hồ sơ đã được tiếp nhận"
    with qtbot.waitSignal(ui.window.purged, timeout=5000) as done:
        box.purge_button.click()
    assert done.args[0] == PurgeReport(dossiers=1, files=0, kept_unconfirmed=0)
    assert box.result.text() == "Đã xoá 1 hồ sơ đã được tiếp nhận (0 tệp)."
    assert ids(ui) == {recent} and old not in ids(ui)
    box.days.setValue(2)
    with qtbot.waitSignal(ui.window.purged, timeout=5000) as done:
        box.purge_button.click()
    assert done.args[0].dossiers == 1 and ids(ui) == set()
    wait_idle(qtbot, ui)


def test_purge_runs_at_start_with_the_saved_days(ui_factory: Any, qtbot: Any) -> None:
    first = ui_factory()
    kept = received_long_ago(first, 10)
    gone = received_long_ago(first, 100)
    first.window.retention.days.setValue(60)
    first.window.settings_page.save_button.click()
    wait_idle(qtbot, first)
    first.shutdown()
    second = ui_factory()
    qtbot.waitUntil(lambda: "Đã xoá 1 hồ sơ" in second.window.retention.result.text())
    assert ids(second) == {kept} and gone not in ids(second)
    wait_idle(qtbot, second)


def test_erase_resident_from_the_residents_screen(ui: UiRuntime, qtbot: Any) -> None:
    mai = ui.services.residents.save(
        ResidentRecord("Nguyễn Thị Mai", "1990-01-02", "Nữ", "027190001234")
    )
    other = ui.services.residents.save(ResidentRecord("Lò Văn Pánh", "1958", "Nam"))
    data = dict(ui.services.catalog.get("vneid_level2_precheck").examples[0].data)
    naming = ui.services.dossiers.create_draft("vneid_level2_precheck", data=data)
    with ui.services.store.write() as session:  # a dossier that names her by ID number
        row = session.get(Dossier, naming.id)
        assert row is not None
        row.data = {**row.data, "note": "CCCD 027 190 001 234"}
        session.add(row)
    unrelated = ui.services.dossiers.create_draft("marital_status_certificate")
    page = ui.window.residents
    page.refresh()
    qtbot.waitUntil(lambda: len(page.names()) == 2, timeout=5000)
    page.table.selectRow(page.names().index("Nguyễn Thị Mai"))
    page.erase_button.click()
    box = page.dialog
    assert isinstance(box, QMessageBox)
    assert "Nguyễn Thị Mai (027190001234)" in box.text()
    assert "mọi hồ sơ trên máy có tên hoặc số định danh của người này" in box.text()
    assert "Không thể hoàn tác" in box.text()
    cancel = [b for b in box.buttons() if b.text() == "Huỷ"][0]
    cancel.click()
    wait_idle(qtbot, ui)
    assert len(page.names()) == 2  # nothing happened
    page.table.selectRow(page.names().index("Nguyễn Thị Mai"))
    page.erase_button.click()
    confirm = page.dialog
    assert isinstance(confirm, QMessageBox)
    with qtbot.waitSignal(page.erased, timeout=5000) as erased:
        [b for b in confirm.buttons() if b.objectName() == "confirmErase"][0].click()
    assert erased.args[0].dossiers == 1
    assert page.message.text() == "Đã xoá dữ liệu cư dân: 1 hồ sơ, 0 tệp đính kèm."
    qtbot.waitUntil(lambda: page.names() == ["Lò Văn Pánh"], timeout=5000)
    with ui.services.store.read() as session:
        left = set(session.exec(select(Resident.id)).all())
        assert left == {other.id}
        assert ids(ui) == {unrelated.id}
        events = session.exec(
            select(AuditEvent).where(col(AuditEvent.action) == "resident.erase")
        ).all()
        assert [(e.object_id, e.actor) for e in events] == [(mai.id, "tester")]
    wait_idle(qtbot, ui)
