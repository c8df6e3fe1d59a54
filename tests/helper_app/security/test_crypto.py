"""Attachment encryption: round trip, fresh randomness per file, and every kind of tampering."""

from __future__ import annotations

import io
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helper_app.security import crypto
from helper_app.security.crypto import CHUNK, HEADER_LEN, FileCipher, TamperedError

KEY = bytes(range(32))


def _seal(data: bytes, key: bytes = KEY) -> bytes:
    out = io.BytesIO()
    writer = FileCipher(key).writer(out)
    writer.write(data)
    writer.finish()
    return out.getvalue()


def _open(blob: bytes, key: bytes = KEY) -> bytes:
    return FileCipher(key).decrypt(io.BytesIO(blob))


@settings(max_examples=60)
@given(st.binary(max_size=5000))
def test_round_trip(data: bytes) -> None:
    assert _open(_seal(data)) == data


def test_round_trip_across_chunks_and_exact_multiples() -> None:
    for size in (0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK):
        data = os.urandom(size)
        assert _open(_seal(data)) == data


def test_same_content_twice_gives_different_ciphertext() -> None:
    a, b = _seal(b"CCCD 027190001234"), _seal(b"CCCD 027190001234")
    assert a != b and a[:8] == b[:8] == crypto.MAGIC
    assert b"027190001234" not in a


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:-1],  # truncated inside the last chunk
        lambda b: b[: HEADER_LEN + CHUNK + 16],  # truncated exactly at a chunk boundary
        lambda b: b[:HEADER_LEN],  # no chunk at all
        lambda b: b[:20] + bytes([b[20] ^ 1]) + b[21:],  # header (salt) altered
        lambda b: b[:-5] + bytes([b[-5] ^ 0x80]) + b[-4:],  # tag altered
        lambda b: b[: HEADER_LEN + 10] + bytes([b[HEADER_LEN + 10] ^ 1]) + b[HEADER_LEN + 11 :],
        lambda b: b + b"extra",  # appended bytes
    ],
)
def test_tampering_is_detected(damage: object) -> None:
    blob = _seal(os.urandom(CHUNK + 100))
    with pytest.raises(TamperedError):
        _open(damage(blob))  # type: ignore[operator]


def test_reordered_chunks_and_another_key_are_refused() -> None:
    blob = _seal(os.urandom(2 * CHUNK + 10))
    size = CHUNK + 16
    head, c0, c1, rest = (
        blob[:HEADER_LEN],
        blob[HEADER_LEN : HEADER_LEN + size],
        blob[HEADER_LEN + size : HEADER_LEN + 2 * size],
        blob[HEADER_LEN + 2 * size :],
    )
    with pytest.raises(TamperedError):
        _open(head + c1 + c0 + rest)
    with pytest.raises(TamperedError):
        _open(blob, key=bytes(32))
