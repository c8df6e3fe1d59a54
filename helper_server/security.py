"""Passwords and access tokens: argon2 hashes for passwords, SHA-256 for opaque tokens.

A token is 32 random bytes (``secrets.token_urlsafe``); only its SHA-256 is stored, so the
database alone never lets anyone act as a user. Tokens are high-entropy, so a plain fast hash is
the right tool for them; passwords are not, so they get argon2.
"""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

TOKEN_BYTES = 32


class Passwords:
    """Hash and verify passwords with argon2id at a configurable cost.

    Args:
        time_cost / memory_kib: argon2 parameters (lowered only to keep tests fast).
    """

    def __init__(self, *, time_cost: int = 3, memory_kib: int = 65536) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib)
        self._dummy = self._hasher.hash(secrets.token_urlsafe(16))

    def hash(self, password: str) -> str:
        """The encoded argon2id hash of ``password``."""
        return self._hasher.hash(password)

    def verify(self, encoded: str | None, password: str) -> bool:
        """True when ``password`` matches; an unknown user (``None``) costs the same time."""
        try:
            return self._hasher.verify(encoded or self._dummy, password) and encoded is not None
        except (VerificationError, InvalidHashError):
            return False


def new_token() -> str:
    """A fresh opaque access token (URL-safe text)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    """What the database stores for ``token`` (hex SHA-256)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
