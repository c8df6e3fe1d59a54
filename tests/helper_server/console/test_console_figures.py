"""The figures page over HTTP (ward-scoped counts, share, medians, chart) and its pure parts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from helper_app.sync.lifecycle import DossierStatus
from helper_server.console.figures import (
    BOM,
    _cell,
    duration_text,
    queue_csv,
    week_start,
)
from helper_server.console.i18n import TEXTS
from helper_server.console.queries import QueueRow
from tests.helper_server.console.desk import sign_in
from tests.helper_server.world import Ward, set_status, submitted
from tests.helpers.live_server import LiveServer

LIVE_SERVER = True
"""A threat test of docs/security.md: against a real server process."""


def test_figures_page_counts_only_the_ward(
    server: LiveServer, ward: Ward, other_ward: Ward
) -> None:
    first, _ = submitted(ward)
    second, _ = submitted(ward)
    submitted(other_ward)
    assert set_status(ward, first, "received").status_code == 200
    assert set_status(ward, first, "completed").status_code == 200
    assert set_status(ward, second, "received").status_code == 200
    desk = sign_in(server, ward.officer)
    page = desk.get("/console/figures")
    assert page.status_code == 200
    html = page.text
    assert "100.0%" in html and "2/2" in html  # both pushed by the ward's volunteer
    assert "2 hồ sơ" in html and "1 hồ sơ" in html  # medians over 2 receipts, 1 completion
    assert html.count("<svg") == 1 and "<rect" in html
    assert "Giấy phép thử" in html  # the per-procedure table uses titles, not codes
    english = desk.get("/console/figures?lang=en").text
    assert "Share sent through volunteers" in english
    desk.close()


def test_every_text_has_both_languages() -> None:
    for key, (vi, en) in TEXTS.items():
        assert vi.strip() and en.strip(), key
    for status in DossierStatus:
        assert f"status.{status.value}" in TEXTS


def test_durations_read_naturally() -> None:
    assert duration_text(None, "vi") == "chưa có"
    assert duration_text(90, "vi") == "1 phút"
    assert duration_text(3 * 3600 + 120, "en") == "3 h 2 min"
    assert duration_text(2 * 86400 + 5 * 3600, "vi") == "2 ngày 5 giờ"


def test_weeks_start_on_monday_vietnam_time() -> None:
    sunday_night_utc = dt.datetime(2026, 11, 22, 18, 0, tzinfo=dt.UTC)  # Monday 01:00 in Hà Nội
    assert week_start(sunday_night_utc) == dt.date(2026, 11, 23)


@settings(max_examples=150)
@given(st.text(max_size=40))
def test_csv_cells_never_start_a_formula(text: str) -> None:
    cell = _cell(text)
    assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert cell.endswith(text)


def test_csv_has_bom_once_and_vietnamese_headers() -> None:
    now = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)
    row = QueueRow(
        uuid.UUID(int=1),
        "x",
        1,
        DossierStatus.RECEIVED,
        2,
        "07627-20261125-0001",
        1,
        "=cmd",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        now,
        now,
    )
    titles = {"x": "+Thủ tục X"}
    data = b"".join(queue_csv([row, row], lang="vi", titles=titles)).decode("utf-8")
    assert data.startswith(BOM) and data.count(BOM) == 1
    lines = data[1:].splitlines()
    assert lines[0].startswith("Mã hồ sơ,ID hồ sơ,Thủ tục,Trạng thái")
    cells = next(csv.reader(io.StringIO(lines[1])))
    assert cells[2:6] == ["'+Thủ tục X", "Đã tiếp nhận", "'=cmd", "'@SUM(1+1)*cmd|' /C calc'!A0"]
    assert all(c[:1] not in ("=", "+", "-", "@", "\t", "\r") for c in cells), cells
    assert lines[1].endswith("2026-11-25 09:00,2026-11-25 09:00")
