"""Derive the Debian packages the desktop window needs from the Qt files it loads, not by trial.

Usage (from the repository root, with the app installed in .venv)::

    .venv/bin/python scripts/system_packages.py            # print library -> package
    .venv/bin/python scripts/system_packages.py --check    # exit 1 if the demo list lacks one
    .venv/bin/python scripts/system_packages.py --apt-line # the README's install line

Why: PySide6's wheels bring Qt but link system libraries (X11/xcb helpers, GL, fontconfig,
D-Bus, ...) that a fresh Debian machine may not have; a missing one makes Qt abort before any
window. The Qt files are PySide6's modules the app imports (``helper_app/ui/qt.py``), the Qt
libraries they link, and the plugins of :data:`helper_app.platform_libs.WINDOW_PLUGINS`. For
each, the ELF ``DT_NEEDED`` entries are read (direct dependencies only: apt brings the
dependencies of a package itself); a library that is not part of PySide6 is a system library,
mapped to its package with ``dpkg -S`` when installed, else by Debian's naming rule
(:func:`helper_app.platform_libs.debian_package`). The packages dpkg and apt themselves need
(:data:`ON_EVERY_DEBIAN`: libc6, libstdc++6, ...) are on every Debian system and left out.

The lists themselves are kept in ``scripts/debian-packages-demo.txt`` (what running the app and
the demo needs) and ``scripts/debian-packages-tests.txt`` (what only the test suite needs);
``.ci/run`` installs both and the README quotes the demo line (tests check both stay in step).
"""

from __future__ import annotations

import argparse
import functools
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helper_app.platform_libs import (  # noqa: E402
    QT_MODULES,
    WINDOW_PLUGINS,
    debian_package,
    qt_dir,
)

DEMO_LIST = ROOT / "scripts" / "debian-packages-demo.txt"
TESTS_LIST = ROOT / "scripts" / "debian-packages-tests.txt"

ON_EVERY_DEBIAN = frozenset({"libc6", "libgcc-s1", "libstdc++6", "zlib1g", "libzstd1"})
"""Packages of priority "required" (apt and dpkg link them): never missing, never listed."""

_NEEDED = re.compile(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]")


def needed(path: Path) -> list[str]:
    """The ``DT_NEEDED`` names of an ELF file (binutils' ``readelf``; empty for anything else).

    ``readelf`` rather than ``ldd``: the direct dependencies, also of a library that is *not*
    installed on this machine, without resolving or loading anything.
    """
    try:
        done = subprocess.run(
            ["readelf", "-d", "-W", str(path)], capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise SystemExit("readelf not found: apt-get install binutils") from exc
    return _NEEDED.findall(done.stdout) if done.returncode == 0 else []


def qt_files(qt: Path) -> list[Path]:
    """The app's PySide6 modules and Qt plugins, plus every Qt library they pull in."""
    pyside = qt.parent
    roots = [p for m in QT_MODULES for p in pyside.glob(f"{m}.*so")]
    roots += [qt / p for p in WINDOW_PLUGINS if (qt / p).exists()]
    seen: dict[Path, None] = {}
    todo = list(roots)
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen[path] = None
        for name in needed(path):
            inside = qt / "lib" / name
            if inside.exists():
                todo.append(inside)
    return list(seen)


def bundled_names(qt: Path) -> set[str]:
    """File names PySide6 and shiboken6 bring themselves (never system libraries)."""
    pyside = qt.parent
    found = {p.name for p in (qt / "lib").iterdir()}
    found |= {p.name for p in pyside.glob("*.so*")}
    found |= {p.name for p in (pyside.parent / "shiboken6").glob("*.so*")}
    return found


@functools.cache
def _ldd(user: Path) -> str:
    return subprocess.run(["ldd", str(user)], capture_output=True, text=True, check=False).stdout


def resolved_path(user: Path, soname: str) -> Path | None:
    """Where the dynamic loader finds ``soname`` for ``user`` (None when it does not)."""
    for line in _ldd(user).splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] == soname and parts[1] == "=>" and parts[2] != "not":
            return Path(parts[2])
    return None


def _spellings(path: Path) -> set[str]:
    """``path`` as dpkg may have recorded it (merged /usr: /lib and /usr/lib are one)."""
    found = {str(path), str(path.resolve())}
    for text in list(found):
        if text.startswith("/usr/lib/"):
            found.add(text[len("/usr") :])
        elif text.startswith("/lib/"):
            found.add("/usr" + text)
    return found


def dpkg_owners(paths: list[Path]) -> dict[Path, str]:
    """The installed package owning each path (one ``dpkg -S`` call: it is slow to start)."""
    spelled = {text: path for path in paths for text in _spellings(path)}
    if not spelled:
        return {}
    done = subprocess.run(
        ["dpkg", "-S", *sorted(spelled)], capture_output=True, text=True, check=False
    )
    owners: dict[Path, str] = {}
    for line in done.stdout.splitlines():
        package, _, where = line.partition(": ")
        if where.strip() in spelled and "," not in package:
            owners[spelled[where.strip()]] = package.split(":")[0].strip()
    return owners


def system_libraries(qt: Path) -> dict[str, list[Path]]:
    """System library -> the Qt files that link it directly."""
    own = bundled_names(qt)
    users: dict[str, list[Path]] = {}
    for path in qt_files(qt):
        for name in needed(path):
            if name not in own:
                users.setdefault(name, []).append(path)
    return users


def derived_packages(qt: Path) -> dict[str, str]:
    """System library -> Debian package, for every library the window's Qt files link."""
    libraries = sorted(system_libraries(qt).items())
    where = {soname: resolved_path(users[0], soname) for soname, users in libraries}
    owners = dpkg_owners([p for p in where.values() if p is not None])
    return {
        soname: (owners.get(path) if path is not None else None) or debian_package(soname)
        for soname, path in where.items()
    }


def read_list(path: Path) -> list[str]:
    """Package names of a list file (one a line, ``#`` comments)."""
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(line)
    return names


def apt_line(path: Path = DEMO_LIST) -> str:
    """The install command the README quotes for ``path``."""
    return "sudo apt-get install " + " ".join(read_list(path))


def missing_from_list(qt: Path, path: Path = DEMO_LIST) -> dict[str, str]:
    """Libraries whose package the list does not name (:data:`ON_EVERY_DEBIAN` aside)."""
    listed = set(read_list(path))
    return {
        soname: package
        for soname, package in derived_packages(qt).items()
        if package not in listed and package not in ON_EVERY_DEBIAN
    }


def main(argv: list[str] | None = None) -> int:
    """Print the derivation, check the demo list, or print the README line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the demo list lacks one")
    parser.add_argument("--apt-line", action="store_true", help="print the README's line")
    args = parser.parse_args(argv)
    if args.apt_line:
        print(apt_line())
        return 0
    qt = qt_dir()
    if qt is None:
        print("PySide6 is not installed here", file=sys.stderr)
        return 1
    if args.check:
        missing = missing_from_list(qt)
        for soname, package in missing.items():
            print(f"{DEMO_LIST.name} lacks {package} (provides {soname})")
        return 1 if missing else 0
    for soname, package in derived_packages(qt).items():
        note = " (on every Debian system)" if package in ON_EVERY_DEBIAN else ""
        print(f"{soname:32} {package}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
