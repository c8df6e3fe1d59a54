"""``scripts/bootstrap.sh``: the demo installs the app only, the tests add the dev extra, once.

The demo's virtualenv was 884 MB because bootstrap always installed the dev tools (PyInstaller,
Playwright, mypy...). The script runs here against a fake ``.venv/bin/python`` that records
what it was asked to install, so the stamp logic is tested without touching the network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def checkout(tmp_path: Path) -> Path:
    """A copy of bootstrap.sh and pyproject.toml with a fake venv python logging its args."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "bootstrap.sh", tmp_path / "scripts" / "bootstrap.sh")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    fake = bin_dir / "python"
    fake.write_text('#!/bin/sh\necho "$*" >> "$(dirname "$0")/../calls.log"\n')
    fake.chmod(0o755)
    return tmp_path


def bootstrap(repo: Path, *args: str) -> list[str]:
    """Run bootstrap.sh; return the pip installs it made (not the pip self-upgrade)."""
    log = repo / ".venv" / "calls.log"
    log.unlink(missing_ok=True)
    subprocess.run(
        ["bash", str(repo / "scripts" / "bootstrap.sh"), *args],
        check=True,
        capture_output=True,
        timeout=60,
    )
    calls = log.read_text().splitlines() if log.exists() else []
    return [c for c in calls if "--upgrade pip" not in c]


def stamp(repo: Path) -> str:
    return (repo / ".venv" / ".helper-installed").read_text().strip()


def test_demo_then_tests_then_demo(tmp_path: Path) -> None:
    repo = checkout(tmp_path)
    assert bootstrap(repo) == ["-m pip install --quiet -e ."]
    assert stamp(repo) == "extras="
    assert bootstrap(repo) == []  # the demo again: nothing to do
    assert bootstrap(repo, "--dev") == ["-m pip install --quiet -e .[dev]"]
    assert stamp(repo) == "extras=dev"
    assert bootstrap(repo) == []  # the demo after the tests reinstalls nothing
    assert bootstrap(repo, "--dev") == []


def test_a_newer_pyproject_installs_again(tmp_path: Path) -> None:
    repo = checkout(tmp_path)
    bootstrap(repo, "--dev")
    later = (repo / ".venv" / ".helper-installed").stat().st_mtime + 10
    os.utime(repo / "pyproject.toml", (later, later))
    assert bootstrap(repo) == ["-m pip install --quiet -e ."]
    assert stamp(repo) == "extras="  # the dev tools may be stale now: the tests reinstall them
    assert bootstrap(repo, "--dev") == ["-m pip install --quiet -e .[dev]"]


def test_an_empty_stamp_from_before_the_modes_counts_as_dev(tmp_path: Path) -> None:
    repo = checkout(tmp_path)
    (repo / ".venv" / ".helper-installed").write_text("")
    assert bootstrap(repo, "--dev") == []
    assert bootstrap(repo) == []


def test_run_demo_uses_the_runtime_install_and_run_tests_the_dev_one() -> None:
    demo = (ROOT / "run-demo.sh").read_text(encoding="utf-8")
    tests = (ROOT / "run-tests.sh").read_text(encoding="utf-8")
    assert "bash scripts/bootstrap.sh\n" in demo and "--dev" not in demo
    assert "bash scripts/bootstrap.sh --dev\n" in tests
    # run-demo.sh says something before the (possibly long) install
    assert demo.index("echo ") < demo.index("bash scripts/bootstrap.sh")
