"""``helper-app --self-test`` from source: passes here, and reports what is wrong when not.

The bundle runs the same code (scripts/build_bundle.py); this fast test keeps the self-test
itself honest on every run of the suite.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helper_app import selftest
from helper_app.forms import Catalog, UnitDirectory
from helper_app.forms.catalog import definition_from_object
from tests.helper_server.world import PERMIT


def test_self_test_passes_from_source(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    env.pop("HELPER_SELFTEST", None)
    done = subprocess.run(
        [sys.executable, "-m", "helper_app", "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    for check in ("resources", "catalog", "crypto", "keyring", "qr", "store", "ui"):
        line = next(x for x in lines if x.split(" ", 2)[-1].startswith(check) or f" {check} " in x)
        assert line.startswith(("OK", "WARN")), line
    assert "Self-test passed" in lines[-1]
    assert not (tmp_path / ".local" / "share" / "helper_app").exists(), "user data touched"
    # Qt said "QBasicTimer::start: current thread's event dispatcher has already been
    # destroyed" 30 times at exit (form editors deleted too late): a clean run says nothing.
    assert "QBasicTimer" not in done.stderr, done.stderr[-2000:]


def test_a_failing_check_fails_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> str:
        raise RuntimeError("resources are missing")

    monkeypatch.setattr(selftest, "check_resources", broken)
    out = io.StringIO()
    assert selftest.main(render=False, out=out) == 1
    text = out.getvalue()
    assert "FAIL resources" in text and "resources are missing" in text
    assert "KHÔNG ĐẠT" in text and "FAILED" in text


def test_an_example_that_does_not_validate_is_reported() -> None:
    raw = dict(PERMIT)
    raw["examples"] = [{"name": "bad", "data": {"birth_date": "1990-01-02"}}]
    catalog = Catalog([definition_from_object(raw)])
    with pytest.raises(RuntimeError, match="test_permit@1 examples\\[0\\] full_name"):
        selftest.check_catalog(catalog, UnitDirectory.bundled())


def test_examples_are_checked_at_their_own_date() -> None:
    definition = Catalog.bundled().get("birth_registration")
    data = dict(definition.examples[0].data)
    day = selftest.example_day(definition, data)
    assert day >= definition.effective_from
    assert day == max(
        dt.date.fromisoformat(v)
        for v in data.values()
        if isinstance(v, str) and len(v) == 10 and v[4] == "-"
    )


def test_keyring_answer_is_ok_or_warn_never_fail() -> None:
    level, detail = selftest.check_keyring()
    assert level in ("OK", "WARN")
    assert "keyring" in detail.lower()


def test_startup_probe_opens_the_real_window_and_quits(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
        "HELPER_SELFTEST": "startup",
    }
    done = subprocess.run(
        [sys.executable, "-m", "helper_app", "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("startup: window ") and "after main()" in done.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's xcb plugin is Linux's")
def test_a_missing_x11_library_is_named_instead_of_qt_aborting(tmp_path: Path) -> None:
    """On X11 with ``libxcb-cursor.so.0`` missing Qt aborted the self-test (rc 134) unnamed."""
    code = (
        "import sys\n"
        "from helper_app import platform_libs\n"
        "platform_libs.unresolved = lambda path: "
        "['libxcb-cursor.so.0'] if path.name == 'libqxcb.so' else []\n"
        "from helper_app.selftest import main\n"
        "sys.exit(main())\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "HOME": str(tmp_path)}
    env.pop("HELPER_SELFTEST", None)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 1, done.stdout + done.stderr
    window = next(x for x in done.stdout.splitlines() if "window system" in x)
    assert window.startswith("FAIL")
    assert "missing system library libxcb-cursor.so.0 (Debian package libxcb-cursor0)" in window
    assert "apt-get install libxcb-cursor0" in window
    ui = next(x for x in done.stdout.splitlines() if " ui / " in x)
    assert "skipped" in ui


def test_the_window_system_check_warns_when_offscreen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Offscreen works without the X11 libraries; a desktop would not: a warning, not a FAIL."""
    from helper_app import platform_libs

    monkeypatch.setattr(
        platform_libs,
        "unresolved",
        lambda path: ["libxcb-icccm.so.4"] if path.name == "libqxcb.so" else [],
    )
    level, detail = selftest.check_window_system({"QT_QPA_PLATFORM": "offscreen"})
    assert level == "WARN"
    assert "libxcb-icccm.so.4 (Debian package libxcb-icccm4)" in detail
    level, _ = selftest.check_window_system({"QT_QPA_PLATFORM": "xcb"})
    assert level == "FAIL"
