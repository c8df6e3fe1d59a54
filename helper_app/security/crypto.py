"""Authenticated encryption of attachment files (AES-256-GCM, chunked, one fresh key per file).

An attachment (a scan of an ID card, a birth certificate) is written as a header followed by
1 MiB chunks, each sealed with AES-GCM. The header holds a magic string, a random 16-byte salt
and a random 7-byte nonce prefix; the file's own key is HKDF-SHA256(attachment key, salt), so no
two files share a key and nonces never repeat across files. Chunk ``i`` uses the nonce
``prefix || i (4 bytes) || last-flag (1 byte)`` and the header as associated data (the "STREAM"
construction of Hoang, Reyhanitabar, Rogaway and Vizár, as in Tink's streaming AEAD): a flipped
bit, a truncated file, reordered or dropped chunks, or a header from another file all fail
authentication with :class:`TamperedError`. Nothing here touches the disk except through the
file objects the caller passes in.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from helper_app.text import BilingualError

MAGIC = b"HLPENC1\n"
"""The first bytes of every encrypted attachment (a JPEG/PNG/PDF never starts like this)."""

CHUNK = 1024 * 1024
"""Plaintext bytes per sealed chunk."""

_SALT = 16
_PREFIX = 7
_TAG = 16
HEADER_LEN = len(MAGIC) + _SALT + _PREFIX
_FILE_INFO = b"helper-app attachment file v1"


class TamperedError(BilingualError):
    """The encrypted file does not authenticate: altered, truncated, or another key's file."""


def derive(key: bytes, info: bytes, *, salt: bytes | None = None, length: int = 32) -> bytes:
    """A subkey of ``key`` for one purpose (HKDF-SHA256), so one secret never serves two uses."""
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(key)


def is_encrypted(header: bytes) -> bool:
    """True when ``header`` (the first bytes of a file) starts an encrypted attachment."""
    return header.startswith(MAGIC)


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    if index >= 2**32:
        raise ValueError("file too large for one stream")
    return prefix + index.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def _tampered(name: str) -> TamperedError:
    return TamperedError(
        f"Tệp đính kèm {name} đã bị thay đổi hoặc hỏng (không xác thực được); không dùng tệp này.",
        f"The attachment {name} has been altered or damaged (authentication failed); "
        "it is not used.",
    )


class ChunkWriter:
    """Encrypts what is written to it into ``out``, one sealed chunk per :data:`CHUNK` bytes.

    Call :meth:`finish` once at the end: it seals the last chunk (possibly empty) with the
    last-flag set, without which the file would not authenticate.
    """

    def __init__(self, key: bytes, out: BinaryIO) -> None:
        salt = os.urandom(_SALT)
        self._prefix = os.urandom(_PREFIX)
        self._header = MAGIC + salt + self._prefix
        self._aead = AESGCM(derive(key, _FILE_INFO, salt=salt))
        self._out = out
        self._buffer = bytearray()
        self._index = 0
        out.write(self._header)

    def write(self, data: bytes) -> None:
        """Add plaintext; full chunks are sealed and written at once."""
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]

    def finish(self) -> None:
        """Seal the final chunk."""
        self._seal(bytes(self._buffer), last=True)
        self._buffer.clear()

    def _seal(self, plain: bytes, *, last: bool) -> None:
        nonce = _nonce(self._prefix, self._index, last)
        self._out.write(self._aead.encrypt(nonce, plain, self._header))
        self._index += 1


class FileCipher:
    """Encrypts and decrypts attachment files with one attachment key.

    Args:
        key: 32 bytes (derived from the store's data key by :mod:`helper_app.security.vault`).
    """

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("the attachment key must be 32 bytes")
        self._key = key

    def __repr__(self) -> str:
        return "FileCipher(<key hidden>)"

    def writer(self, out: BinaryIO) -> ChunkWriter:
        """A writer that encrypts into ``out`` (header written now)."""
        return ChunkWriter(self._key, out)

    def chunks(self, source: BinaryIO, *, name: str = "") -> Iterator[bytes]:
        """The plaintext of an encrypted file, chunk by chunk, each authenticated before use.

        Raises:
            TamperedError: at the first chunk that does not authenticate, or when the file ends
                early (a truncated file never yields a final chunk).
        """
        header = source.read(HEADER_LEN)
        if len(header) != HEADER_LEN or not is_encrypted(header):
            raise _tampered(name)
        salt = header[len(MAGIC) : len(MAGIC) + _SALT]
        prefix = header[len(MAGIC) + _SALT :]
        aead = AESGCM(derive(self._key, _FILE_INFO, salt=salt))
        sealed = source.read(CHUNK + _TAG)
        index = 0
        while True:
            following = source.read(CHUNK + _TAG)
            last = not following
            try:
                yield aead.decrypt(_nonce(prefix, index, last), sealed, header)
            except InvalidTag as exc:
                raise _tampered(name) from exc
            if last:
                return
            sealed = following
            index += 1

    def opens(self, source: BinaryIO) -> bool:
        """True when the file's first chunk authenticates under this key (a cheap key test).

        A key rotation uses it to tell files already re-encrypted from those still under the
        old key; reading the whole file still authenticates every chunk.
        """
        header = source.read(HEADER_LEN)
        if len(header) != HEADER_LEN or not is_encrypted(header):
            return False
        salt = header[len(MAGIC) : len(MAGIC) + _SALT]
        prefix = header[len(MAGIC) + _SALT :]
        sealed = source.read(CHUNK + _TAG)
        last = not source.read(1)
        try:
            AESGCM(derive(self._key, _FILE_INFO, salt=salt)).decrypt(
                _nonce(prefix, 0, last), sealed, header
            )
        except InvalidTag:
            return False
        return True

    def decrypt(self, source: BinaryIO, *, name: str = "") -> bytes:
        """The whole plaintext (attachments are at most tens of MB; kept in memory, never on disk).

        Raises:
            TamperedError: the file does not authenticate.
        """
        return b"".join(self.chunks(source, name=name))
