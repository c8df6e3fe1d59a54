"""The officer console: server-rendered web pages where ward officials review dossiers.

:func:`install_console` is what the composition root calls: it mounts the console's routers
(sign-in, queue and figures, dossier pages and actions, the admin's laptop set-up and accounts
pages) under
``/console``, its static files under ``/console/static``, and the handlers that turn "not
signed in", "not an official" and "bad anti-forgery token" into a redirect or an HTML page
instead of the API's JSON. The console reuses the app's
:class:`~helper_server.api.deps.Services`: the same officer service, permissions and ward
scoping as the officer API. See docs/console.md.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from helper_server.console import (
    routes_accounts,
    routes_auth,
    routes_dossier,
    routes_provisioning,
    routes_queue,
)
from helper_server.console.rendering import STATIC_DIR, Console, apply_headers
from helper_server.console.session import (
    CsrfRejected,
    NotAnOfficer,
    NotSignedIn,
    clear_session_cookie,
)


async def _not_signed_in(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NotSignedIn)
    target = "/console/login?expired=1" if exc.expired else "/console/login"
    response = RedirectResponse(target, status_code=303)
    if exc.expired:
        clear_session_cookie(response, request)
    apply_headers(response)
    return response


async def _not_an_officer(request: Request, exc: Exception) -> Response:
    console: Console = request.app.state.console
    response = console.render(request, "refused.html", {}, status_code=403)
    clear_session_cookie(response, request)
    return response


async def _csrf_rejected(request: Request, exc: Exception) -> Response:
    console: Console = request.app.state.console
    return console.render(request, "message.html", {"kind": "csrf"}, status_code=403)


def install_console(app: FastAPI) -> None:
    """Mount the console on ``app`` (routes under ``/console``, not in the OpenAPI schema)."""
    app.state.console = Console.build()
    app.add_exception_handler(NotSignedIn, _not_signed_in)
    app.add_exception_handler(NotAnOfficer, _not_an_officer)
    app.add_exception_handler(CsrfRejected, _csrf_rejected)
    app.include_router(routes_auth.router)
    app.include_router(routes_queue.router)
    app.include_router(routes_dossier.router)
    app.include_router(routes_provisioning.router)
    app.include_router(routes_accounts.router)
    app.mount("/console/static", StaticFiles(directory=STATIC_DIR), name="console-static")
