"""The attachment store: the ONE place that reads and writes the bytes of attached files.

A file the volunteer attaches is copied into ``AppPaths.attachments_dir`` under a name derived
from its content (``ab/abcdef...``: the sha256), never the user's file name, so two dossiers
that attach the same scan share one stored copy and no resident's name appears on disk. The copy
is streamed: hashed and size-checked chunk by chunk, refused as soon as it passes the limit,
written to a temporary file and moved into place only when complete (a crash leaves no half
file under a content name). The type comes from the content (``filetype`` magic numbers), never
from the extension. Given a :class:`~helper_app.security.crypto.FileCipher`, the bytes are
encrypted as they are copied (AES-256-GCM, fresh key and nonces per file: see
:mod:`helper_app.security.crypto`), so not even the temporary file holds plaintext; reading
decrypts into memory, authenticates every chunk and checks the content hash, so an altered file is
refused, never shown or uploaded.
"""

from __future__ import annotations

import errno
import hashlib
import io
import logging
import os
import re
import stat
import tempfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import filetype

from helper_app.security.crypto import HEADER_LEN, FileCipher, TamperedError, is_encrypted
from helper_app.store.files import replace_and_wipe
from helper_app.text import BilingualError

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
"""Default size limit of one attachment (20 MB)."""

ACCEPTED_TYPES: dict[str, str] = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "application/pdf": "PDF",
    "image/heic": "HEIC",
    "image/webp": "WebP",
}
"""MIME types accepted, detected from content, with the name shown to the volunteer."""

_CHUNK = 1024 * 1024
_HEADER = 8192
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_TEMP_PREFIX = ".incoming-"


class AttachmentError(BilingualError):
    """A file cannot be attached: missing, unreadable, empty, too large, or of a refused type."""


@dataclass(frozen=True)
class StoredFile:
    """A file now held by the store.

    Attributes:
        sha256: hex digest of the content (the stored name).
        size: bytes.
        mime: the type detected from the content.
        filename: the user's file name (display only; never used on disk).
    """

    sha256: str
    size: int
    mime: str
    filename: str


def _accepted_list() -> str:
    return ", ".join(ACCEPTED_TYPES.values())


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


