"""A stacked bar chart as inline SVG, drawn on the server (no script, no build step).

One bar per week, one coloured segment per status, a legend underneath; every segment has a
``<title>`` so hovering shows the exact count, and the page also shows the same numbers as a
table for those who would rather read. Colours are fixed per status so weeks compare at a glance.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

from helper_app.sync.lifecycle import DossierStatus

COLOURS: dict[DossierStatus, str] = {
    DossierStatus.SUBMITTED: "#f0a202",
    DossierStatus.SUPPLEMENT_REQUESTED: "#d1495b",
    DossierStatus.RECEIVED: "#3a86ff",
    DossierStatus.PROCESSING: "#8338ec",
    DossierStatus.COMPLETED: "#2a9d8f",
    DossierStatus.REJECTED: "#6c757d",
    DossierStatus.WITHDRAWN: "#adb5bd",
}

WIDTH = 760
HEIGHT = 260
LEFT = 40
BOTTOM = 40
TOP = 10


MAX_GRID_STEPS = 5


def ticks(maximum: int) -> list[int]:
    """Whole-number gridlines from 0 to at least ``maximum``: a 1-2-5 step, at most
    :data:`MAX_GRID_STEPS` steps. (Quarters of a "nice" top gave 0, 1, 2, 3, 5 on evenly spaced
    lines, so a week of 4 dossiers read 3.2.)"""
    wanted = max(maximum, 1)
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            steps = -(-wanted // step)  # ceiling
            if steps <= MAX_GRID_STEPS:
                return [step * n for n in range(steps + 1)]
        magnitude *= 10


def stacked_weeks(
    weeks: Sequence[dt.date],
    counts: Mapping[dt.date, Counter[str]],
    order: Sequence[DossierStatus],
    labels: Mapping[DossierStatus, str],
    *,
    title: str,
) -> Markup:
    """The SVG of dossiers per week stacked by status."""
    grid = ticks(max((sum(counts[w].values()) for w in weeks), default=0))
    top = grid[-1]
    plot_h = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT - 10) / max(1, len(weeks))
    bar = slot * 0.7
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT + 40}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for value in grid:
        y = TOP + plot_h - plot_h * value / top
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{value}</text>'
        )
    for i, week in enumerate(weeks):
        x = LEFT + i * slot + (slot - bar) / 2
        y = TOP + plot_h
        for status in order:
            count = counts[week].get(status.value, 0)
            if not count:
                continue
            h = plot_h * count / top
            y -= h
            tip = f"{week:%d/%m}: {labels[status]} {count}"
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{COLOURS[status]}"><title>{escape(tip)}</title></rect>'
            )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" '
            f'font-size="11">{week:%d/%m}</text>'
        )
    x = float(LEFT)
    for status in order:
        label = escape(labels[status])
        parts.append(
            f'<rect x="{x:.0f}" y="{HEIGHT + 8}" width="12" height="12" '
            f'fill="{COLOURS[status]}"/>'
            f'<text x="{x + 16:.0f}" y="{HEIGHT + 18}" font-size="12">{label}</text>'
        )
        x += 26 + 7.2 * len(labels[status])
    parts.append("</svg>")
    return Markup("".join(parts))
