"""The one sign-in sequence, shared by the API (``POST /api/v1/auth/login``) and the console.

Both doors check the limits, the password (argon2, same cost for an unknown user), forget the
attempt on success, issue a token and audit what happened, in this order; only what each does
with the answer differs (a JSON error or a page). It lives beside, not in, ``accounts``:
``ratelimit`` imports ``accounts``, and this sequence needs both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from helper_server.accounts import IssuedToken, audit, authenticate, issue_token
from helper_server.db import Database
from helper_server.models import User
from helper_server.ratelimit import Attempt, SigninLimits
from helper_server.security import Passwords


class Outcome(StrEnum):
    """How one sign-in attempt ended."""

    SIGNED_IN = "signed_in"
    RATE_LIMITED = "rate_limited"
    WRONG_CREDENTIALS = "wrong_credentials"
    REFUSED = "refused"
    """The credentials were right but this door is not for the user (a volunteer at the
    console): no token, audited as ``refused_event``."""


@dataclass(frozen=True)
class SignIn:
    """The answer of :func:`sign_in`: ``user`` and ``issued`` are set as the outcome says."""

    outcome: Outcome
    user: User | None = None
    issued: IssuedToken | None = None
    retry_after: float = 0.0


@dataclass(frozen=True)
class Door:
    """What differs between the places one signs in.

    Attributes:
        device_id: the device recorded with the token and the audit events.
        device_is_known_source: whether the limits may treat ``device_id`` as a device that
            signed in before (a laptop's own id); the console's shared name never is.
        ttl: how long the issued token lasts.
        allows: whether a user with the right password may have a token here.
        refused_event: the audit event when ``allows`` says no.
    """

    device_id: str
    device_is_known_source: bool
    ttl: dt.timedelta
    allows: Callable[[User], bool] = lambda _user: True
    refused_event: str = "signin_refused"


def sign_in(
    db: Database,
    *,
    limits: SigninLimits,
    passwords: Passwords,
    username: str,
    password: str,
    address: str,
    door: Door,
) -> SignIn:
    """Check the limits and the credentials; on success forget the attempt and issue a token.

    Blocking (argon2 and the database): call it from a worker thread in async code.
    """
    attempt = limits.begin(
        username=username,
        address=address,
        device_id=door.device_id if door.device_is_known_source else None,
    )
    if not isinstance(attempt, Attempt):
        return SignIn(Outcome.RATE_LIMITED, retry_after=attempt)
    with db.write() as session:
        user = authenticate(
            session, username=username.strip(), password=password, passwords=passwords
        )
        if user is None:
            audit(session, event="login_failed", address=address, device_id=door.device_id)
            return SignIn(Outcome.WRONG_CREDENTIALS)
        limits.succeeded(session, attempt)
        allowed = door.allows(user)
        audit(
            session,
            event="login" if allowed else door.refused_event,
            user_id=user.id,
            ward_code=user.ward_code,
            address=address,
            device_id=door.device_id,
        )
        if not allowed:
            return SignIn(Outcome.REFUSED, user=user)
        issued = issue_token(session, user=user, device_id=door.device_id, ttl=door.ttl)
        return SignIn(Outcome.SIGNED_IN, user=user, issued=issued)
