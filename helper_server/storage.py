"""Where attachment bytes live: a storage interface and its filesystem implementation.

Files are stored under server-made keys (random hex), never under a client's file name or hash,
so no request can steer a path. The interface is small enough for an S3-compatible backend later
(append becomes multipart upload). Appends to one key are serialized by an exclusive,
non-blocking lock: a second concurrent upload of the same blob is told to retry, not interleaved.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

_KEY = re.compile(r"^[0-9a-f]{32}$")
_HASH_CHUNK = 1024 * 1024


class BlobBusyError(Exception):
    """Another request is appending to this blob right now."""


class BlobStorage(Protocol):
    """What the blob endpoints need from a store of byte strings named by key."""

    def held(self, key: str) -> int:
        """Bytes stored so far under ``key`` (0 when nothing is)."""
        ...

    def locked(self, key: str) -> contextlib.AbstractContextManager[None]:
        """Exclusive right to append to ``key``; raises :class:`BlobBusyError` if taken."""
        ...

    def appender(self, key: str) -> contextlib.AbstractContextManager[BinaryIO]:
        """A file object positioned at the end of ``key``'s bytes (synced when closed)."""
        ...

    def truncate(self, key: str, size: int) -> None:
        """Drop every byte of ``key`` after ``size``."""
        ...

    def sha256(self, key: str) -> str:
        """Hex SHA-256 of everything stored under ``key``."""
        ...

    def open(self, key: str) -> BinaryIO:
        """Read the bytes of ``key``."""
        ...

    def remove(self, key: str) -> None:
        """Delete ``key``'s bytes (nothing if there are none)."""
        ...


class FilesystemBlobStorage:
    """Blobs as files ``<root>/<key[:2]>/<key>`` (owner-only permissions).

    Args:
        root: the blob directory; created if missing.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)

    def _path(self, key: str) -> Path:
        if not _KEY.fullmatch(key):
            raise ValueError("storage keys are 32 lower-case hex digits")
        return self.root / key[:2] / key

    def held(self, key: str) -> int:
        """Bytes stored so far under ``key``."""
        try:
            return self._path(key).stat().st_size
        except FileNotFoundError:
            return 0

    @contextlib.contextmanager
    def locked(self, key: str) -> Iterator[None]:
        """An exclusive ``flock`` on ``<key>.lock`` (works across processes on one host)."""
        path = self._path(key)
        path.parent.mkdir(exist_ok=True, mode=0o700)
        fd = os.open(path.with_suffix(".lock"), os.O_CREAT | os.O_RDWR, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise BlobBusyError(key) from exc
            yield
        finally:
            os.close(fd)

    @contextlib.contextmanager
    def appender(self, key: str) -> Iterator[BinaryIO]:
        """Open ``key`` for appending; flushed and fsynced on exit, even after an error."""
        path = self._path(key)
        path.parent.mkdir(exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
        with os.fdopen(fd, "ab") as fh:
            try:
                yield fh
            finally:
                fh.flush()
                os.fsync(fh.fileno())

    def truncate(self, key: str, size: int) -> None:
        """Cut ``key`` back to ``size`` bytes."""
        path = self._path(key)
        if path.exists():
            os.truncate(path, size)

    def sha256(self, key: str) -> str:
        """Hash the stored bytes in 1 MiB chunks."""
        digest = hashlib.sha256()
        with self._path(key).open("rb") as fh:
            while chunk := fh.read(_HASH_CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    def open(self, key: str) -> BinaryIO:
        """Open the stored bytes for reading."""
        return self._path(key).open("rb")

    def remove(self, key: str) -> None:
        """Delete the bytes and the lock file of ``key`` (an expired unfinished upload)."""
        path = self._path(key)
        path.unlink(missing_ok=True)
        path.with_suffix(".lock").unlink(missing_ok=True)
