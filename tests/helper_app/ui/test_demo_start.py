"""``helper-app --demo`` with real widgets: splash first, no lock on the throwaway passphrase.

The demo used to show nothing for the whole preparation (14.7 s at load 2), and without a
keyring it locked itself after 5 idle minutes behind a passphrase it never showed. Each test
runs the real :func:`helper_app.ui.demo_start.run_demo` (a real server subprocess, the real
seeding through the sync engine) in a temporary directory of its own.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from helper_app import demo
from helper_app.ui.app import UiRuntime
from helper_app.ui.demo_start import DemoSplash, run_demo
from helper_app.ui.qt import QApplication, QTimer

pytestmark = pytest.mark.gui

SERVER_DELAY_S = 1.5
PIN = "135790"


def passes(runtime: UiRuntime) -> list[object]:
    """Record the window's sync passes (connect first thing in on_ready: none is lost)."""
    assert runtime.sync is not None
    finished: list[object] = []
    runtime.sync.pass_finished.connect(finished.append)
    runtime.sync.pass_failed.connect(finished.append)
    return finished


def settle(runtime: UiRuntime, qtbot: Any, finished: list[object]) -> None:
    """Let the first sync pass and the first loads finish before the window closes.

    (Closing during the window's first sync pass makes its late answer reach a task runner
    that is already shut down.)
    """
    qtbot.waitUntil(lambda: bool(finished), timeout=20000)
    qtbot.waitUntil(lambda: not runtime.tasks.busy, timeout=10000)


@pytest.fixture
def demo_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Temporary demo directories go to a directory of the test's own."""
    base = tmp_path / "tmp"
    base.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(base))
    return base


@pytest.mark.timing
def test_the_splash_is_painted_before_the_server_answers(
    demo_tmp: Path, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    marks: dict[str, float] = {}
    real_start = demo.start_server

    def slow_start(directory: Path, db_url: str, blob_dir: Path) -> demo.DemoServer:
        time.sleep(SERVER_DELAY_S)  # a slow machine
        server = real_start(directory, db_url, blob_dir)
        marks["server"] = time.perf_counter()
        return server

    monkeypatch.setattr(demo, "start_server", slow_start)

    def splashed(splash: DemoSplash) -> None:
        marks["splash"] = time.perf_counter()
        assert splash.isVisible()
        assert "Đang chuẩn bị" in splash.status.text()
        assert "server" not in marks

    def ready(runtime: UiRuntime) -> None:
        marks["window"] = time.perf_counter()
        finished = passes(runtime)
        splashes = [w for w in QApplication.topLevelWidgets() if isinstance(w, DemoSplash)]
        assert all(not s.isVisible() for s in splashes)  # the splash is gone with the window
        settle(runtime, qtbot, finished)
        QTimer.singleShot(0, runtime.window.close)

    started = time.perf_counter()
    assert run_demo([], on_ready=ready, on_splash=splashed) == 0
    assert marks["splash"] - started < 1.0
    assert marks["splash"] < marks["server"] < marks["window"]
    assert list(demo_tmp.iterdir()) == []  # closing the window removed the demo directory


def test_the_demo_never_locks_on_its_throwaway_passphrase_only_with_a_pin(
    demo_tmp: Path, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    # The machine's keyring may be fine: force the no-keyring path (a throwaway passphrase).
    monkeypatch.setattr(demo, "demo_passphrase", lambda _paths: "throwaway-demo-passphrase-1")
    seen: dict[str, Any] = {}

    def ready(runtime: UiRuntime) -> None:
        finished = passes(runtime)
        lock = runtime.window.lock
        assert lock.passphrase_mode  # the store really is behind the throwaway passphrase
        lock.set_idle_minutes(0.003)  # 0.18 s of idle time
        qtbot.wait(1500)
        seen["locked_without_pin"] = lock.locked
        seen["lock_now"] = lock.lock_now()  # Ctrl+L: nothing to unlock with, so no lock
        saved: list[bool] = []
        lock.set_pin(PIN, done=lambda: saved.append(True))
        qtbot.waitUntil(lambda: saved == [True], timeout=10000)
        qtbot.waitUntil(lambda: lock.locked, timeout=5000)  # a PIN the user set: it locks
        screen = runtime.window.lock_screen
        seen["hint"] = screen.hint.text()
        lock.set_idle_minutes(5)
        screen.secret.setText("throwaway-demo-passphrase-1")  # the passphrase does not open it
        screen.unlock_button.click()
        qtbot.waitUntil(lambda: screen.unlock_button.isEnabled(), timeout=10000)
        seen["passphrase_opened"] = not lock.locked
        screen.secret.setText(PIN)
        screen.unlock_button.click()
        qtbot.waitUntil(lambda: not lock.locked, timeout=10000)
        settle(runtime, qtbot, finished)
        QTimer.singleShot(0, runtime.window.close)

    assert run_demo([], on_ready=ready) == 0
    assert seen["locked_without_pin"] is False
    assert seen["lock_now"] is False
    assert seen["hint"].startswith("Nhập mã PIN để tiếp tục.")
    assert seen["passphrase_opened"] is False
    assert list(demo_tmp.iterdir()) == []


def test_the_splash_is_painted_before_the_store_and_window_code_load(tmp_path: Path) -> None:
    """``helper-app --demo`` paints first and imports after (1.1 s before, 0.3 s after)."""
    import os
    import subprocess
    import sys

    probe = (
        "import os, sys\n"
        "from helper_app.ui import demo_start\n"
        "class Probe(demo_start.DemoSplash):\n"
        "    def __init__(self, *a, **k):\n"
        "        super().__init__(*a, **k)\n"
        "        self.painted.connect(self.report)\n"
        "    def report(self):\n"
        "        heavy = ['sqlmodel', 'helper_app.demo', 'helper_app.ui.app',\n"
        "                 'helper_app.commands']\n"
        "        print(sorted(m for m in heavy if m in sys.modules), flush=True)\n"
        "        os._exit(0)\n"
        "demo_start.DemoSplash = Probe\n"
        "from helper_app.cli import main\n"
        "main(['--demo'])\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp_path))
    out = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.stdout.strip() == "[]", (out.stdout, out.stderr[-2000:])
