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

from helper_app.sync.protocol import AUTH_SIGNED_OUT_BY_WARD, Role, UserPublic
from helper_server.models import AccessToken, AuditEvent, User, Ward, utcnow
from helper_server.password_policy import check_password
from helper_server.security import Passwords, new_token, token_digest


class TokenProblem(StrEnum):
    """Why a bearer token was not accepted (the client re-signs-in on any of them)."""

    INVALID = "auth.invalid_token"
    EXPIRED = "auth.token_expired"
    REVOKED = "auth.token_revoked"
    SIGNED_OUT_BY_WARD = AUTH_SIGNED_OUT_BY_WARD
    """An admin revoked the token or disabled the account: the laptop must not just re-sign-in."""


class RevokeReason(StrEnum):
    """Why a token was revoked (``access_tokens.revoked_reason``)."""

    LOGOUT = "logout"
    WARD = "ward"
    PASSWORD = "password"


LAST_SEEN_STEP = dt.timedelta(minutes=1)
"""``last_seen_at`` is written at most this often per token (not one write per request)."""


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
    check_password(password)
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
    """The user a bearer token stands for, or why it does not stand for anyone.

    A token an admin revoked, a token revoked by a password change, and any token of a
    disabled account answer ``SIGNED_OUT_BY_WARD``: the laptop then tells the volunteer to see
    the ward instead of silently signing in again with saved credentials.
    """
    user, problem, _ = resolve_token_row(session, token=token)
    return user, problem


def resolve_token_row(
    session: Session, *, token: str
) -> tuple[User | None, TokenProblem | None, AccessToken | None]:
    """:func:`resolve_token` plus the token's row (for its ``last_seen_at``)."""
    stmt = (
        select(AccessToken, User)
        .join(User, col(User.id) == col(AccessToken.user_id))
        .where(AccessToken.token_hash == token_digest(token))
    )
    row = session.exec(stmt).first()
    if row is None:
        return None, TokenProblem.INVALID, None
    access, user = row
    if access.revoked_at is not None:
        if access.revoked_reason in (RevokeReason.WARD, RevokeReason.PASSWORD):
            return None, TokenProblem.SIGNED_OUT_BY_WARD, access
        return None, TokenProblem.REVOKED, access
    if user.disabled:
        return None, TokenProblem.SIGNED_OUT_BY_WARD, access
    if access.expires_at <= utcnow():
        return None, TokenProblem.EXPIRED, access
    return user, None, access


def touch_token(session: Session, *, token_id: uuid.UUID) -> None:
    """Record that the token was used now (the devices list's "last sync")."""
    session.execute(
        sa.update(AccessToken).where(col(AccessToken.id) == token_id).values(last_seen_at=utcnow())
    )


