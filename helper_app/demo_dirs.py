"""The demo's temporary directories: whose they are, and removing the ones a dead demo left.

A temporary demo directory holds the demo server's *plaintext* SQLite database. A demo that
ends normally (or by SIGTERM/SIGINT) deletes its own; one killed outright (SIGKILL, a crash)
cannot, so every demo start removes this user's ``helper-demo-*`` directories whose owning
process is gone, named by the pid file each one holds (pid and kernel start time, since a pid
alone may be reused). Live ones are kept.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

log = logging.getLogger(__name__)

DEMO_PREFIX = "helper-demo-"
"""Temporary demo directories are ``$TMPDIR/helper-demo-XXXXXXXX``."""
PID_FILE = "owner.pid"
"""In a temporary demo directory: ``PID START`` of the process that owns it."""
ORPHAN_AGE_S = 600.0
"""A demo directory without a pid file (made by an older version, or a crash right after
``mkdtemp``) is removed once it is this old, never sooner (it may be starting right now)."""


def _start_time(pid: int) -> str:
    """The kernel's start time of ``pid`` (Linux ``/proc``), '' when unknown.

    Why: a pid alone can be reused by an unrelated process after the demo died; the pair
    (pid, start time) names one process.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat[stat.rindex(")") + 2 :].split()[19]


def write_pid_file(directory: Path) -> None:
    """Mark ``directory`` as owned by this process (see :func:`remove_stale_demos`)."""
    pid = os.getpid()
    (directory / PID_FILE).write_text(f"{pid} {_start_time(pid)}\n", encoding="ascii")


def owner_alive(directory: Path) -> bool | None:
    """Whether the process named by the directory's pid file runs; None without a pid file."""
    try:
        fields = (directory / PID_FILE).read_text(encoding="ascii").split()
        pid = int(fields[0])
    except (OSError, ValueError, IndexError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive, and not ours to judge
    started = fields[1] if len(fields) > 1 else ""
    return not started or _start_time(pid) in ("", started)


def remove_stale_demos(temp_dir: Path | None = None, *, now: float | None = None) -> list[Path]:
    """Delete this user's ``helper-demo-*`` directories whose owning process is gone.

    A live demo's directory is kept. Returns the directories removed.
    """
    base = Path(temp_dir or tempfile.gettempdir())
    now = time.time() if now is None else now
    removed: list[Path] = []
    for candidate in sorted(base.glob(f"{DEMO_PREFIX}*")):
        try:
            info = candidate.lstat()
        except OSError:
            continue
        if not candidate.is_dir() or candidate.is_symlink() or info.st_uid != os.getuid():
            continue
        alive = owner_alive(candidate)
        if alive or (alive is None and now - info.st_mtime < ORPHAN_AGE_S):
            continue
        log.info("removing a stale demo directory %s", candidate)
        shutil.rmtree(candidate, ignore_errors=True)
        removed.append(candidate)
    return removed
