"""UI settings (language, image size, lock, retention): declared once, typed, stored in
``AppPaths.settings_file``.

The settings file is shared with other parts of Helper (the sync settings will live there too),
so the UI owns only the ``"ui"`` object inside it and rewrites the file keeping every other key
as it found it. Nothing secret is ever stored here (tokens live in the OS keyring). A file that
is missing, unreadable or malformed gives the defaults (and a log line), never a crash: a broken
settings file must not lock a volunteer out of their dossiers. This module does not need Qt.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from helper_app.config import LANGUAGES
from helper_app.store.files import write_atomic

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
DEFAULT_LANGUAGE = "vi"
DEFAULT_IMAGE_MAX_SIDE = 2000
"""Longest side (px) a photo is scaled down to before it is stored: legible, a few hundred KB."""
IMAGE_MAX_SIDE_RANGE = (800, 8000)
DEFAULT_IDLE_LOCK_MINUTES = 5
"""Minutes without input before the window locks (issue 6: configurable, default 5)."""
IDLE_LOCK_RANGE = (1, 240)
DEFAULT_RETENTION_DAYS = 30
"""Days a dossier the server has received stays on the laptop (see
helper_app.security.retention)."""
RETENTION_RANGE = (1, 3650)
_UI_KEY = "ui"


@dataclass(frozen=True)
class UiSettings:
    """What the volunteer can change in the Settings screen.

    Attributes:
        language: ``vi`` (default) or ``en``; applied at the next start.
        image_max_side: photos whose longest side is larger are scaled down before storing.
        idle_lock_minutes: the window locks after this many minutes without input.
        retention_days: received dossiers unchanged this long are removed from the laptop.
        schema_version: version of this block, for future migrations.
    """

    language: str = DEFAULT_LANGUAGE
    image_max_side: int = DEFAULT_IMAGE_MAX_SIDE
    idle_lock_minutes: int = DEFAULT_IDLE_LOCK_MINUTES
    retention_days: int = DEFAULT_RETENTION_DAYS
    schema_version: int = SCHEMA_VERSION

    def cleaned(self) -> UiSettings:
        """The same settings with out-of-range values replaced by defaults or clamped."""
        lo, hi = IMAGE_MAX_SIDE_RANGE
        language = self.language if self.language in LANGUAGES else DEFAULT_LANGUAGE
        size = min(max(int(self.image_max_side), lo), hi)
        idle = min(max(int(self.idle_lock_minutes), IDLE_LOCK_RANGE[0]), IDLE_LOCK_RANGE[1])
        days = min(max(int(self.retention_days), RETENTION_RANGE[0]), RETENTION_RANGE[1])
        return replace(
            self,
            language=language,
            image_max_side=size,
            idle_lock_minutes=idle,
            retention_days=days,
            schema_version=SCHEMA_VERSION,
        )


def _read_file(path: Path) -> dict[str, Any]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        log.warning("settings file %s unreadable (%s); using defaults", path, type(exc).__name__)
        return {}
    return raw if isinstance(raw, dict) else {}


def load_settings(path: Path) -> UiSettings:
    """The UI settings stored in ``path`` (defaults for anything missing or malformed)."""
    block = _read_file(path).get(_UI_KEY)
    if not isinstance(block, dict):
        return UiSettings()
    values: dict[str, Any] = {}
    if isinstance(block.get("language"), str):
        values["language"] = block["language"]
    for name in ("image_max_side", "idle_lock_minutes", "retention_days"):
        number = block.get(name)
        if isinstance(number, int) and not isinstance(number, bool):
            values[name] = number
    return UiSettings(**values).cleaned()


def save_settings(path: Path, settings: UiSettings) -> None:
    """Write the UI block into ``path`` atomically, keeping the other blocks of the file."""
    whole = _read_file(path)
    whole[_UI_KEY] = asdict(settings.cleaned())
    text = json.dumps(whole, ensure_ascii=False, indent=2)
    write_atomic(path, text.encode("utf-8"))
