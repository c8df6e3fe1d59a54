"""The residents screen: search with and without accents, add with validation, CSV import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from helper_app.ui.app import UiRuntime
from helper_app.ui.residents.edit_dialog import ResidentDialog
from helper_app.ui.residents.import_report import ImportReportDialog
from tests.helpers.ui import add_resident, cell_text, wait_idle
from tests.helpers.vn_typing import type_text

pytestmark = pytest.mark.gui


@pytest.fixture
def page(ui: UiRuntime, qtbot: Any) -> Any:
    add_resident(ui, full_name="Nguyễn Văn An", birth_date="1980-02-01", personal_id="027080001111")
    add_resident(ui, full_name="Đặng Thị Hoà", birth_date="1990", phone="0912345678")
    add_resident(ui, full_name="Trần Minh Đức")
    residents = ui.window.residents
    with qtbot.waitSignal(residents.listed, timeout=5000):
        residents.refresh()
    return residents


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Đặng Thị Hoà", "Nguyễn Văn An", "Trần Minh Đức"]),
        ("dang thi hoa", ["Đặng Thị Hoà"]),
        ("Đặng Thị Hòa", ["Đặng Thị Hoà"]),  # other tone placement
        ("duc", ["Trần Minh Đức"]),
        ("0912 345 678", ["Đặng Thị Hoà"]),
        ("027080001111", ["Nguyễn Văn An"]),
    ],
)
def test_search(ui: UiRuntime, qtbot: Any, page: Any, query: str, expected: list[str]) -> None:
    page.search.clear()
    with qtbot.waitSignal(page.listed, timeout=5000):
        if query:
            type_text(page.search, query)
        else:
            page.refresh()
    assert page.names() == expected
    wait_idle(qtbot, ui)


def test_add_resident_refuses_a_bad_id_then_saves(ui: UiRuntime, qtbot: Any, page: Any) -> None:
    dialog = page.open_dialog(None)
    assert isinstance(dialog, ResidentDialog)
    type_text(dialog.name, "Vũ Thị Lan")
    type_text(dialog.pid, "12345")
    assert dialog.errors["personal_id"].isVisible()
    assert "12 chữ số" in dialog.errors["personal_id"].text()
    dialog.on_buttons_accepted()
    wait_idle(qtbot, ui)
    assert dialog.isVisible()  # not saved
    dialog.pid.clear()
    type_text(dialog.pid, "001195012345")
    assert not dialog.errors["personal_id"].isVisible()
    with qtbot.waitSignal(page.listed, timeout=5000):
        dialog.on_buttons_accepted()
    assert "Vũ Thị Lan" in page.names()
    wait_idle(qtbot, ui)


def test_csv_import_shows_the_report(ui: UiRuntime, qtbot: Any, page: Any, tmp_path: Path) -> None:
    csv_file = tmp_path / "cu_dan.csv"
    csv_file.write_text(
        "Họ tên,Ngày sinh,Số định danh,Số điện thoại,Ghi chú\n"
        "Hoàng Văn Nam,05/06/1970,027070002222,0987654321,x\n"
        "Nguyễn Văn An,01/02/1980,027080001111,,cập nhật\n"
        "Lý Thị Mai,31/02/1985,,,ngày sai\n",
        encoding="utf-8",
    )
    with qtbot.waitSignal(page.imported, timeout=5000) as done:
        page.import_file(csv_file)
    report = done.args[0]
    assert (report.imported, report.updated, report.rejected_rows) == (1, 1, 1)
    dialog = page.dialog
    assert isinstance(dialog, ImportReportDialog)
    assert dialog.summary.text() == "Đã thêm 1 cư dân, cập nhật 1, bỏ qua 1 dòng có lỗi."
    assert dialog.table.rowCount() == 1
    assert cell_text(dialog.table, 0, 0) == "4"
    assert cell_text(dialog.table, 0, 1) == "birth_date"
    assert cell_text(dialog.table, 0, 2)  # the Vietnamese reason
    qtbot.waitUntil(lambda: "Hoàng Văn Nam" in page.names())
    dialog.close()
    wait_idle(qtbot, ui)


def test_the_report_lists_what_an_empty_cell_cleared(
    ui: UiRuntime, qtbot: Any, page: Any, tmp_path: Path
) -> None:
    csv_file = tmp_path / "lan_hai.csv"
    csv_file.write_text("Họ tên,Ngày sinh,Số điện thoại\nĐặng Thị Hoà,1990,\n", encoding="utf-8")
    with qtbot.waitSignal(page.imported, timeout=5000) as done:
        page.import_file(csv_file)
    assert (done.args[0].imported, done.args[0].updated) == (0, 1)
    dialog = page.dialog
    assert isinstance(dialog, ImportReportDialog)
    assert not dialog.table.isVisibleTo(dialog)  # nothing rejected
    assert dialog.warnings_label.isVisibleTo(dialog) and dialog.warnings.isVisibleTo(dialog)
    assert dialog.warnings.rowCount() == 1
    assert [cell_text(dialog.warnings, 0, c) for c in range(3)] == [
        "2",
        "phone",
        "Ô trống: đã xoá giá trị đã lưu trước đó.",
    ]
    assert ui.services.residents.search("dang thi hoa")[0].phone is None
    dialog.close()
    wait_idle(qtbot, ui)


def test_unusable_csv_is_reported_not_crashed(
    ui: UiRuntime, qtbot: Any, page: Any, tmp_path: Path
) -> None:
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("Họ tên\nNguyễn\n".encode("cp1258", errors="replace") + b"\xff\xfe")
    page.import_file(bad)
    wait_idle(qtbot, ui)
    errors = ui.presenter.errors  # type: ignore[attr-defined]
    assert len(errors) == 1 and "UTF-8" in errors[0].message_vi
    errors.clear()


def _row_of(page: Any, name: str) -> int:
    names: list[str] = page.names()
    return names.index(name)


def test_editing_a_resident_without_an_id_changes_that_person(
    ui: UiRuntime, qtbot: Any, page: Any
) -> None:
    page.table.selectRow(_row_of(page, "Trần Minh Đức"))
    page.on_edit_button_clicked()
    dialog = page.dialog
    assert isinstance(dialog, ResidentDialog) and dialog.name.text() == "Trần Minh Đức"
    dialog.name.clear()
    type_text(dialog.name, "Trần Minh Đức Anh")
    type_text(dialog.birth, "2001")
    with qtbot.waitSignal(page.listed, timeout=5000):
        dialog.on_buttons_accepted()
    assert page.names() == ["Đặng Thị Hoà", "Nguyễn Văn An", "Trần Minh Đức Anh"]
    assert ui.services.residents.count() == 3
    wait_idle(qtbot, ui)


def test_typing_someone_elses_id_is_refused_next_to_the_box(
    ui: UiRuntime, qtbot: Any, page: Any
) -> None:
    dialog = page.open_dialog(None)
    type_text(dialog.name, "Người Mới")
    type_text(dialog.pid, "027080001111")  # Nguyễn Văn An's
    dialog.on_buttons_accepted()
    wait_idle(qtbot, ui)
    assert dialog.isVisible()
    assert "thuộc về một cư dân khác" in dialog.errors["personal_id"].text()
    assert dialog.errors["personal_id"].isVisible()
    assert [r.full_name for r in ui.services.residents.search("027080001111")] == ["Nguyễn Văn An"]
    assert ui.services.residents.count() == 3
