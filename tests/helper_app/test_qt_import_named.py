"""A missing system library that stops Qt from being imported is named, not a traceback.

Found on a bare Debian (a fresh chroot with only Python): ``./run-demo.sh`` ended in
``ImportError: libglib-2.0.so.0: cannot open shared object file`` from ``PySide6.QtCore``,
with no word of the package. The loader's answer is simulated (a library cannot be taken
away from this machine while other tests use it): the import of PySide6 fails as it does
there, and ``ldd`` reports the library missing for Qt's core library.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SIMULATE = (
    "import sys\n"
    "from helper_app import platform_libs\n"
    "class NoQt:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name.startswith('PySide6.Qt'):\n"
    "            raise ImportError('libglib-2.0.so.0: cannot open shared object file')\n"
    "sys.meta_path.insert(0, NoQt())\n"
    "platform_libs.unresolved = lambda path: {MISSING}\n"
    "from helper_app.cli import main\n"
    "sys.exit(main({ARGV}))\n"
)


def _run(tmp_path: Path, argv: list[str], missing: str) -> subprocess.CompletedProcess[str]:
    code = SIMULATE.replace("{MISSING}", missing).replace("{ARGV}", repr(argv))
    env = {**os.environ, "HOME": str(tmp_path), "TMPDIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd and Debian packages")
@pytest.mark.parametrize("argv", [["--demo"], ["--data-dir", "DATA"]], ids=["demo", "window"])
def test_the_missing_library_and_its_package_are_named(tmp_path: Path, argv: list[str]) -> None:
    argv = [str(tmp_path / "data") if a == "DATA" else a for a in argv]
    missing = "['libglib-2.0.so.0'] if path.name == 'libQt6Core.so.6' else []"
    done = _run(tmp_path, argv, missing)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "missing system library libglib-2.0.so.0 (Debian package libglib2.0-0)" in done.stderr
    assert "sudo apt-get install libglib2.0-0" in done.stderr
    assert "Không chạy được giao diện" in done.stderr


def test_an_import_error_of_another_cause_is_not_disguised(tmp_path: Path) -> None:
    """When every library resolves, the ImportError is a real bug: its traceback stays."""
    done = _run(tmp_path, ["--demo"], "[]")
    assert done.returncode == 1
    assert "ImportError: libglib-2.0.so.0" in done.stderr
    assert "apt-get" not in done.stderr
