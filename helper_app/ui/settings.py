"""UI settings (language, image size): declared once, typed, stored in ``AppPaths.settings_file``.

The settings file is shared with other parts of Helper (the sync settings will live there too),
so the UI owns only the ``"ui"`` object inside it and rewrites the file keeping every other key
as it found it. Nothing secret is ever stored here (tokens live in the OS keyring). A file that
is missing, unreadable or malformed gives the defaults (and a log line), never a crash: a broken
settings file must not lock a volunteer out of their dossiers. This module does not need Qt.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
LANGUAGES: tuple[str, ...] = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
DEFAULT_IMAGE_MAX_SIDE = 2000
"""Longest side (px) a photo is scaled down to before it is stored: legible, a few hundred KB."""
IMAGE_MAX_SIDE_RANGE = (800, 8000)
_UI_KEY = "ui"


@dataclass(frozen=True)
class UiSettings:
    """What the volunteer can change in the Settings screen.

    Attributes:
        language: ``vi`` (default) or ``en``; applied at the next start.
        image_max_side: photos whose longest side is larger are scaled down before storing.
        schema_version: version of this block, for future migrations.
    """

    language: str = DEFAULT_LANGUAGE
    image_max_side: int = DEFAULT_IMAGE_MAX_SIDE
    schema_version: int = SCHEMA_VERSION

    def cleaned(self) -> UiSettings:
        """The same settings with out-of-range values replaced by defaults or clamped."""
        lo, hi = IMAGE_MAX_SIDE_RANGE
        language = self.language if self.language in LANGUAGES else DEFAULT_LANGUAGE
        size = min(max(int(self.image_max_side), lo), hi)
        return replace(self, language=language, image_max_side=size, schema_version=SCHEMA_VERSION)


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
    size = block.get("image_max_side")
    if isinstance(size, int) and not isinstance(size, bool):
        values["image_max_side"] = size
    return UiSettings(**values).cleaned()


def save_settings(path: Path, settings: UiSettings) -> None:
    """Write the UI block into ``path`` atomically, keeping the other blocks of the file."""
    whole = _read_file(path)
    whole[_UI_KEY] = asdict(settings.cleaned())
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".settings-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(whole, out, ensure_ascii=False, indent=2)
        os.replace(temp, path)
    finally:
        Path(temp).unlink(missing_ok=True)
