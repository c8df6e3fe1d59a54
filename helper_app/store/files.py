"""Writing files so that a crash or a power cut leaves the old content or the new, never half.

One place for the three things every small file of the laptop needs (the vault, settings, the
downloaded definitions and units, the provisioning pin, the store's own replacement copies):

* :func:`write_atomic`: the bytes go to a fresh temporary file in the same directory, are
  flushed to disk (``fsync``), get their permissions, and are renamed over the target; then the
  directory itself is synced, because on POSIX the rename is only durable once the directory
  entry is. Before this module there were three copies with three guarantees (one synced the file
  and not the folder, one neither).
* :func:`replace_and_wipe`: a rename over a file that held personal data, after which the old
  bytes are overwritten with zeros (the plain database after encryption, a re-encrypted
  attachment).
* :func:`fsync_dir` and :func:`wipe`, the two steps they are built of.

No third-party library does this for us: ``atomicwrites`` is unmaintained (archived 2022) and
neither it nor the standard library syncs the directory or wipes a replaced file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

_CHUNK = 1024 * 1024


def write_atomic(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data`` durably: old or new content after any crash.

    Args:
        path: the file to write; its folder is created (``0700``) if missing.
        data: the whole new content.
        mode: the file's permissions (``0600`` by default: only the volunteer's account).
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def replace_and_wipe(new: Path, target: Path) -> None:
    """Rename ``new`` over ``target`` durably, then overwrite the replaced file's old bytes.

    POSIX: a handle on the old file is opened first; the rename is made durable (fsync of the
    directory) *before* the old bytes are zeroed, so a power cut can never leave the zeros
    without the new file. Windows cannot rename over a file that is open, so there the old
    bytes are only unlinked (whole-disk encryption, BitLocker, is advised; docs/security.md).
    """
    if os.name == "nt":
        os.replace(new, target)
        return
    with target.open("r+b") as old:
        os.replace(new, target)
        fsync_dir(target.parent)
        wipe(old)


def fsync_dir(directory: Path) -> None:
    """Make a rename durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def wipe(handle: BinaryIO) -> None:
    """Overwrite an open file's bytes with zeros and flush them to disk (best effort)."""
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.seek(0)
    zeros = bytes(min(size, _CHUNK))
    left = size
    while left > 0:
        n = min(left, len(zeros))
        handle.write(zeros[:n])
        left -= n
    handle.flush()
    os.fsync(handle.fileno())
