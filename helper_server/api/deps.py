"""FastAPI dependencies: the services bundle, sessions, the current user and role checks.

The composition root puts one :class:`Services` on ``app.state``; routes reach it only through
these ``Annotated`` aliases (``ServicesDep``, ``SessionDep``, ``CurrentUser``, ``OfficerUser``,
``VolunteerUser``), so tests and other entry points can swap any part.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from helper_app.sync.protocol import ErrorBody, Role
from helper_server.accounts import LAST_SEEN_STEP, TokenProblem, resolve_token_row, touch_token
from helper_server.blobs import BlobService
from helper_server.config import ServerSettings
from helper_server.db import Database
from helper_server.errors import ApiError
from helper_server.forms_catalog import FormsCatalog
from helper_server.models import User, utcnow
from helper_server.officer import OfficerService
from helper_server.push import PushService
from helper_server.ratelimit import SigninLimits
from helper_server.security import Passwords


@dataclass(frozen=True)
class Services:
    """Everything the routes use, built once by :func:`helper_server.app.create_app`."""

    settings: ServerSettings
    db: Database
    forms: FormsCatalog
    passwords: Passwords
    push: PushService
    blobs: BlobService
    officer: OfficerService
    signin_limits: SigninLimits


def get_services(request: Request) -> Services:
    """The app's services."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_session(services: ServicesDep) -> Iterator[Session]:
    """A read session for one request."""
    with services.db.read() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]

_bearer = HTTPBearer(auto_error=False, description="The access token from /api/v1/auth/login.")

_AUTH_TEXTS: dict[str, tuple[str, str]] = {
    "auth.required": ("Sign in first (Authorization: Bearer <token>).", "Vui lòng đăng nhập."),
    TokenProblem.INVALID: (
        "The access token is not valid; sign in again.",
        "Phiên đăng nhập không hợp lệ; vui lòng đăng nhập lại.",
    ),
    TokenProblem.EXPIRED: (
        "The access token has expired; sign in again. Nothing queued is lost.",
        "Phiên đăng nhập đã hết hạn; vui lòng đăng nhập lại. Hồ sơ chờ gửi vẫn được giữ.",
    ),
    TokenProblem.REVOKED: (
        "This access token was signed out; sign in again.",
        "Phiên đăng nhập này đã đăng xuất; vui lòng đăng nhập lại.",
    ),
    TokenProblem.SIGNED_OUT_BY_WARD: (
        "The ward signed this laptop out (token revoked, account disabled or password "
        "changed); contact the ward's staff to sign in again. Nothing queued is lost.",
        "Phường/xã đã đăng xuất máy này. Hãy liên hệ cán bộ để đăng nhập lại.",
    ),
}


def unauthorized(code: str) -> ApiError:
    """401 with ``WWW-Authenticate`` and a bilingual reason."""
    en, vi = _AUTH_TEXTS[code]
    return ApiError(401, str(code), en, vi, headers={"WWW-Authenticate": "Bearer"})


def bearer_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The bearer token of the request (401 when there is none)."""
    if credentials is None or not credentials.credentials:
        raise unauthorized("auth.required")
    return credentials.credentials


BearerToken = Annotated[str, Depends(bearer_token)]


def get_current_user(token: BearerToken, services: ServicesDep) -> User:
    """The signed-in user (401 for a missing, unknown, expired or revoked token).

    Uses its own short session so no connection stays checked out for the whole request.
    The token's ``last_seen_at`` (the admin's devices list) is written at most once a minute.
    """
    with services.db.read() as session:
        user, problem, access = resolve_token_row(session, token=token)
    if user is None or access is None:
        raise unauthorized(problem or TokenProblem.INVALID)
    if access.last_seen_at is None or utcnow() - access.last_seen_at >= LAST_SEEN_STEP:
        with services.db.write() as session:
            touch_token(session, token_id=access.id)
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def _forbidden(role: str, allowed: str) -> ApiError:
    return ApiError(
        403,
        "forbidden.role",
        f"This needs the {allowed} role; you are signed in as {role}.",
        f"Chức năng này dành cho vai trò {allowed}; bạn đang đăng nhập với vai trò {role}.",
    )


def get_officer(user: CurrentUser) -> User:
    """The current user, who must be an officer or admin (403 otherwise)."""
    if user.role not in (Role.OFFICER, Role.ADMIN):
        raise _forbidden(str(user.role), "officer")
    return user


def get_volunteer(user: CurrentUser) -> User:
    """The current user, who must be a volunteer or admin (403 otherwise)."""
    if user.role not in (Role.VOLUNTEER, Role.ADMIN):
        raise _forbidden(str(user.role), "volunteer")
    return user


OfficerUser = Annotated[User, Depends(get_officer)]
VolunteerUser = Annotated[User, Depends(get_volunteer)]


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` documenting the JSON error body for ``codes``."""
    return {
        code: {"model": ErrorBody, "description": "Error (JSON code + message)"} for code in codes
    }


COMMON_ERRORS = error_responses(400, 401, 413, 415, 422, 429, 503)
"""Errors any authenticated endpoint may answer."""
