"""Where Helper keeps its files, and where the bundled resources are.

Every path the client uses comes from :class:`AppPaths`, so one switch (``--data-dir`` or the
``HELPER_DATA_DIR`` environment variable) moves everything at once: tests, portable installs and
the bundle's self-test all rely on it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from helper_app import APP_AUTHOR, APP_NAME

DATA_DIR_ENV = "HELPER_DATA_DIR"
LANGUAGES: tuple[str, ...] = ("vi", "en")
"""The interface languages (plain data, read by the CLI without loading the UI)."""


@dataclass(frozen=True)
class AppPaths:
    """The directories of one Helper installation (all under ``data_dir`` when overridden)."""

    data_dir: Path
    log_dir: Path
    cache_dir: Path

    @property
    def database(self) -> Path:
        """The local SQLite store."""
        return self.data_dir / "helper.sqlite3"

    @property
    def attachments_dir(self) -> Path:
        """Attachment files, stored under content-derived names, never the user's file name."""
        return self.data_dir / "attachments"

    @property
    def settings_file(self) -> Path:
        """User settings (nothing secret: secrets live in the OS keyring)."""
        return self.data_dir / "settings.json"

    def ensure(self) -> None:
        """Create the directories owner-only (0700), tightening ones made more open before.

        The data folder was left 0755 by earlier versions (issue 12 item 8): every account on
        the laptop could list it and read any file the umask left readable.
        """
        for d in (self.data_dir, self.log_dir, self.cache_dir, self.attachments_dir):
            d.mkdir(parents=True, exist_ok=True, mode=0o700)
            if os.name == "posix" and d.stat().st_mode & 0o077:
                d.chmod(0o700)


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """Paths from an explicit directory, else ``HELPER_DATA_DIR``, else the platform defaults."""
    chosen = data_dir if data_dir is not None else os.environ.get(DATA_DIR_ENV) or None
    if chosen is not None:
        base = Path(chosen).expanduser().resolve()
        return AppPaths(data_dir=base, log_dir=base / "logs", cache_dir=base / "cache")
    return AppPaths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)),
    )


def resources_dir() -> Path:
    """The bundled ``resources/`` directory: inside a PyInstaller bundle, or the source tree."""
    frozen_base = getattr(sys, "_MEIPASS", None)
    if frozen_base is not None:
        return Path(frozen_base) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
