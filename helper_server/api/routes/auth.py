"""Sign-in, sign-out and "who am I": opaque bearer tokens, rate-limited sign-in."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request, Response

from helper_app.sync.protocol import (
    AUTH_PASSWORD_WEAK,
    ChangePasswordRequest,
    FieldError,
    LoginRequest,
    LoginResponse,
    UserPublic,
)
from helper_server.accounts import audit, change_own_password, revoke_token, user_public
from helper_server.api.deps import (
    COMMON_ERRORS,
    BearerToken,
    CurrentUser,
    ServicesDep,
)
from helper_server.client_address import client_address
from helper_server.errors import ApiError
from helper_server.models import User
from helper_server.password_policy import WeakPasswordError
from helper_server.ratelimit import retry_after_header
from helper_server.signin import Door, Outcome, sign_in

router = APIRouter(prefix="/api/v1/auth", tags=["auth"], responses=COMMON_ERRORS)


def _too_many(wait: float) -> ApiError:
    return ApiError(
        429,
        "auth.rate_limited",
        "Too many sign-in attempts; wait before trying again.",
        "Đăng nhập sai quá nhiều lần; vui lòng chờ rồi thử lại.",
        headers={"Retry-After": retry_after_header(wait)},
    )


@router.post("/login")
def login(body: LoginRequest, request: Request, services: ServicesDep) -> LoginResponse:
    """Trade a username and password for an access token (429 + Retry-After when hammered).

    The limits count failures only (docs/server.md "Sign-in limits"); a device that signed in to
    the account before is not stopped by other people's failures on it.
    """
    result = sign_in(
        services.db,
        limits=services.signin_limits,
        passwords=services.passwords,
        username=body.username,
        password=body.password,
        address=client_address(request, services.settings.trusted_proxies),
        door=Door(
            device_id=body.device_id,
            device_is_known_source=True,
            ttl=dt.timedelta(days=services.settings.token_ttl_days),
        ),
    )
    if result.outcome is Outcome.RATE_LIMITED:
        raise _too_many(result.retry_after)
    if result.user is None or result.issued is None:
        raise ApiError(
            401,
            "auth.invalid_credentials",
            "Wrong username or password.",
            "Sai tên đăng nhập hoặc mật khẩu.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return LoginResponse(
        access_token=result.issued.token,
        expires_at=result.issued.expires_at,
        user=user_public(result.user),
    )


@router.post("/logout", status_code=204, response_class=Response)
def logout(token: BearerToken, user: CurrentUser, services: ServicesDep) -> Response:
    """Revoke the token this request carries."""
    with services.db.write() as session:
        revoke_token(session, token=token)
        audit(session, event="logout", user_id=user.id, ward_code=user.ward_code)
    return Response(status_code=204)


@router.get("/me")
def me(user: CurrentUser) -> UserPublic:
    """The signed-in user."""
    return user_public(user)


@router.post("/password", status_code=204, response_class=Response)
def change_password(
    body: ChangePasswordRequest, token: BearerToken, user: CurrentUser, services: ServicesDep
) -> Response:
    """The signed-in user changes their own password; their other laptops are signed out.

    The laptop that asked keeps its token. 401 ``auth.invalid_credentials`` for a wrong
    current password, 422 ``auth.password_weak`` naming ``new_password``.
    """
    try:
        with services.db.write() as session:
            row = session.get(User, user.id)
            assert row is not None
            changed = change_own_password(
                session,
                user=row,
                current_password=body.current_password,
                new_password=body.new_password,
                passwords=services.passwords,
                keep_token=token,
            )
    except WeakPasswordError as exc:
        raise ApiError(
            422,
            AUTH_PASSWORD_WEAK,
            f"new_password {exc.message}.",
            f"Mật khẩu mới không dùng được: {exc.message_vi}.",
            details=[
                FieldError(
                    path=exc.field,
                    code=AUTH_PASSWORD_WEAK,
                    message_en=exc.message,
                    message_vi=exc.message_vi,
                )
            ],
        ) from None
    if not changed:
        raise ApiError(
            401,
            "auth.invalid_credentials",
            "The current password is wrong.",
            "Mật khẩu hiện tại không đúng.",
        )
    return Response(status_code=204)
