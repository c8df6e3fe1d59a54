"""The dossiers list: pages, status filter, accent-insensitive search by name, badges."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from helper_app.ui.app import UiRuntime
from helper_app.ui.dossiers.list_model import COL_BADGES, COL_PERSON, COL_STATUS
from helper_app.ui.dossiers.queries import PAGE_SIZE
from tests.helpers.ui import wait_idle
from tests.helpers.vn_typing import type_text

pytestmark = pytest.mark.gui


def seed(ui: UiRuntime) -> dict[str, str]:
    service = ui.services.dossiers
    ids = {
        "an": service.create_draft(
            "birth_registration", data={"child_full_name": "Nguyễn Văn An"}
        ).id,
        "binh": service.create_draft(
            "death_registration", data={"deceased_full_name": "Lê Thị Bình"}
        ).id,
        "cuong": service.create_draft(
            "vneid_level2_precheck", data={"full_name": "Phạm Quốc Cường"}
        ).id,
    }
    with ui.services.store.write() as session:
        session.execute(
            text("UPDATE dossiers SET status = 'supplement_requested' WHERE id = :i"),
            {"i": ids["binh"]},
        )
        session.execute(
            text(
                "INSERT INTO conflicts (dossier_id, path, base, local, server, created_at) "
                "VALUES (:i, 'full_name', '\"a\"', '\"b\"', '\"c\"', '2025-08-01T00:00:00+00:00')"
            ),
            {"i": ids["cuong"]},
        )
    return ids


def reload(ui: UiRuntime, qtbot: Any) -> None:
    with qtbot.waitSignal(ui.window.dossiers.model.page_loaded, timeout=5000):
        ui.window.dossiers.apply_filter()
    wait_idle(qtbot, ui)


def test_list_shows_people_statuses_and_badges(ui: UiRuntime, qtbot: Any) -> None:
    seed(ui)
    reload(ui, qtbot)
    page = ui.window.dossiers
    rows = dict(zip(page.column_texts(COL_PERSON), page.column_texts(COL_BADGES), strict=True))
    assert rows == {
        "Phạm Quốc Cường": "[Xung đột]",
        "Lê Thị Bình": "[Cần bổ sung]",
        "Nguyễn Văn An": "",
    }
    assert page.count.text() == "3 hồ sơ"


def test_filter_by_status(ui: UiRuntime, qtbot: Any) -> None:
    seed(ui)
    reload(ui, qtbot)
    page = ui.window.dossiers
    index = page.status_filter.findData("supplement_requested")
    with qtbot.waitSignal(page.model.page_loaded, timeout=5000):
        page.status_filter.setCurrentIndex(index)
    assert page.column_texts(COL_PERSON) == ["Lê Thị Bình"]
    assert page.column_texts(COL_STATUS) == ["Cần bổ sung"]
    wait_idle(qtbot, ui)


@pytest.mark.parametrize("query", ["nguyen an", "Nguyễn Văn", "NGUYEN VAN AN", "van an"])
def test_search_by_name_with_or_without_accents(ui: UiRuntime, qtbot: Any, query: str) -> None:
    seed(ui)
    reload(ui, qtbot)
    page = ui.window.dossiers
    with qtbot.waitSignal(page.model.page_loaded, timeout=5000):
        type_text(page.search, query)
    assert page.column_texts(COL_PERSON) == ["Nguyễn Văn An"]
    wait_idle(qtbot, ui)


def test_search_accepts_either_spelling_of_a_final_i_or_y(ui: UiRuntime, qtbot: Any) -> None:
    service = ui.services.dossiers
    for name in ("Hoàng Mỹ Linh", "Đỗ Văn Huy", "Lê Minh Quỳnh"):
        service.create_draft("birth_registration", data={"child_full_name": name})
    page = ui.window.dossiers
    cases = [
        ("mi linh", ["Hoàng Mỹ Linh"]),
        ("Mĩ", ["Lê Minh Quỳnh", "Hoàng Mỹ Linh"]),  # "mi" is also the start of Minh
        ("huy", ["Đỗ Văn Huy"]),
        ("hui", []),
        ("quy", ["Lê Minh Quỳnh"]),
        ("my", ["Hoàng Mỹ Linh"]),
        ("minh", ["Lê Minh Quỳnh"]),
    ]
    for query, expected in cases:
        page.search.setText(query)
        with qtbot.waitSignal(page.model.page_loaded, timeout=5000):
            page.apply_filter()
        assert page.column_texts(COL_PERSON) == expected, query
    wait_idle(qtbot, ui)


def test_search_that_matches_nothing_and_hostile_text(ui: UiRuntime, qtbot: Any) -> None:
    seed(ui)
    page = ui.window.dossiers
    for query in ["%", "_", "' OR 1=1 --", "không có ai"]:
        page.search.setText(query)
        with qtbot.waitSignal(page.model.page_loaded, timeout=5000):
            page.apply_filter()
        assert page.column_texts(COL_PERSON) == [], query
    wait_idle(qtbot, ui)


def test_rows_are_paged_in_not_loaded_at_once(ui: UiRuntime, qtbot: Any) -> None:
    service = ui.services.dossiers
    for i in range(PAGE_SIZE + 30):
        service.create_draft("vneid_level2_precheck", data={"full_name": f"Người Số {i}"})
    reload(ui, qtbot)
    model = ui.window.dossiers.model
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore()
    with qtbot.waitSignal(model.page_loaded, timeout=5000):
        model.fetchMore()
    assert model.rowCount() == PAGE_SIZE + 30
    assert not model.canFetchMore()
    wait_idle(qtbot, ui)


def test_double_click_opens_the_dossier(ui: UiRuntime, qtbot: Any) -> None:
    ids = seed(ui)
    reload(ui, qtbot)
    page = ui.window.dossiers
    row = page.column_texts(COL_PERSON).index("Nguyễn Văn An")
    with qtbot.waitSignal(ui.window.dossier_opened, timeout=5000) as opened:
        page.table.doubleClicked.emit(page.model.index(row, 0))
    assert opened.args[0].view.id == ids["an"]
    wait_idle(qtbot, ui)
