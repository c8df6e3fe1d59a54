"""The core and the server work on a machine without Qt.

STYLE.md asks for a CI job that uninstalls PySide6 and runs the non-UI code. A second virtual
environment would double the install time, so this test does the equivalent in a subprocess: an
import hook makes every ``PySide6`` import fail, then every module outside ``helper_app.ui`` is
imported and a headless command runs. A core module that reaches for Qt, even indirectly, fails.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BLOCK_QT_AND_IMPORT_CORE = textwrap.dedent(
    """
    import importlib, importlib.abc, pkgutil, sys

    class NoQt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "PySide6" or name.startswith("PySide6."):
                raise ImportError("PySide6 is blocked: the core must run without Qt")
            return None

    sys.meta_path.insert(0, NoQt())
    import helper_app, helper_server
    failed = []
    for pkg in (helper_app, helper_server):
        for mod in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
            if (
                mod.name.startswith("helper_app.ui")
                or mod.name.endswith("__main__")
                or ".migrations" in mod.name
            ):
                continue
            try:
                importlib.import_module(mod.name)
            except ImportError as exc:
                failed.append(f"{mod.name}: {exc}")
    if failed:
        print("\\n".join(failed))
        sys.exit(1)
    from helper_app.cli import main
    sys.exit(main(["forms", "list"]))
    """
)


def test_core_imports_and_runs_without_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_QT_AND_IMPORT_CORE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_blocker_really_blocks() -> None:
    code = BLOCK_QT_AND_IMPORT_CORE.replace(
        "import helper_app, helper_server", "import PySide6.QtCore  # must fail\\nimport helper_app"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "PySide6 is blocked" in result.stderr
