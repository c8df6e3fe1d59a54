"""The core runs without Qt: nothing outside helper_app/ui imports PySide6.

import-linter checks the same contract in CI (see pyproject.toml); this test keeps it true for
anyone who only runs pytest, and it reads the source, so it cannot be fooled by import order.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _core_files() -> list[Path]:
    files = list((ROOT / "helper_app").rglob("*.py")) + list((ROOT / "helper_server").rglob("*.py"))
    ui_dir = ROOT / "helper_app" / "ui"
    return [f for f in files if not f.is_relative_to(ui_dir)]


def test_core_modules_exist() -> None:
    assert len(_core_files()) > 5


def test_no_qt_outside_ui() -> None:
    offenders = [
        str(f.relative_to(ROOT))
        for f in _core_files()
        if any(m == "PySide6" or m.startswith("PySide6.") for m in _imported_modules(f))
    ]
    assert offenders == [], f"these core modules import PySide6: {offenders}"


def test_detector_sees_a_qt_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    assert "PySide6.QtCore" in _imported_modules(sample)
