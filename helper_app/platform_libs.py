"""Which system libraries Qt's window-system plugins need, and which of them are missing.

Why this exists: on Linux, PySide6's wheels (and the bundle) bring Qt itself but not the X11
helper libraries its ``xcb`` platform plugin links (``libxcb-cursor.so.0``,
``libxcb-icccm.so.4``, ...). When one is missing, Qt prints a terse line and *aborts* the
process (``qt.qpa.plugin: Could not load the Qt platform plugin "xcb"``, exit code 134) before
any window: on a fresh Debian machine ``helper-app --demo`` and the bundle's self-test on X11
died that way. This module asks the dynamic loader (``ldd``, which resolves exactly as loading
would, including ``LD_LIBRARY_PATH`` inside the bundle) which libraries of a plugin do not
resolve, and names the Debian package that provides each, so the user reads "missing system
library libxcb-cursor.so.0 (Debian package libxcb-cursor0)" instead of a crash.

It never imports Qt (the core's rule): it only finds PySide6's files on disk. Off Linux (no
``ldd``) every check answers "nothing missing": Qt's wheels there carry what they need.

The Debian package lists of ``scripts/debian-packages-demo.txt`` are derived from the same file
list (:data:`WINDOW_PLUGINS`) by ``scripts/system_packages.py``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PLATFORM_PLUGINS = {
    "xcb": "plugins/platforms/libqxcb.so",
    "wayland": "plugins/platforms/libqwayland.so",
}
"""The platform plugin file (relative to PySide6's ``Qt`` directory) of each window system."""

WINDOW_PLUGINS = (
    "plugins/platforms/libqxcb.so",
    "plugins/xcbglintegrations/libqxcb-glx-integration.so",
    "plugins/xcbglintegrations/libqxcb-egl-integration.so",
    "plugins/platforms/libqwayland.so",
    "plugins/wayland-shell-integration/libxdg-shell.so",
    "plugins/wayland-decoration-client/libbradient.so",
    "plugins/imageformats/libqgif.so",
    "plugins/imageformats/libqico.so",
    "plugins/imageformats/libqjpeg.so",
    "plugins/imageformats/libqsvg.so",
    "plugins/imageformats/libqtiff.so",
    "plugins/imageformats/libqwebp.so",
    "plugins/iconengines/libqsvgicon.so",
    "plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
    "plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
    "plugins/platformthemes/libqxdgdesktopportal.so",
    "plugins/networkinformation/libqnetworkmanager.so",
    "plugins/networkinformation/libqglib.so",
    "plugins/printsupport/libcupsprintersupport.so",
)
"""Every Qt plugin the app loads on a Linux desktop (X11 or Wayland), relative to ``Qt/``:
the platform plugins and their GL integrations, the image formats of attachments and icons,
the input methods (Vietnamese is typed through IBus/compose), the portal theme, the network
reachability backends and printing (receipts). Plugins the app never loads (GTK theme, TLS
backends, kiosk input...) are left out, as in ``build.spec``."""

QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtPrintSupport")
"""The PySide6 modules ``helper_app/ui/qt.py`` imports."""

QT_LIBRARIES = tuple(f"lib/libQt6{module.removeprefix('Qt')}.so.6" for module in QT_MODULES)
"""The Qt libraries the UI loads when it is *imported* (``ui/qt.py``), relative to ``Qt/``: a
library they link that is missing fails the import itself (``ImportError:
libglib-2.0.so.0``), before any platform plugin is asked for."""

_EXCEPTIONS = {
    "libc.so.6": "libc6",
    "libm.so.6": "libc6",
    "libdl.so.2": "libc6",
    "libpthread.so.0": "libc6",
    "librt.so.1": "libc6",
    "libresolv.so.2": "libc6",
    "ld-linux-x86-64.so.2": "libc6",
    "ld-linux-aarch64.so.1": "libc6",
    "libz.so.1": "zlib1g",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0",
    "libbrotlicommon.so.1": "libbrotli1",
    "libbrotlidec.so.1": "libbrotli1",
    "libbrotlienc.so.1": "libbrotli1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgmodule-2.0.so.0": "libglib2.0-0",
}
"""Libraries whose Debian package does not follow the soname rule of :func:`debian_package`."""

_SONAME = re.compile(r"^(?P<base>.+)\.so\.(?P<major>\d+)")
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.M)


@dataclass(frozen=True)
class MissingLibrary:
    """A shared library a Qt file links that the dynamic loader cannot find.

    Attributes:
        soname: the library's name as linked (``libxcb-cursor.so.0``).
        package: the Debian/Ubuntu package that provides it (``libxcb-cursor0``).
        needed_by: the Qt files (relative to ``Qt/``) that link it.
    """

    soname: str
    package: str
    needed_by: tuple[str, ...]

    def describe(self) -> str:
        """One line for a user or CI log."""
        return f"missing system library {self.soname} (Debian package {self.package})"


def debian_package(soname: str) -> str:
    """The Debian/Ubuntu package that ships ``soname``, by Debian's library package naming.

    Why a rule and not ``dpkg -S``: the library is *missing*, so dpkg knows nothing of it.
    Debian names a library package after its soname: ``libxcb-cursor.so.0`` is in
    ``libxcb-cursor0``; a name ending in a digit gets a hyphen (``libxkbcommon-x11.so.0`` ->
    ``libxkbcommon-x11-0``); underscores become hyphens, capitals lower case. The few that
    differ are listed in :data:`_EXCEPTIONS` (a test checks the rule against ``dpkg -S`` for
    every library Qt links on the test machine).
    """
    if soname in _EXCEPTIONS:
        return _EXCEPTIONS[soname]
    found = _SONAME.match(soname)
    if not found:
        return soname
    base, major = found.group("base").lower().replace("_", "-"), found.group("major")
    return f"{base}-{major}" if base[-1].isdigit() else f"{base}{major}"


