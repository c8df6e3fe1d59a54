"""The admin's "set up a laptop" page: a provisioning link shown as a QR code.

An admin picks the address laptops will use and how long the link lives; the server signs a
file for the admin's ward and keeps it (:func:`helper_server.provisioning_links.issue_link`),
and the page shows the link as a QR code, as text (to paste into the app, or for a phone's
scanner), the key's fingerprint, the expiry, and a download of the same file for a USB stick.
Officers see a refusal: handing out laptops is the admin's job, like ``POST
/api/v1/provisioning``.
"""

from __future__ import annotations

from typing import Any

import segno
from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from helper_app.sync.protocol import Role
from helper_server.api.deps import ServicesDep
from helper_server.api.routes.provisioning import ProvisioningRequest
from helper_server.console.deps import ConsoleDep, OfficialDep, checked_form
from helper_server.console.rendering import Console
from helper_server.console.session import ConsoleSession
from helper_server.provisioning import MAX_DAYS
from helper_server.provisioning_links import issue_link, sign_ward_file

router = APIRouter(prefix="/console", include_in_schema=False)

DEFAULT_LINK_DAYS = 7


def qr_svg(text: str) -> Markup:
    """The QR code of ``text`` as inline SVG (error correction M: a screen photo may blur)."""
    code = segno.make(text, error="m", micro=False)
    svg = code.svg_inline(scale=6, border=4, dark="#000", light="#fff", omitsize=False)
    return Markup(svg)  # noqa: S704 - segno's own SVG markup, from our own text


def _default_server_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _page(
    console: Console,
    request: Request,
    official: ConsoleSession,
    context: dict[str, Any],
    *,
    status_code: int = 200,
) -> Response:
    if official.user.role != Role.ADMIN:
        return console.render(
            request, "message.html", {"kind": "adminonly"}, session=official, status_code=403
        )
    full = {
        "server_url": _default_server_url(request),
        "days": DEFAULT_LINK_DAYS,
        "max_days": MAX_DAYS,
        "issued": None,
        "qr": None,
        "error": None,
        **context,
    }
    return console.render(
        request, "provisioning.html", full, session=official, status_code=status_code
    )


@router.get("/provisioning")
def provisioning_page(request: Request, official: OfficialDep, console: ConsoleDep) -> Response:
    """The form: the address laptops will use and the link's lifetime."""
    return _page(console, request, official, {})


@router.post("/provisioning")
async def make_link(
    request: Request, official: OfficialDep, services: ServicesDep, console: ConsoleDep
) -> Response:
    """Sign and keep a file for the admin's ward; show its link as a QR code."""
    form = await checked_form(request, official)
    server_url = str(form.get("server_url") or "").strip()
    days_raw = str(form.get("days") or "").strip()
    asked = {"server_url": server_url, "days": days_raw}
    if official.user.role != Role.ADMIN:
        return _page(console, request, official, asked)
    try:
        body = ProvisioningRequest.model_validate({"server_url": server_url, "days": days_raw})
    except ValidationError as exc:
        field = str(exc.errors()[0]["loc"][0]) if exc.errors() else "server_url"
        error = "prov.bad_days" if field == "days" else "prov.bad_url"
        return _page(console, request, official, {**asked, "error": error}, status_code=422)
    user = official.user

    def issue() -> Any:
        document = sign_ward_file(
            services.db, services.forms.catalog, user, server_url=body.server_url, days=body.days
        )
        return issue_link(services.db, document, user=user, server_url=body.server_url)

    issued = await run_in_threadpool(issue)
    return _page(
        console,
        request,
        official,
        {**asked, "issued": issued, "qr": qr_svg(issued.link.text())},
    )
