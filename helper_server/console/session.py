"""Console sign-in state: the session cookie, the anti-forgery (CSRF) tokens, the signed-in user.

A console session IS an access token of :mod:`helper_server.accounts` (device ``web-console``,
a short life): only its SHA-256 is stored, sign-out revokes it, and an expired or revoked one is
refused exactly like on the API. It travels in an ``HttpOnly``, ``SameSite=Strict`` cookie
(``Secure`` when the request came over https), so page scripts can never read it.

CSRF: every form of a signed-in page carries ``csrf = HMAC-SHA256(session token, purpose)``
(a synchronizer token that needs no storage: only the holder of the cookie can compute it);
the sign-in form, which has no session yet, uses a double-submit cookie instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from helper_app.sync.protocol import Role
from helper_server.accounts import resolve_token
from helper_server.api.deps import Services
from helper_server.models import User

SESSION_COOKIE = "helper_console"
LOGIN_CSRF_COOKIE = "helper_console_login"
CONSOLE_DEVICE = "web-console"
SESSION_TTL = dt.timedelta(hours=12)
_CSRF_PURPOSE = b"helper-console-csrf-v1"


class NotSignedIn(Exception):
    """No live console session: the page answers with a redirect to the sign-in page."""

    def __init__(self, *, expired: bool) -> None:
        super().__init__("not signed in")
        self.expired = expired


class NotAnOfficer(Exception):
    """A session of an account that may not use the console (a volunteer)."""


class CsrfRejected(Exception):
    """A POST whose anti-forgery token is missing or wrong."""


@dataclass(frozen=True)
class ConsoleSession:
    """The signed-in official and the token their cookie holds."""

    user: User
    token: str

    @property
    def csrf(self) -> str:
        """The anti-forgery token every form of this session carries."""
        return csrf_for(self.token)


def csrf_for(token: str) -> str:
    """The CSRF token bound to a session token (stable for the session's life)."""
    return hmac.new(token.encode("utf-8"), _CSRF_PURPOSE, hashlib.sha256).hexdigest()


def csrf_matches(expected: str, given: object) -> bool:
    """Constant-time comparison; anything but a non-empty string fails."""
    return isinstance(given, str) and bool(given) and secrets.compare_digest(expected, given)


def may_use_console(user: User) -> bool:
    """Officers and admins work in the console; volunteers use the desktop app."""
    return user.role in (Role.OFFICER, Role.ADMIN)


def current_session(request: Request, services: Services) -> ConsoleSession:
    """The console session of this request.

    Raises:
        NotSignedIn: no cookie, or a token that is unknown, expired or revoked.
        NotAnOfficer: the token belongs to a volunteer.
    """
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise NotSignedIn(expired=False)
    with services.db.read() as session:
        user, _problem = resolve_token(session, token=token)
    if user is None:
        raise NotSignedIn(expired=True)
    if not may_use_console(user):
        raise NotAnOfficer()
    return ConsoleSession(user=user, token=token)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    """Put the session token in the HttpOnly, SameSite=Strict cookie."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(SESSION_TTL.total_seconds()),
        path="/console",
        httponly=True,
        samesite="strict",
        secure=_secure(request),
    )


def clear_session_cookie(response: Response, request: Request) -> None:
    """Drop the session cookie from the browser."""
    response.delete_cookie(
        SESSION_COOKIE, path="/console", httponly=True, samesite="strict", secure=_secure(request)
    )


def login_csrf(request: Request) -> tuple[str, bool]:
    """The double-submit token of the sign-in form, and whether the cookie must be (re)set."""
    existing = request.cookies.get(LOGIN_CSRF_COOKIE)
    if existing and len(existing) >= 32:
        return existing, False
    return secrets.token_urlsafe(32), True


def set_login_csrf_cookie(response: Response, request: Request, value: str) -> None:
    """Remember the sign-in form's token in a cookie (checked against the hidden field)."""
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        value,
        max_age=3600,
        path="/console",
        httponly=True,
        samesite="strict",
        secure=_secure(request),
    )
