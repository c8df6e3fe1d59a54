"""build.spec stays in step with the code: what it excludes is really unused, what it names exists.

Building the bundle takes minutes (scripts/build_bundle.py runs in CI after the suite); these
checks take milliseconds and catch the usual breakages first: a new import of a module the spec
leaves out, a hidden import that was renamed, a resource folder that moved.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

import helper_app

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "build.spec"


def _spec_list(name: str) -> list[str]:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            assert isinstance(value, list)
            return [str(v) for v in value]
    raise AssertionError(f"build.spec has no {name} list")


def _imported_top_levels(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


# Imports of excluded modules that only the developer demo reaches (``helper-app --demo``).
# The demo's window side (splash, background start) imports it lazily, inside ``run_demo``; in
# the bundle the CLI answers ``--demo`` before reaching it (docs/packaging.md).
DEMO_ONLY = {("helper_app/ui/demo_start.py", "helper_app.demo")}


def test_excluded_modules_are_not_imported_by_the_desktop_app() -> None:
    excludes = _spec_list("excludes")
    offenders = []
    for file in sorted((ROOT / "helper_app").rglob("*.py")):
        if file.name == "demo.py":  # excluded on purpose: developers run ./run-demo.sh
            continue
        for module in _imported_top_levels(file):
            for excluded in excludes:
                where = (file.relative_to(ROOT).as_posix(), module)
                if where in DEMO_ONLY:
                    continue
                if module == excluded or module.startswith(excluded + "."):
                    offenders.append(f"{file.relative_to(ROOT)} imports {module}")
    assert not offenders, "the bundle would lack: " + "; ".join(offenders)


def test_web_engine_and_the_server_are_left_out() -> None:
    excludes = set(_spec_list("excludes"))
    assert {"PySide6.QtWebEngineCore", "helper_server", "uvicorn", "fastapi"} <= excludes


@pytest.mark.parametrize("module", _spec_list("hiddenimports"))
def test_hidden_imports_exist(module: str) -> None:
    assert importlib.util.find_spec(module) is not None, module


def test_every_hidden_import_and_exclusion_is_commented() -> None:
    lines = SPEC.read_text(encoding="utf-8").splitlines()
    for name in ("hiddenimports", "excludes"):
        start = next(i for i, line in enumerate(lines) if line.startswith(f"{name} = ["))
        end = next(i for i in range(start, len(lines)) if lines[i] == "]")
        last_comment = start - 1 if lines[start - 1].startswith("#") else None
        for i in range(start + 1, end):
            line = lines[i].strip()
            if line.startswith("#"):
                last_comment = i
            elif line:
                assert "#" in line or last_comment is not None, f"{name}: {line} has no comment"


def test_resources_named_in_the_spec_exist_and_the_version_is_the_package_one() -> None:
    text = SPEC.read_text(encoding="utf-8")
    for folder in ("forms", "units", "i18n"):
        assert f'"{folder}"' in text or f"/ {folder!r}".replace("'", '"') in text
        assert any((ROOT / "resources" / folder).iterdir())
    assert '"helper_app" / "__init__.py"' in text
    assert helper_app.__version__ in (ROOT / "helper_app" / "__init__.py").read_text()
    assert "upx=False" in text and "HELPER_APP_BUILD_DEBUG" in text
