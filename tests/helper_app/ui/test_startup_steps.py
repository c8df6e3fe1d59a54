"""The composition root's log lines follow the steps its docstring lists, in order.

An engineer reading a field laptop's ``helper.log`` after a start that went wrong matches
"step N" with the list in :mod:`helper_app.ui.app`; the numbers used to disagree (the docstring
had ten steps, the log skipped 4 and 8). A real start of the window writes the log read here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import helper_app.ui.app as ui_app
from helper_app.config import resolve_paths
from helper_app.ui.qt import QTimer
from tests.helpers.commands import PLAIN_ENV

pytestmark = pytest.mark.gui


def _documented_steps() -> list[int]:
    assert ui_app.__doc__ is not None
    return [int(n) for n in re.findall(r"^(\d+)\. \*\*", ui_app.__doc__, flags=re.MULTILINE)]


def _logged_steps(log_dir: Path) -> list[int]:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(log_dir.glob("helper.log*")))
    return [int(n) for n in re.findall(r"step (\d+): ", text)]


def test_every_documented_step_logs_its_line_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    for key, value in PLAIN_ENV.items():
        monkeypatch.setenv(key, value)
    paths = resolve_paths(tmp_path / "data")

    def close(runtime: ui_app.UiRuntime) -> None:
        QTimer.singleShot(0, runtime.window.close)

    assert ui_app.run([], paths=paths, on_ready=close) == 0
    documented = _documented_steps()
    assert documented == list(range(1, len(documented) + 1))
    assert _logged_steps(paths.log_dir) == documented
