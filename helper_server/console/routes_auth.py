"""Console sign-in and sign-out: officers get a session cookie, volunteers a clear refusal.

Sign-in is :func:`helper_server.signin.sign_in`, the sequence ``POST /api/v1/auth/login`` runs
(argon2, same answer for an unknown user, the same limits and audit events); the session is an
access token for device ``web-console``.
"""

from __future__ import annotations

import functools

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from helper_server.accounts import audit, revoke_token
from helper_server.api.deps import ServicesDep
from helper_server.client_address import client_address
from helper_server.console.deps import ConsoleDep, OfficialDep, checked_form
from helper_server.console.i18n import request_lang, translate
from helper_server.console.rendering import Console, apply_headers
from helper_server.console.session import (
    CONSOLE_DEVICE,
    LOGIN_CSRF_COOKIE,
    SESSION_TTL,
    CsrfRejected,
    clear_session_cookie,
    csrf_matches,
    login_csrf,
    may_use_console,
    set_login_csrf_cookie,
    set_session_cookie,
)
from helper_server.ratelimit import retry_after_header
from helper_server.signin import Door, Outcome, sign_in

router = APIRouter(prefix="/console", include_in_schema=False)

MAX_CREDENTIAL = 200


def _login_page(
    console: Console, request: Request, *, error: str | None, status: int, username: str = ""
) -> Response:
    token, fresh = login_csrf(request)
    expired = request.query_params.get("expired") == "1"
    signed_out = request.query_params.get("out") == "1"
    response = console.render(
        request,
        "login.html",
        {
            "login_csrf": token,
            "error": error,
            "notice": "login.expired" if expired else "login.signed_out" if signed_out else None,
            "username": username,
        },
        status_code=status,
    )
    if fresh:
        set_login_csrf_cookie(response, request, token)
    return response


@router.get("/")
def home() -> Response:
    """The console starts at the queue."""
    return RedirectResponse("/console/dossiers", status_code=303)


@router.get("/login")
def login_form(request: Request, console: ConsoleDep) -> Response:
    """The sign-in page."""
    return _login_page(console, request, error=None, status=200)


_CONSOLE_DOOR = Door(
    # No device id for the limits: every browser shares one name, so none is "known".
    device_id=CONSOLE_DEVICE,
    device_is_known_source=False,
    ttl=SESSION_TTL,
    allows=may_use_console,
    refused_event="console_refused",
)


@router.post("/login")
async def login(request: Request, services: ServicesDep, console: ConsoleDep) -> Response:
    """Check the form's token, the limits and the password; start a session."""
    form = await request.form(max_fields=10, max_files=0)
    if not csrf_matches(request.cookies.get(LOGIN_CSRF_COOKIE, ""), form.get("csrf")):
        raise CsrfRejected()
    username = str(form.get("username") or "").strip()[:MAX_CREDENTIAL]
    password = str(form.get("password") or "")[:MAX_CREDENTIAL]
    lang = request_lang(request)
    result = await run_in_threadpool(
        functools.partial(
            sign_in,
            services.db,
            limits=services.signin_limits,
            passwords=services.passwords,
            username=username,
            password=password,
            address=client_address(request, services.settings.trusted_proxies),
            door=_CONSOLE_DOOR,
        )
    )
    if result.outcome is Outcome.RATE_LIMITED:
        response = _login_page(
            console,
            request,
            error=translate("login.rate_limited", lang, seconds=int(result.retry_after) + 1),
            status=429,
            username=username,
        )
        response.headers["Retry-After"] = retry_after_header(result.retry_after)
        return response
    if result.outcome is Outcome.WRONG_CREDENTIALS:
        return _login_page(
            console,
            request,
            error=translate("login.failed", lang),
            status=401,
            username=username,
        )
    if result.issued is None:
        return console.render(request, "refused.html", {}, status_code=403)
    token = result.issued.token
    response = RedirectResponse("/console/dossiers", status_code=303)
    set_session_cookie(response, request, token)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/console")
    apply_headers(response)
    return response


@router.post("/logout")
async def logout(request: Request, official: OfficialDep, services: ServicesDep) -> Response:
    """Revoke the session's token and drop the cookie."""
    await checked_form(request, official)

    def revoke() -> None:
        with services.db.write() as session:
            revoke_token(session, token=official.token)
            audit(
                session,
                event="logout",
                user_id=official.user.id,
                ward_code=official.user.ward_code,
                device_id=CONSOLE_DEVICE,
            )

    await run_in_threadpool(revoke)
    response = RedirectResponse("/console/login?out=1", status_code=303)
    clear_session_cookie(response, request)
    apply_headers(response)
    return response
