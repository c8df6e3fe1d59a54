"""Turning a page's context into HTML: the Jinja2 environment, shared filters, safe headers.

Templates live in ``console/templates`` and get ``t()`` (the request's language), ``lang``,
``csrf`` and the signed-in ``user`` automatically. Every console answer carries a strict
Content-Security-Policy (scripts and styles from this server only, no framing) and
``Cache-Control: no-store``: the pages hold residents' personal data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import Response

from helper_app.forms import UnitDirectory
from helper_server.console.i18n import LANG_COOKIE, Lang, request_lang, translate
from helper_server.console.session import ConsoleSession

VIETNAM = dt.timezone(dt.timedelta(hours=7))
HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def local_time(value: dt.datetime | None) -> str:
    """``dd/mm/yyyy HH:MM`` in Vietnam time (what officials read on paper too); a time without
    a zone (SQLite hands them back so) is UTC, as the server stores every time."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")


def short_code(dossier_id: object) -> str:
    """The 8-character code shown for a dossier (the start of its id, upper case)."""
    return str(dossier_id).replace("-", "")[:8].upper()


@dataclass(frozen=True)
class Console:
    """What every console page needs, built once per app by :func:`install_console`.

    Attributes:
        templates: the Jinja2 environment.
        units: administrative units, to show an address's commune and province names.
    """

    templates: Jinja2Templates
    units: UnitDirectory | None

    @classmethod
    def build(cls) -> Console:
        """Load templates and the bundled unit directory (missing units only cost names)."""
        templates = Jinja2Templates(directory=str(HERE / "templates"))
        templates.env.filters["local_time"] = local_time
        templates.env.filters["short_code"] = short_code
        try:
            units: UnitDirectory | None = UnitDirectory.bundled()
        except (OSError, ValueError):
            units = None
        return cls(templates=templates, units=units)

    def ward_label(self, code: str) -> str:
        """The ward as officials say it, "Xã Đại Sơn (07627)"; the bare code when the unit
        directory does not know it."""
        commune = self.units.commune(code) if self.units is not None else None
        return f"{commune.name_vi} ({code})" if commune is not None else code

    def render(
        self,
        request: Request,
        name: str,
        context: dict[str, Any],
        *,
        session: ConsoleSession | None = None,
        status_code: int = 200,
    ) -> Response:
        """The page ``name`` in the request's language, with the console's headers."""
        lang: Lang = request_lang(request)

        def t(key: str, **values: object) -> str:
            return translate(key, lang, **values)

        full = {
            "t": t,
            "lang": lang,
            "user": session.user if session else None,
            "ward_label": self.ward_label(session.user.ward_code) if session else "",
            "csrf": session.csrf if session else "",
            "other_lang_url": _other_lang_url(request, lang),
            **context,
        }
        response = self.templates.TemplateResponse(request, name, full, status_code=status_code)
        apply_headers(response)
        remember_lang(response, request)
        return response


def apply_headers(response: Response) -> None:
    """The console's security and caching headers."""
    for key, value in SECURITY_HEADERS.items():
        response.headers.setdefault(key, value)


def remember_lang(response: Response, request: Request) -> None:
    """Keep an explicit ``?lang=`` choice in a cookie for the next pages."""
    asked = request.query_params.get("lang")
    if asked in ("vi", "en"):
        response.set_cookie(LANG_COOKIE, asked, max_age=365 * 86400, path="/", samesite="lax")


def _other_lang_url(request: Request, lang: Lang) -> str:
    params = dict(request.query_params)
    params["lang"] = "en" if lang == "vi" else "vi"
    return (
        str(request.url.replace_query_params(**params).path)
        + "?"
        + str(request.url.replace_query_params(**params).query)
    )