class AttachmentStore:
    """Content-addressed file storage under one directory.

    Args:
        root: the directory (``AppPaths.attachments_dir``); created if missing.
        max_bytes: the largest file accepted.
        cipher: encrypts what is stored (``None``: plain files, as earlier versions wrote them).
    """

    def __init__(
        self, root: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, cipher: FileCipher | None = None
    ) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self.cipher = cipher

    def path_for(self, sha256: str) -> Path:
        """Where the content with this digest is (or would be) stored.

        Raises:
            ValueError: ``sha256`` is not 64 lower-case hex digits (never a path).
        """
        if not _SHA256.match(sha256):
            raise ValueError("not a sha256 hex digest")
        return self.root / sha256[:2] / sha256

    def exists(self, sha256: str) -> bool:
        """True when the content is stored."""
        return self.path_for(sha256).is_file()

    def open(self, sha256: str) -> BinaryIO:
        """The stored content (plaintext), opened for reading (binary, seekable).

        With a cipher the file is decrypted into memory, never into a temporary file.

        Raises:
            TamperedError: the file does not authenticate or its content hash is wrong.
        """
        if self.cipher is None:
            return self.path_for(sha256).open("rb")
        return io.BytesIO(self.read_bytes(sha256))

    def read_bytes(self, sha256: str) -> bytes:
        """The whole stored content (plaintext); use this for thumbnails and previews.

        Raises:
            TamperedError: the file does not authenticate or its content hash is wrong.
        """
        path = self.path_for(sha256)
        with path.open("rb") as handle:
            data = (
                handle.read()
                if self.cipher is None
                else self.cipher.decrypt(handle, name=sha256[:12])
            )
        if self.cipher is not None and hashlib.sha256(data).hexdigest() != sha256:
            raise TamperedError(
                f"Tệp đính kèm {sha256[:12]} không khớp mã băm của nó; không dùng tệp này.",
                f"The attachment {sha256[:12]} does not match its hash; it is not used.",
            )
        return data

    def ingest(self, source: Path) -> StoredFile:
        """Copy ``source`` into the store, hashing, size-checking and type-checking it.

        Raises:
            AttachmentError: with a message naming the file and what is expected.
        """
        name = source.name
        check_source(source)
        try:
            handle = source.open("rb")
        except OSError as exc:
            raise AttachmentError(
                f"Không đọc được tệp {name}: {exc.strerror or exc}.",
                f"Cannot read the file {name}: {exc.strerror or exc}.",
            ) from exc
        with handle:
            return self._ingest_stream(name, handle)

    def ingest_bytes(self, data: bytes, filename: str) -> StoredFile:
        """Store bytes made in memory (a photo scaled down by the app), with the same checks.

        The app never writes a plaintext copy to disk first: the bytes go straight into the
        encrypted store.
        """
        return self._ingest_stream(Path(filename).name or "image", io.BytesIO(data))

    def _ingest_stream(self, name: str, handle: BinaryIO) -> StoredFile:
        self.root.mkdir(parents=True, exist_ok=True)
        header = handle.read(_HEADER)
        mime = self._detect(name, header)
        digest, size, temp = self._copy(name, header, handle)
        final = self.path_for(digest)
        try:
            if final.exists():
                temp.unlink()
            else:
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(temp, final)
        finally:
            temp.unlink(missing_ok=True)
        return StoredFile(sha256=digest, size=size, mime=mime, filename=name)

    def _detect(self, name: str, header: bytes) -> str:
        if not header:
            raise AttachmentError(
                f"Tệp {name} rỗng (0 byte).", f"The file {name} is empty (0 bytes)."
            )
        kind = filetype.guess(header)
        mime = kind.mime if kind is not None else None
        if mime not in ACCEPTED_TYPES:
            found = mime or "không rõ"
            raise AttachmentError(
                f"Tệp {name} có định dạng {found}; chỉ nhận {_accepted_list()} "
                f"(xác định theo nội dung, không theo tên tệp).",
                f"The file {name} is {mime or 'of an unknown type'}; only {_accepted_list()} "
                f"are accepted (detected from the content, not the name).",
            )
        return str(mime)

    def _copy(self, name: str, header: bytes, handle: BinaryIO) -> tuple[str, int, Path]:
        hasher = hashlib.sha256()
        size = 0
        fd, temp_name = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=self.root)
        temp = Path(temp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                writer = None if self.cipher is None else self.cipher.writer(out)
                chunk = header
                while chunk:
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise AttachmentError(
                            f"Tệp {name} lớn hơn giới hạn {_megabytes(self.max_bytes)}.",
                            f"The file {name} is larger than the {_megabytes(self.max_bytes)} "
                            f"limit.",
                        )
                    hasher.update(chunk)
                    (out if writer is None else writer).write(chunk)
                    chunk = handle.read(_CHUNK)
                if writer is not None:
                    writer.finish()
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return hasher.hexdigest(), size, temp

    def encrypt_plain_files(self) -> int:
        """Encrypt, in place, every stored file still in plaintext (stores of earlier versions).

        Each file is re-written encrypted to a temporary file, fsynced and renamed over the
        original; a crash leaves every file either plain or encrypted, never half, and running
        again finishes the job. The plaintext blocks are then overwritten through a handle
        opened before the rename, as far as the filesystem allows (SSDs and copy-on-write
        filesystems may keep old blocks: whole-disk encryption is still advised).

        Returns:
            How many files were encrypted.
        """
        done = 0
        for path in self._stored_files():
            with path.open("rb") as handle:
                if is_encrypted(handle.read(HEADER_LEN)):
                    continue
            self._encrypt_one(path)
            done += 1
        return done

    def _stored_files(self) -> list[Path]:
        """Every stored content file (named by its digest), in a stable order; none when plain."""
        if self.cipher is None or not self.root.is_dir():
            return []
        return [
            path
            for path in sorted(self.root.rglob("*"))
            if path.is_file() and _SHA256.match(path.name) is not None
        ]

    def _encrypt_one(self, path: Path, previous: FileCipher | None = None) -> None:
        """Re-write ``path`` under :attr:`cipher`, from plaintext or from ``previous``'s files."""
        assert self.cipher is not None
        fd, temp_name = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=self.root)
        temp = Path(temp_name)
        try:
            with os.fdopen(fd, "wb") as out, path.open("rb") as source:
                writer = self.cipher.writer(out)
                chunks = (
                    iter(lambda: source.read(_CHUNK), b"")
                    if previous is None
                    else previous.chunks(source, name=path.name[:12])
                )
                for chunk in chunks:
                    writer.write(chunk)
                writer.finish()
                out.flush()
                os.fsync(out.fileno())
            replace_and_wipe(temp, path)
        finally:
            temp.unlink(missing_ok=True)

    def reencrypt_files(self, previous: FileCipher) -> tuple[int, int]:
        """Re-encrypt every stored file still under ``previous`` with :attr:`cipher` (key rotation).

        One file at a time, each written to a temporary file, fsynced and renamed over the old
        one (whose bytes are then overwritten): a crash leaves every file under one key or the
        other, and running again skips those already done (:meth:`FileCipher.opens`).

        A file that authenticates under neither key (damaged before the rotation: reading it
        already failed) is left as it is and counted; it must not stop the rotation, or the
        store would never open again.

        Returns:
            How many files were re-encrypted, and how many were unreadable under both keys.
        """
        done = unreadable = 0
        for path in self._stored_files():
            assert self.cipher is not None  # _stored_files() is empty without one
            with path.open("rb") as handle:
                if self.cipher.opens(handle):
                    continue
            try:
                self._encrypt_one(path, previous)
            except TamperedError:
                log.warning(
                    "attachment %s unreadable under both keys; left as it is", path.name[:12]
                )
                unreadable += 1
                continue
            done += 1
        return done, unreadable

    def delete(self, sha256: str) -> None:
        """Remove the stored content (the caller checked that nothing refers to it)."""
        self.path_for(sha256).unlink(missing_ok=True)

    def collect_garbage(self, referenced: Collection[str]) -> int:
        """Delete stored files no attachment row refers to, and stale temporary files.

        Files can be orphaned by a crash between copying a file and committing its row, or
        between deleting a row and deleting its file; this sweeps them.

        Returns:
            How many files were removed.
        """
        keep = set(referenced)
        removed = 0
        if not self.root.is_dir():
            return 0
        for path in self.root.rglob("*"):
            if not path.is_file():
                continue
            stale_temp = path.name.startswith(_TEMP_PREFIX)
            orphan = _SHA256.match(path.name) is not None and path.name not in keep
            if stale_temp or orphan:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


