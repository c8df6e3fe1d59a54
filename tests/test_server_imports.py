"""The server reuses only the parts of the client it is meant to (DESIGN, issue 13 item 1).

helper_server may import helper_app's forms, the sync wire models (``sync.protocol``,
``sync.lifecycle``), ``text``, and the provisioning *format* (``provisioning.format`` and the
link's text, ``provisioning.link``), and nothing else: before, it imported the old
``helper_app.provisioning``, which pulled in ``sync.catalog_sync``, ``sync.http`` and
``requests``, and the import contract, naming modules one by one, missed it. This test follows
every import, transitively, from the server's source files through helper_app, so a new module
on either side is covered without editing a list.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = (
    "helper_app",  # the package itself: __version__
    "helper_app.forms",
    "helper_app.sync",  # the package's __init__ (empty), for the two modules below
    "helper_app.sync.protocol",
    "helper_app.sync.lifecycle",
    "helper_app.text",
    "helper_app.config",  # where the bundled resources are (the forms read their units there)
    "helper_app.provisioning",  # the package's __init__ (imports nothing)
    "helper_app.provisioning.format",
    "helper_app.provisioning.link",
)


def _module_file(name: str) -> Path | None:
    base = ROOT / Path(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            for alias in node.names:  # "from helper_app.forms import catalog" names a module
                found.add(f"{node.module}.{alias.name}")
    return {n for n in found if n == "helper_app" or n.startswith("helper_app.")}


def _allowed(name: str) -> bool:
    return any(name == a or (a == "helper_app.forms" and name.startswith(a + ".")) for a in ALLOWED)


def reached_from_server() -> dict[str, str]:
    """Every helper_app module the server reaches, with the file that first imports it."""
    seen: dict[str, str] = {}
    todo = [(p, str(p.relative_to(ROOT))) for p in (ROOT / "helper_server").rglob("*.py")]
    while todo:
        path, _ = todo.pop()
        for name in sorted(_imports(path)):
            file = _module_file(name)
            if file is None or name in seen:  # a name imported from a module, not a module
                continue
            seen[name] = str(path.relative_to(ROOT))
            todo.append((file, name))
    return seen


def test_the_server_reaches_only_the_shared_parts_of_the_client() -> None:
    reached = reached_from_server()
    assert "helper_app.provisioning.format" in reached, "the walk follows the server's imports"
    wrong = {name: by for name, by in reached.items() if not _allowed(name)}
    assert wrong == {}, f"the server reaches parts of the client it must not: {wrong}"


def test_the_walk_would_see_a_laptop_module(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from helper_app.provisioning import apply\n", encoding="utf-8")
    assert "helper_app.provisioning.apply" in _imports(sample)
    assert not _allowed("helper_app.provisioning.apply")
    assert not _allowed("helper_app.sync.http") and _allowed("helper_app.forms.catalog")