def qt_dir() -> Path | None:
    """PySide6's ``Qt`` directory (plugins, libraries), found without importing PySide6."""
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        bundled = Path(meipass) / "PySide6" / "Qt"
        return bundled if bundled.is_dir() else None
    try:
        spec = importlib.util.find_spec("PySide6")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "Qt"
        if candidate.is_dir():
            return candidate
    return None


def wanted_platform(environ: dict[str, str] | None = None) -> str | None:
    """The window system Qt will try first: ``xcb``, ``wayland``, or None (offscreen, etc.).

    ``QT_QPA_PLATFORM`` wins (its first entry, ``xcb;offscreen`` -> ``xcb``); otherwise, on
    Linux, a Wayland session (``WAYLAND_DISPLAY``) means ``wayland`` and an X display
    (``DISPLAY``) means ``xcb``, as Qt decides.
    """
    env = os.environ if environ is None else environ
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        first = re.split(r"[;:]", chosen, maxsplit=1)[0].strip().lower()
        return first if first in PLATFORM_PLUGINS else None
    if not sys.platform.startswith("linux"):
        return None
    if env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE", "wayland") == "wayland":
        return "wayland"
    if env.get("DISPLAY"):
        return "xcb"
    return None


def unresolved(path: Path) -> list[str]:
    """The libraries ``path`` links (directly or through others) that do not resolve.

    Empty when ``ldd`` is not there (not Linux/glibc): nothing can be said, so nothing is
    reported rather than a false alarm.
    """
    ldd = shutil.which("ldd")
    if ldd is None or not path.exists():
        return []
    try:
        done = subprocess.run(
            [ldd, str(path)], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted(set(_NOT_FOUND.findall(done.stdout)))


def missing_libraries(
    plugins: tuple[str, ...] | list[str] = WINDOW_PLUGINS, qt: Path | None = None
) -> list[MissingLibrary]:
    """Every library the given Qt plugins (relative to ``Qt/``) link that cannot be loaded.

    A plugin file that is not installed (left out of the bundle on purpose, or another Qt
    version) is skipped.
    """
    base = qt if qt is not None else qt_dir()
    if base is None:
        return []
    users: dict[str, list[str]] = {}
    for plugin in plugins:
        for soname in unresolved(base / plugin):
            users.setdefault(soname, []).append(plugin)
    return [
        MissingLibrary(soname, debian_package(soname), tuple(who))
        for soname, who in sorted(users.items())
    ]


def platform_problem(environ: dict[str, str] | None = None) -> str | None:
    """What stops Qt's window system plugin from loading, as a message; None when it loads.

    Called before the QApplication exists (Qt would abort the process instead of raising):
    the message names each missing library, its Debian package and one ``apt-get`` line.
    """
    platform = wanted_platform(environ)
    if platform is None:
        return None
    missing = missing_libraries((PLATFORM_PLUGINS[platform],))
    if not missing:
        return None
    packages = " ".join(sorted({m.package for m in missing}))
    lines = [
        f"Không mở được cửa sổ: hệ thống thiếu thư viện cho Qt ({platform}). "
        f"Cannot open a window: Qt's {platform} platform plugin needs system libraries:",
        *(f"  {m.describe()}" for m in missing),
        f"  sudo apt-get install {packages}",
    ]
    return "\n".join(lines)


def import_problem() -> str | None:
    """What stops the UI's Qt modules from being imported at all, as a message; None if nothing.

    On a bare Debian (no desktop) Qt's own libraries already miss ``libglib-2.0.so.0``,
    ``libfontconfig.so.1``... and ``import PySide6.QtCore`` raises an ImportError naming one
    of them with no hint of the package; this names all of them and one ``apt-get`` line.
    """
    missing = missing_libraries(QT_LIBRARIES)
    if not missing:
        return None
    packages = " ".join(sorted({m.package for m in missing}))
    lines = [
        "Không chạy được giao diện: hệ thống thiếu thư viện cho Qt. "
        "Cannot start the window: Qt needs system libraries:",
        *(f"  {m.describe()}" for m in missing),
        f"  sudo apt-get install {packages}",
        "  (README.md, Set-up, lists everything the window needs on Debian/Ubuntu.)",
    ]
    return "\n".join(lines)


@contextlib.contextmanager
def qt_libraries_named() -> Iterator[None]:
    """Around the first import of the UI: a missing system library exits with its name.

    Costs nothing when the import works; when it fails for a library Qt links, the process
    exits (code 1) with :func:`import_problem`'s message instead of an ImportError traceback.

    Raises:
        SystemExit: the import failed and a library Qt links is missing.
    """
    try:
        yield
    except ImportError:
        problem = import_problem()
        if problem is None:
            raise
        sys.stderr.write(problem + "\n")
        sys.stderr.flush()
        raise SystemExit(1) from None


def require_platform(environ: dict[str, str] | None = None) -> None:
    """Exit with :func:`platform_problem`'s message (code 1) instead of Qt's abort (code 134).

    Called right before the process's QApplication is made.

    Raises:
        SystemExit: a library the platform plugin needs is missing.
    """
    problem = platform_problem(environ)
    if problem is not None:
        sys.stderr.write(problem + "\n")
        sys.stderr.flush()
        raise SystemExit(1)
