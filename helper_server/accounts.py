"""Wards, users and access tokens: creation, sign-in, token resolution and revocation.

CRUD functions take keyword-only arguments and a session; the caller owns the transaction.
Sign-in answers the same "wrong username or password" for an unknown user and a wrong password,
and spends the same argon2 time on both, so accounts cannot be enumerated.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Session, col, select

from helper_app.sync.protocol import Role, UserPublic
from helper_server.models import AccessToken, AuditEvent, User, Ward, utcnow
from helper_server.security import Passwords, new_token, token_digest


class TokenProblem(StrEnum):
    """Why a bearer token was not accepted (the client re-signs-in on any of them)."""

    INVALID = "auth.invalid_token"
    EXPIRED = "auth.token_expired"
    REVOKED = "auth.token_revoked"


@dataclass(frozen=True)
class IssuedToken:
    """A token as handed to the client once (only its digest is stored)."""

    token: str
    expires_at: dt.datetime


def user_public(user: User) -> UserPublic:
    """The API view of a user."""
    return UserPublic(
        id=user.id, username=user.username, role=Role(user.role), ward_code=user.ward_code
    )


def username_key(username: str) -> str:
    """The form of ``username`` that sign-in looks up and the sign-in limits count by.

    Case-folded and NFC-normalised (before and after folding: folding can undo composition), so
    "Lan", "LAN" and a decomposed "Lân" are one account and one limit bucket.
    """
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", username.strip()).casefold())


def find_user(session: Session, *, username: str) -> User | None:
    """The account ``username`` names, whatever its case.

    Accounts made before usernames were case-folded may differ only in case; then only the
    exact spelling finds one (never a guess between two accounts).
    """
    matches = session.exec(select(User).where(User.username_key == username_key(username))).all()
    if len(matches) == 1:
        return matches[0]
    exact = [user for user in matches if user.username == username.strip()]
    return exact[0] if len(exact) == 1 else None


def ensure_ward(session: Session, *, code: str, name: str = "") -> Ward:
    """The ward ``code``, created if it does not exist yet."""
    ward = session.get(Ward, code)
    if ward is None:
        ward = Ward(code=code, name=name, change_seq=0, created_at=utcnow())
        session.add(ward)
        session.flush()
    return ward


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: Role,
    ward_code: str,
    passwords: Passwords,
) -> User:
    """A new user in ``ward_code`` (the ward is created when needed).

    Raises:
        ValueError: the username is taken or a value is unusable.
    """
    username = username.strip()
    if not username or len(username) > 100:
        raise ValueError("username must be 1 to 100 characters")
    if len(password) < 8:
        raise ValueError("password must be at least 8 characters")
    if not ward_code.strip() or len(ward_code) > 20:
        raise ValueError("ward code must be 1 to 20 characters")
    key = username_key(username)
    if session.exec(select(User).where(User.username_key == key)).first() is not None:
        raise ValueError(f"username {username!r} is already taken (usernames ignore case)")
    ensure_ward(session, code=ward_code)
    user = User(
        username=username,
        username_key=key,
        password_hash=passwords.hash(password),
        role=role,
        ward_code=ward_code,
        created_at=utcnow(),
    )
    session.add(user)
    session.flush()
    audit(session, event="user_created", user_id=user.id, ward_code=ward_code)
    return user


def authenticate(
    session: Session, *, username: str, password: str, passwords: Passwords
) -> User | None:
    """The user with these credentials, or ``None`` (same cost either way)."""
    user = find_user(session, username=username)
    ok = passwords.verify(user.password_hash if user else None, password)
    if user is None or not ok or user.disabled:
        return None
    return user


def issue_token(session: Session, *, user: User, device_id: str, ttl: dt.timedelta) -> IssuedToken:
    """Store a new token's digest for ``user`` and return the token itself."""
    token = new_token()
    now = utcnow()
    row = AccessToken(
        token_hash=token_digest(token),
        user_id=user.id,
        device_id=device_id,
        created_at=now,
        expires_at=now + ttl,
    )
    session.add(row)
    return IssuedToken(token=token, expires_at=row.expires_at)


def resolve_token(session: Session, *, token: str) -> tuple[User | None, TokenProblem | None]:
    """The user a bearer token stands for, or why it does not stand for anyone."""
    stmt = (
        select(AccessToken, User)
        .join(User, col(User.id) == col(AccessToken.user_id))
        .where(AccessToken.token_hash == token_digest(token))
    )
    row = session.exec(stmt).first()
    if row is None:
        return None, TokenProblem.INVALID
    access, user = row
    if access.revoked_at is not None:
        return None, TokenProblem.REVOKED
    if access.expires_at <= utcnow():
        return None, TokenProblem.EXPIRED
    if user.disabled:
        return None, TokenProblem.INVALID
    return user, None


def revoke_token(session: Session, *, token: str) -> bool:
    """Revoke ``token``; True when it existed and was live."""
    result = session.execute(
        sa.update(AccessToken)
        .where(
            col(AccessToken.token_hash) == token_digest(token),
            col(AccessToken.revoked_at).is_(None),
        )
        .values(revoked_at=utcnow())
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def audit(
    session: Session,
    *,
    event: str,
    user_id: uuid.UUID | None = None,
    ward_code: str | None = None,
    address: str | None = None,
    device_id: str | None = None,
) -> None:
    """Record an account event (no secrets, no personal data)."""
    session.add(
        AuditEvent(
            at=utcnow(),
            event=event,
            user_id=user_id,
            ward_code=ward_code,
            address=address,
            device_id=device_id,
        )
    )
