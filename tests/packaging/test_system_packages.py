"""The system libraries Qt's window plugins need: present here, listed once, quoted exactly.

A fresh Debian machine ran the whole suite green and then the bundle's X11 self-test aborted
(``libxcb-cursor0 is needed to load the Qt xcb platform plugin``, rc 134): nothing in the suite
loads the real X11 plugin. These tests ask the dynamic loader instead, so CI fails here with
the library and its Debian package named, and keep ``scripts/debian-packages-demo.txt``, the
README's ``apt-get`` line and ``.ci/run`` in step with the Qt files the app loads.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from helper_app import platform_libs
from helper_app.platform_libs import (
    WINDOW_PLUGINS,
    debian_package,
    missing_libraries,
    qt_dir,
    wanted_platform,
)

ROOT = Path(__file__).resolve().parents[2]
linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("ldd") is None, reason="needs ldd"
)


def script() -> ModuleType:
    """``scripts/system_packages.py`` as a module."""
    spec = importlib.util.spec_from_file_location(
        "system_packages", ROOT / "scripts" / "system_packages.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@linux_only
def test_every_library_of_the_window_plugins_resolves() -> None:
    qt = qt_dir()
    assert qt is not None and (qt / "plugins" / "platforms" / "libqxcb.so").exists()
    missing = missing_libraries()
    packages = " ".join(sorted({m.package for m in missing}))
    assert missing == [], (
        "\n".join(m.describe() + f" for {', '.join(m.needed_by)}" for m in missing)
        + f"\nsudo apt-get install {packages}  (see scripts/debian-packages-demo.txt)"
    )


@linux_only
@pytest.mark.skipif(shutil.which("dpkg") is None, reason="not a Debian system")
def test_the_demo_list_names_the_package_of_every_library_qt_links() -> None:
    qt = qt_dir()
    assert qt is not None
    tool = script()
    derived = tool.derived_packages(qt)
    assert "libxcb-cursor.so.0" in derived and "libxcb-icccm.so.4" in derived
    assert tool.missing_from_list(qt) == {}


@linux_only
@pytest.mark.skipif(shutil.which("dpkg") is None, reason="not a Debian system")
def test_the_package_naming_rule_agrees_with_dpkg() -> None:
    """The rule names missing libraries' packages, so it must be right for installed ones."""
    qt = qt_dir()
    assert qt is not None
    tool = script()
    libraries = tool.system_libraries(qt)
    paths = {s: tool.resolved_path(users[0], s) for s, users in libraries.items()}
    owners = tool.dpkg_owners([p for p in paths.values() if p is not None])
    checked = {s: owners[p] for s, p in paths.items() if p is not None and p in owners}
    assert len(checked) > 20
    wrong = {s: (debian_package(s), o) for s, o in checked.items() if debian_package(s) != o}
    assert wrong == {}


def test_debian_package_rule() -> None:
    assert debian_package("libxcb-cursor.so.0") == "libxcb-cursor0"
    assert debian_package("libxcb-icccm.so.4") == "libxcb-icccm4"
    assert debian_package("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    assert debian_package("libdbus-1.so.3") == "libdbus-1-3"
    assert debian_package("libgcc_s.so.1") == "libgcc-s1"
    assert debian_package("libglib-2.0.so.0") == "libglib2.0-0"


def test_the_readme_quotes_the_demo_list_exactly() -> None:
    tool = script()
    line = tool.apt_line()
    assert line.startswith("sudo apt-get install python3-venv ")
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert line in readme, f"README.md must contain the line:\n{line}"
    tests_only = set(tool.read_list(tool.TESTS_LIST))
    assert {"postgresql", "chromium", "gnome-keyring", "xvfb"} <= tests_only
    assert not tests_only & set(tool.read_list(tool.DEMO_LIST))


def test_ci_installs_both_lists_and_names_no_package_itself() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/debian-packages-demo.txt" in ci
    assert "scripts/debian-packages-tests.txt" in ci
    for package in ("libxcb-cursor0", "postgresql ", "libegl1"):
        assert package not in ci


def test_window_plugins_exist_in_the_installed_qt() -> None:
    """A renamed plugin in a new PySide6 would silently drop out of every check."""
    qt = qt_dir()
    assert qt is not None
    wanted = [p for p in WINDOW_PLUGINS if sys.platform.startswith("linux")]
    absent = [p for p in wanted if not (qt / p).exists()]
    assert absent == []


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, None),
        ({"QT_QPA_PLATFORM": "xcb;offscreen"}, "xcb"),
        ({"QT_QPA_PLATFORM": "wayland"}, "wayland"),
        ({"DISPLAY": ":0"}, "xcb" if sys.platform.startswith("linux") else None),
        ({}, None),
    ],
)
def test_wanted_platform(environ: dict[str, str], expected: str | None) -> None:
    assert wanted_platform(environ) == expected


def test_a_missing_library_is_named_with_its_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        platform_libs,
        "unresolved",
        lambda path: ["libxcb-cursor.so.0"] if path.name == "libqxcb.so" else [],
    )
    problem = platform_libs.platform_problem({"QT_QPA_PLATFORM": "xcb"})
    assert problem is not None
    assert "missing system library libxcb-cursor.so.0 (Debian package libxcb-cursor0)" in problem
    assert "sudo apt-get install libxcb-cursor0" in problem
    assert platform_libs.platform_problem({"QT_QPA_PLATFORM": "offscreen"}) is None


@linux_only
def test_the_window_refuses_with_a_message_instead_of_qt_aborting(tmp_path: Path) -> None:
    """``helper-app`` on X11 with a library missing exits 1 naming it (Qt alone: rc 134)."""
    code = (
        "import sys\n"
        "from helper_app import platform_libs\n"
        "platform_libs.unresolved = lambda path: "
        "['libxcb-icccm.so.4'] if path.name == 'libqxcb.so' else []\n"
        "from helper_app.cli import main\n"
        "sys.exit(main(['--data-dir', sys.argv[1]]))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "xcb", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "data")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "missing system library libxcb-icccm.so.4 (Debian package libxcb-icccm4)" in (
        done.stderr
    )