_NAME_MAX = 255
"""A file name's limit in bytes where ``pathconf`` cannot tell (ext4, NTFS, APFS: 255)."""
_SHOWN_CHARS = 60


def check_source(path: Path) -> None:
    """Refuse a file to attach that cannot be read as one, saying what is expected.

    One ``stat``, before anything is copied or created: ``Path.exists`` raises on a name longer
    than the file system allows (a 795-byte NFD name, issue 11 #7a), a FIFO would block the
    copy, and a path that is not text cannot be named in a message.

    Raises:
        AttachmentError: naming the file (cut in the middle when long) and what is expected.
    """
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise AttachmentError(
            "Đường dẫn tệp không phải văn bản UTF-8 hợp lệ; hãy ghi đường dẫn bằng UTF-8 (đổi "
            "tên tệp nếu cần).",
            "The path is not valid UTF-8 text; write it in UTF-8 (rename the file if needed).",
        ) from exc
    if "\x00" in text:
        raise AttachmentError(
            "Đường dẫn tệp chứa ký tự NUL; hãy ghi đúng đường dẫn của tệp.",
            "The path contains a NUL character; give the file's real path.",
        )
    try:
        info = path.stat()
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise _too_long(path) from exc
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            raise AttachmentError(
                f"Không tìm thấy tệp {_shown(text)}.",
                f"The file {_shown(text)} does not exist.",
            ) from exc
        raise AttachmentError(
            f"Không đọc được tệp {_shown(text)}: {exc.strerror or exc}.",
            f"Cannot read the file {_shown(text)}: {exc.strerror or exc}.",
        ) from exc
    name = _shown(path.name or text)
    if stat.S_ISDIR(info.st_mode):
        raise AttachmentError(
            f"{name} là một thư mục; cần đường dẫn của một tệp ({_accepted_list()}).",
            f"{name} is a folder; give the path of a file ({_accepted_list()}).",
        )
    if not stat.S_ISREG(info.st_mode):
        raise AttachmentError(
            f"{name} không phải một tệp thường; cần một tệp ({_accepted_list()}).",
            f"{name} is not a regular file; give the path of a file ({_accepted_list()}).",
        )


def _shown(text: str) -> str:
    """``text`` as a message shows it: a 795-byte name is cut in the middle, not printed
    whole; its start and its end (the folder, the file name and extension) stay."""
    if len(text) <= _SHOWN_CHARS:
        return text
    head = _SHOWN_CHARS * 2 // 5
    return text[:head] + "…" + text[head + 1 - _SHOWN_CHARS :]


def _name_max(path: Path) -> int:
    for folder in (path.parent, *path.parents):
        try:
            return int(os.pathconf(folder, "PC_NAME_MAX"))
        except (OSError, ValueError):
            continue
    return _NAME_MAX


def _too_long(path: Path) -> AttachmentError:
    limit = _name_max(path)
    longest = max(path.parts, key=lambda part: len(os.fsencode(part)))
    size = len(os.fsencode(longest))
    if size > limit:
        return AttachmentError(
            f"Tên tệp {_shown(longest)} dài {size} byte, quá giới hạn {limit} byte của hệ thống "
            "tệp; hãy đổi tên tệp cho ngắn hơn.",
            f"The file name {_shown(longest)} is {size} bytes long, more than the {limit} bytes "
            "the file system allows; rename the file to a shorter name.",
        )
    return AttachmentError(
        f"Đường dẫn {_shown(str(path))} dài quá giới hạn của hệ thống tệp; hãy chuyển tệp vào "
        "một thư mục gần gốc hơn.",
        f"The path {_shown(str(path))} is longer than the file system allows; move the file "
        "to a folder nearer the top.",
    )
