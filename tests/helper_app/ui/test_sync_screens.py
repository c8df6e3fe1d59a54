"""The sync screens without a server: queue with the server's reasons, conflicts dialog,
supplement request opening at the fields, the slip of an unsent dossier, the expired banner.

The states the sync engine would write (a quarantined entry, a conflict row, a supplement
request) are set up directly in the store; what is checked is what the volunteer sees.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pypdf
import pytest
from sqlalchemy import text

from helper_app.store.models import Conflict
from helper_app.sync.conflicts import open_conflicts
from helper_app.sync.errors import UnauthorizedError
from helper_app.sync.scheduler import SchedulerEvent
from helper_app.ui.app import UiRuntime
from helper_app.ui.qt import QDialog, Qt
from tests.helpers.ui import cell_text, wait_idle

pytestmark = pytest.mark.gui


def finalized(ui: UiRuntime, code: str = "vneid_level2_precheck", example: int = 0) -> str:
    data = copy.deepcopy(dict(ui.services.catalog.get(code).examples[example].data))
    service = ui.services.dossiers
    draft = service.create_draft(code, data=data)
    service.record_consent(draft.id, help_accepted=True, processing_accepted=True)
    return service.finalize(draft.id).id


def test_queue_lists_a_refused_entry_with_the_servers_reason(ui: UiRuntime, qtbot: Any) -> None:
    dossier_id = finalized(ui)
    finalized(ui)
    reasons = [
        {
            "path": "phone",
            "code": "format",
            "message_vi": "Số điện thoại phải có 10 chữ số",
            "message_en": "The phone number must have 10 digits",
        }
    ]
    with ui.services.store.write() as session:
        session.execute(
            text("UPDATE outbox SET state = 'quarantined', last_error = :e WHERE dossier_id = :d"),
            {"e": json.dumps(reasons, ensure_ascii=False), "d": dossier_id},
        )
    with qtbot.waitSignal(ui.window.outbox_shown, timeout=5000):
        ui.window.refresh_sync_pages()
    table = ui.window.outbox.table
    assert table.rowCount() == 2
    assert cell_text(table, 0, 2) == "Bị trả lại"
    assert cell_text(table, 0, 4) == "phone: Số điện thoại phải có 10 chữ số"
    assert cell_text(table, 1, 2) == "Chờ gửi"
    assert "1 hồ sơ đang chờ gửi · 1 bị máy chủ trả lại" == ui.window.outbox.summary.text()
    with qtbot.waitSignal(ui.window.dossier_opened, timeout=5000) as opened:
        ui.window.outbox.on_table_cellDoubleClicked(0, 0)
    assert opened.args[0].view.id == dossier_id
    ui.window.dossiers.model.refresh()
    wait_idle(qtbot, ui)
    rows = [ui.window.dossiers.model.row_at(i) for i in range(ui.window.dossiers.model.rowCount())]
    assert [r.quarantined for r in rows if r.id == dossier_id] == [True]


def test_conflict_dialog_takes_the_servers_value_and_queues_the_result(
    ui: UiRuntime, qtbot: Any
) -> None:
    dossier_id = finalized(ui)
    with ui.services.store.write() as session:
        session.execute(
            text("UPDATE outbox SET state = 'done' WHERE dossier_id = :d"), {"d": dossier_id}
        )
        session.add(
            Conflict(
                dossier_id=dossier_id,
                path="phone",
                base="0912345678",
                local="0912000111",
                server="0987654321",
                server_rev=2,
            )
        )
    with qtbot.waitSignal(ui.window.conflicts_shown, timeout=5000) as shown:
        ui.window.refresh_sync_pages()
    assert len(shown.args[0]) == 1
    assert ui.window.conflicts.list.count() == 1
    ui.window.conflicts.on_resolve_button_clicked()
    qtbot.waitUntil(lambda: ui.window.conflict_dialog is not None, timeout=5000)
    dialog = ui.window.conflict_dialog
    assert dialog is not None
    row = dialog.rows["phone"]
    row.group.button(1).setChecked(True)
    assert dialog.choices() == {"phone": "server"}
    dialog.done(QDialog.DialogCode.Accepted.value)
    qtbot.waitUntil(lambda: open_conflicts(ui.services.store, dossier_id) == [], timeout=5000)
    view = ui.services.dossiers.get(dossier_id)
    assert view.data["phone"] == "0987654321"
    with ui.services.store.read() as session:
        states = (
            session.execute(
                text("SELECT state FROM outbox WHERE dossier_id = :d ORDER BY seq"),
                {"d": dossier_id},
            )
            .scalars()
            .all()
        )
    assert states[-1] == "pending"
    wait_idle(qtbot, ui)
    assert ui.window.conflicts.list.count() == 0


def test_supplement_request_opens_at_the_fields_to_fix(ui: UiRuntime, qtbot: Any) -> None:
    dossier_id = finalized(ui, "death_registration", 1)
    with ui.services.store.write() as session:
        session.execute(
            text(
                "UPDATE dossiers SET status = 'supplement_requested', server_rev = 2, "
                "synced_snapshot = data, last_message = :m, official_checklist = :c WHERE id = :d"
            ),
            {
                "m": "Bổ sung nơi sinh",
                "c": json.dumps(["death_place", "death_notice"]),
                "d": dossier_id,
            },
        )
        session.execute(
            text("UPDATE outbox SET state = 'done' WHERE dossier_id = :d"), {"d": dossier_id}
        )
    with qtbot.waitSignal(ui.window.dossier_opened, timeout=5000) as opened:
        ui.window.open_dossier(dossier_id)
    window = opened.args[0]
    assert window.blockers.isVisible()
    items = [window.blockers.item(i).text() for i in range(window.blockers.count())]
    assert len(items) == 2
    place = window.editor.widgets["death_place"]
    assert items[0] == "➜ " + place.label_text()
    assert "Giấy báo tử" in items[1] or "báo tử" in items[1]
    qtbot.waitUntil(lambda: window.focusWidget() is place.line)
    assert "Bổ sung nơi sinh" in window.banner.text()


def test_slip_of_an_unsent_dossier_says_it_waits(ui: UiRuntime, qtbot: Any, tmp_path: Path) -> None:
    dossier_id = finalized(ui)
    with qtbot.waitSignal(ui.window.dossier_opened, timeout=5000) as opened:
        ui.window.open_dossier(dossier_id)
    window = opened.args[0]
    assert window.pdf_button.isVisible() and not window.receipt_code.isVisible()
    pdf = window.save_receipt_pdf(tmp_path / "phieu.pdf")
    words = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages).split())
    assert "PHIẾU GHI NHẬN HỒ SƠ CHỜ GỬI" in words
    assert "đang chờ gửi lên máy chủ" in words
    assert dossier_id in words  # the tracking code until there is a receipt code


def test_expired_session_shows_a_banner_and_keeps_the_queue(ui: UiRuntime, qtbot: Any) -> None:
    finalized(ui)
    sync = ui.sync
    assert sync is not None
    sync.signed_in = True
    sync.on_self_from_thread(SchedulerEvent("signed_out", error=UnauthorizedError("expired")))
    banner = ui.window.banner
    assert banner.isVisible()
    assert "Phiên đăng nhập đã hết hạn — hàng đợi vẫn được giữ" in banner.text()
    ui.window.refresh_status()
    qtbot.waitUntil(lambda: ui.window.status.waiting.text() == "1 hồ sơ đang chờ gửi")
    ui.window.on_banner_linkActivated("sign-in")
    assert ui.window.sign_in_dialog is not None and ui.window.sign_in_dialog.isVisible()
    ui.window.sign_in_dialog.reject()


def test_a_final_refusal_is_read_then_acknowledged(ui: UiRuntime, qtbot: Any) -> None:
    """A withdrawal refused after the official received the dossier: shown, then cleared."""
    dossier_id = finalized(ui)
    reasons = [
        {
            "path": "",
            "code": "withdraw.too_late",
            "message_vi": "Không rút được: cán bộ đã tiếp nhận hoặc xử lý hồ sơ này.",
            "message_en": "Cannot withdraw: an official has already received it.",
        }
    ]
    with ui.services.store.write() as session:  # as the engine leaves it (test_final_refusals)
        session.execute(
            text(
                "UPDATE outbox SET kind = 'withdraw', state = 'quarantined', last_error = :e "
                "WHERE dossier_id = :d"
            ),
            {"e": json.dumps(reasons, ensure_ascii=False), "d": dossier_id},
        )
        session.execute(
            text(
                "UPDATE dossiers SET status = 'received', server_status = 'received' WHERE id = :d"
            ),
            {"d": dossier_id},
        )
    window = ui.window
    with qtbot.waitSignal(window.outbox_shown, timeout=5000):
        window.refresh_sync_pages()
    with qtbot.waitSignal(window.status_shown, timeout=5000):
        window.refresh_status()
    page = window.outbox
    assert cell_text(page.table, 0, 4).startswith("Không rút được")
    assert window.status.quarantined.isVisibleTo(window)
    assert not page.acknowledge.isEnabled()  # nothing chosen yet

    page.table.selectRow(0)
    assert page.acknowledge.isEnabled()
    with qtbot.waitSignal(window.outbox_shown, timeout=5000):
        qtbot.mouseClick(page.acknowledge, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.status.quarantined.isVisibleTo(window), timeout=5000)
    assert page.table.rowCount() == 0
    assert not page.empty.isHidden()  # "Không có hồ sơ nào đang chờ gửi."
    assert ui.services.dossiers.get(dossier_id).status.value == "received"


def test_taking_the_servers_value_on_a_supplement_still_sends_it(ui: UiRuntime, qtbot: Any) -> None:
    """Issue 11's window: "Máy chủ" on a finalized supplement left it "Chờ gửi [Bị cách ly]"."""
    dossier_id = finalized(ui)
    server_data = dict(ui.services.dossiers.get(dossier_id).data, phone="0987654321")
    with ui.services.store.write() as session:  # as the engine leaves a conflict (test_engine_*)
        session.execute(
            text("UPDATE outbox SET state = 'superseded' WHERE dossier_id = :d"), {"d": dossier_id}
        )
        session.execute(
            text(
                "UPDATE dossiers SET server_rev = 3, server_status = 'supplement_requested', "
                "synced_snapshot = :s, data = json_set(data, '$.phone', '0912000111') "
                "WHERE id = :d"
            ),
            {"s": json.dumps(server_data, ensure_ascii=False), "d": dossier_id},
        )
        session.add(
            Conflict(
                dossier_id=dossier_id,
                path="phone",
                base="0912345678",
                local="0912000111",
                server="0987654321",
                server_rev=3,
            )
        )
    window = ui.window
    with qtbot.waitSignal(window.conflicts_shown, timeout=5000):
        window.refresh_sync_pages()
    window.conflicts.on_resolve_button_clicked()
    qtbot.waitUntil(lambda: window.conflict_dialog is not None, timeout=5000)
    dialog = window.conflict_dialog
    assert dialog is not None
    dialog.rows["phone"].group.button(1).setChecked(True)  # "Máy chủ"
    dialog.done(QDialog.DialogCode.Accepted.value)
    qtbot.waitUntil(lambda: open_conflicts(ui.services.store, dossier_id) == [], timeout=5000)
    with qtbot.waitSignal(window.outbox_shown, timeout=5000):
        window.refresh_sync_pages()
    assert window.outbox.table.rowCount() == 1
    assert cell_text(window.outbox.table, 0, 2) == "Chờ gửi"
    window.dossiers.model.refresh()
    wait_idle(qtbot, ui)
    model = window.dossiers.model
    (row,) = [model.row_at(i) for i in range(model.rowCount()) if model.row_at(i).id == dossier_id]
    assert row.status == "queued" and not row.quarantined and not row.conflict
