"""The allowlist import contract (scripts/import_contracts.py) sees what the server reaches.

Built on a throwaway pair of packages so that the test shows both outcomes: a server that only
reaches an allowed module keeps the contract; one that reaches a forbidden module through an
allowed-looking chain breaks it, and the chain is reported.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import grimp
import pytest

from scripts.import_contracts import AllowlistContract


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def packages(tmp_path: Path) -> Iterator[Path]:
    _write(
        tmp_path,
        {
            "cli_pkg/__init__.py": "",
            "cli_pkg/forms/__init__.py": "",
            "cli_pkg/forms/model.py": "import cli_pkg.text\n",
            "cli_pkg/text.py": "",
            "cli_pkg/store.py": "",
            "srv_pkg/__init__.py": "",
            "srv_pkg/api.py": "from cli_pkg.forms import model\n",
        },
    )
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))


def _check(root: Path) -> tuple[bool, dict[str, list[str]]]:
    graph = grimp.build_graph("cli_pkg", "srv_pkg", cache_dir=None)
    contract = AllowlistContract(
        name="server allowlist",
        session_options={"root_packages": ["cli_pkg", "srv_pkg"]},
        contract_options={
            "source_modules": ["srv_pkg"],
            "within": "cli_pkg",
            "allowed_modules": ["cli_pkg.forms", "cli_pkg.text"],
        },
    )
    result = contract.check(graph, verbose=False)
    return result.kept, result.metadata["chains"]


def test_reaching_only_allowed_modules_keeps_the_contract(packages: Path) -> None:
    kept, chains = _check(packages)
    assert kept and chains == {}


def test_a_forbidden_module_reached_through_an_allowed_one_breaks_it(packages: Path) -> None:
    _write(packages, {"cli_pkg/text.py": "import cli_pkg.store\n"})
    kept, chains = _check(packages)
    assert not kept
    assert chains == {
        "cli_pkg.store": ["srv_pkg.api", "cli_pkg.forms.model", "cli_pkg.text", "cli_pkg.store"]
    }
