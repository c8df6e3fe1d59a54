"""FastAPI dependencies of the console: its rendering state, the signed-in official, CSRF.

The console reuses the server's :class:`~helper_server.api.deps.Services` (the same officer
service, blob service, accounts and limiters as the API); only how a user is recognised differs
(a cookie instead of a bearer header), so the same permissions apply.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData

from helper_server.api.deps import ServicesDep
from helper_server.console.rendering import Console
from helper_server.console.session import (
    ConsoleSession,
    CsrfRejected,
    csrf_matches,
    current_session,
)

MAX_FORM_FIELDS = 300


def get_console(request: Request) -> Console:
    """The console's templates and lookups, built once by :func:`install_console`."""
    console: Console = request.app.state.console
    return console


ConsoleDep = Annotated[Console, Depends(get_console)]


def get_console_session(request: Request, services: ServicesDep) -> ConsoleSession:
    """The signed-in official (redirect to sign-in / refusal page otherwise)."""
    return current_session(request, services)


OfficialDep = Annotated[ConsoleSession, Depends(get_console_session)]


async def checked_form(request: Request, session: ConsoleSession) -> FormData:
    """The POSTed form, once its anti-forgery token matches the session's.

    Raises:
        CsrfRejected: token missing or wrong (the answer is a 403 page).
    """
    form = await request.form(max_fields=MAX_FORM_FIELDS, max_files=0)
    if not csrf_matches(session.csrf, form.get("csrf")):
        raise CsrfRejected()
    return form