def revoke_token(
    session: Session, *, token: str, reason: RevokeReason = RevokeReason.LOGOUT
) -> bool:
    """Revoke ``token``; True when it existed and was live."""
    result = session.execute(
        sa.update(AccessToken)
        .where(
            col(AccessToken.token_hash) == token_digest(token),
            col(AccessToken.revoked_at).is_(None),
        )
        .values(revoked_at=utcnow(), revoked_reason=reason)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def revoke_user_tokens(
    session: Session,
    *,
    user_id: uuid.UUID,
    reason: RevokeReason,
    device_id: str | None = None,
    keep_token: str | None = None,
) -> int:
    """Revoke the user's live tokens (only ``device_id``'s when given; never ``keep_token``).

    Returns how many were revoked.
    """
    where = [col(AccessToken.user_id) == user_id, col(AccessToken.revoked_at).is_(None)]
    if device_id is not None:
        where.append(col(AccessToken.device_id) == device_id)
    if keep_token is not None:
        where.append(col(AccessToken.token_hash) != token_digest(keep_token))
    result = session.execute(
        sa.update(AccessToken).where(*where).values(revoked_at=utcnow(), revoked_reason=reason)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def require_user(session: Session, *, username: str) -> User:
    """The account ``username`` names (as :func:`find_user` finds it, whatever its case).

    Raises:
        LookupError: there is none, or two old accounts differ only in case and the spelling
            is neither (the message names the username).
    """
    user = find_user(session, username=username)
    if user is None:
        raise LookupError(
            f"username: no account named {username.strip()!r} (give its exact spelling)"
        )
    return user


def set_disabled(
    session: Session, *, user: User, disabled: bool, actor_id: uuid.UUID | None
) -> int:
    """Disable (and revoke every token of) or re-enable ``user``; returns tokens revoked.

    A disabled account's tokens would already be refused; they are revoked too so that
    enabling the account again does not bring the lost laptop back.
    """
    user.disabled = disabled
    session.add(user)
    revoked = 0
    if disabled:
        revoked = revoke_user_tokens(session, user_id=user.id, reason=RevokeReason.WARD)
    audit(
        session,
        event="user_disabled" if disabled else "user_enabled",
        user_id=user.id,
        ward_code=user.ward_code,
        actor_id=actor_id,
    )
    return revoked


def revoke_by_admin(
    session: Session, *, user: User, actor_id: uuid.UUID | None, device_id: str | None = None
) -> int:
    """An admin ends the user's tokens (one laptop's when ``device_id`` is given)."""
    revoked = revoke_user_tokens(
        session, user_id=user.id, reason=RevokeReason.WARD, device_id=device_id
    )
    audit(
        session,
        event="device_revoked" if device_id is not None else "tokens_revoked",
        user_id=user.id,
        ward_code=user.ward_code,
        actor_id=actor_id,
        device_id=device_id,
    )
    return revoked


def reset_password(
    session: Session,
    *,
    user: User,
    new_password: str,
    passwords: Passwords,
    actor_id: uuid.UUID | None,
) -> int:
    """An admin sets a new password; every token of the user ends. Returns tokens revoked.

    Raises:
        WeakPasswordError: ``new_password`` breaks the password rules.
    """
    check_password(new_password, field="new_password")
    user.password_hash = passwords.hash(new_password)
    session.add(user)
    revoked = revoke_user_tokens(session, user_id=user.id, reason=RevokeReason.WARD)
    audit(
        session,
        event="password_reset",
        user_id=user.id,
        ward_code=user.ward_code,
        actor_id=actor_id,
    )
    return revoked


def change_own_password(
    session: Session,
    *,
    user: User,
    current_password: str,
    new_password: str,
    passwords: Passwords,
    keep_token: str,
) -> bool:
    """The user changes their password; their other tokens end. False: wrong current password.

    Raises:
        WeakPasswordError: ``new_password`` breaks the password rules.
    """
    if not passwords.verify(user.password_hash, current_password):
        return False
    check_password(new_password, field="new_password")
    user.password_hash = passwords.hash(new_password)
    session.add(user)
    revoke_user_tokens(
        session, user_id=user.id, reason=RevokeReason.PASSWORD, keep_token=keep_token
    )
    audit(session, event="password_changed", user_id=user.id, ward_code=user.ward_code)
    return True


@dataclass(frozen=True)
class Device:
    """One laptop's token as the devices list shows it (never the token or its digest)."""

    token_id: uuid.UUID
    username: str
    ward_code: str
    device_id: str
    signed_in_at: dt.datetime
    last_seen_at: dt.datetime | None
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    revoked_reason: str | None

    @property
    def live(self) -> bool:
        """Not revoked and not expired."""
        return self.revoked_at is None and self.expires_at > utcnow()


def list_devices(
    session: Session,
    *,
    ward_code: str | None = None,
    username: str | None = None,
    include_ended: bool = False,
) -> list[Device]:
    """The tokens (laptops) issued, newest use first; only live ones unless ``include_ended``."""
    stmt = select(AccessToken, User).join(User, col(User.id) == col(AccessToken.user_id))
    if ward_code is not None:
        stmt = stmt.where(User.ward_code == ward_code)
    if username is not None:
        user = find_user(session, username=username)
        if user is None:
            return []
        stmt = stmt.where(col(User.id) == user.id)
    if not include_ended:
        stmt = stmt.where(
            col(AccessToken.revoked_at).is_(None), col(AccessToken.expires_at) > utcnow()
        )
    devices = [
        Device(
            token_id=access.id,
            username=user.username,
            ward_code=user.ward_code,
            device_id=access.device_id,
            signed_in_at=access.created_at,
            last_seen_at=access.last_seen_at,
            expires_at=access.expires_at,
            revoked_at=access.revoked_at,
            revoked_reason=access.revoked_reason,
        )
        for access, user in session.exec(stmt).all()
    ]
    devices.sort(key=lambda d: d.last_seen_at or d.signed_in_at, reverse=True)
    return devices


def audit(
    session: Session,
    *,
    event: str,
    user_id: uuid.UUID | None = None,
    ward_code: str | None = None,
    address: str | None = None,
    device_id: str | None = None,
    actor_id: uuid.UUID | None = None,
) -> None:
    """Record an account event (no secrets, no personal data); ``actor_id``: the admin."""
    session.add(
        AuditEvent(
            at=utcnow(),
            event=event,
            user_id=user_id,
            ward_code=ward_code,
            address=address,
            device_id=device_id,
            actor_id=actor_id,
        )
    )
