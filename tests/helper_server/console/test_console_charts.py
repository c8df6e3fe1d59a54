"""The figures chart's y-axis: whole-number ticks, each drawn at its own height (issue 14 #7).

The ticks were quarters of a rounded top (0, 1, 2, 3, 5 on evenly spaced lines), so a week with 4
dossiers reached a line labelled between 3 and 5. Checked on the rendered SVG: every label is a
whole number at the height of its value, and a bar ends exactly on the line of its count.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helper_app.sync.lifecycle import DossierStatus
from helper_server.console.charts import BOTTOM, HEIGHT, MAX_GRID_STEPS, TOP, stacked_weeks, ticks

LABEL = re.compile(r'<text x="[\d.]+" y="([\d.]+)" text-anchor="end" font-size="11">(\d+)</text>')
BAR = re.compile(
    r'<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)" fill="[^"]+"><title>'
)
WEEK = dt.date(2026, 11, 30)
PLOT = HEIGHT - BOTTOM - TOP


def _chart(count: int) -> str:
    counts = {WEEK: Counter({DossierStatus.SUBMITTED.value: count})}
    labels = {DossierStatus.SUBMITTED: "Đã gửi"}
    return str(stacked_weeks([WEEK], counts, [DossierStatus.SUBMITTED], labels, title="Tuần"))


def _height_of(value: int, top: int) -> float:
    return TOP + PLOT - PLOT * value / top


@pytest.mark.parametrize("count", [1, 3, 4, 7, 12, 38, 260])
def test_labels_are_whole_numbers_at_their_own_height(count: int) -> None:
    svg = _chart(count)
    labels = [(float(y), int(v)) for y, v in LABEL.findall(svg)]
    values = [v for _, v in labels]
    assert values[0] == 0 and values == sorted(values) and values[-1] >= count
    top = values[-1]
    for y, value in labels:
        assert y - 4 == pytest.approx(_height_of(value, top), abs=0.06), (value, svg)
    [(bar_y, _h)] = BAR.findall(svg)
    assert float(bar_y) == pytest.approx(_height_of(count, top), abs=0.06)
    if count in values:  # the bar ends on the line of its count ("4" reads 4)
        line = next(y for y, v in labels if v == count)
        assert float(bar_y) == pytest.approx(line - 4, abs=0.06)


def test_four_dossiers_reach_the_line_labelled_four() -> None:
    assert ticks(4) == [0, 1, 2, 3, 4]
    assert ticks(0) == [0, 1]


@given(st.integers(min_value=0, max_value=100_000))
def test_ticks_step_evenly_and_cover_the_maximum(maximum: int) -> None:
    grid = ticks(maximum)
    step = grid[1] - grid[0]
    assert grid[0] == 0 and grid[-1] >= maximum
    assert all(b - a == step for a, b in zip(grid, grid[1:], strict=False))
    assert len(grid) - 1 <= MAX_GRID_STEPS
    assert str(step).strip("0") in ("1", "2", "5")
