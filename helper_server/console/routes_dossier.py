"""One dossier: the page (data by the definition, files, history, problems), its files, actions.

Reads go through :meth:`OfficerService.detail` and every action through
:meth:`OfficerService.set_status` / :meth:`OfficerService.edit` with the signed-in user, so the
console has exactly the API's permissions, lifecycle rules, receipt codes and feed entries.
A refusal (lifecycle, stale revision, invalid edit) shows the page again with the reason.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from helper_app.sync.lifecycle import FINAL, OFFICER_TRANSITIONS, DossierStatus
from helper_server.api.deps import Services, ServicesDep
from helper_server.console.deps import ConsoleDep, OfficialDep, checked_form
from helper_server.console.i18n import Lang, request_lang, translate
from helper_server.console.layout import (
    EDITABLE_TYPES,
    INLINE_IMAGES,
    find_field,
    lay_out,
    parse_edit_value,
    where_label,
)
from helper_server.console.rendering import Console, apply_headers
from helper_server.console.session import ConsoleSession
from helper_server.errors import ApiError
from helper_server.officer import (
    EditRequest,
    PlainStatus,
    RejectStatus,
    StatusRequest,
    SupplementStatus,
)

router = APIRouter(prefix="/console", include_in_schema=False)

ACTIONS: dict[str, DossierStatus] = {
    "receive": DossierStatus.RECEIVED,
    "process": DossierStatus.PROCESSING,
    "complete": DossierStatus.COMPLETED,
    "supplement": DossierStatus.SUPPLEMENT_REQUESTED,
    "reject": DossierStatus.REJECTED,
}
MAX_TEXT = 4000


class FormProblem(Exception):
    """The official's form is incomplete; ``key`` names the message to show."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def not_found_page(console: Console, request: Request, official: ConsoleSession) -> Response:
    """The 404 page (another ward's dossier looks exactly like a missing one)."""
    return console.render(
        request, "message.html", {"kind": "notfound"}, session=official, status_code=404
    )


def _page(
    console: Console,
    request: Request,
    services: Services,
    official: ConsoleSession,
    dossier_id: uuid.UUID,
    *,
    error: str | None = None,
    details: list[tuple[str, str]] | None = None,
    status_code: int = 200,
) -> Response:
    lang = request_lang(request)
    try:
        detail = services.officer.detail(user=official.user, dossier_id=dossier_id)
    except ApiError as exc:
        if exc.status == 404:
            return not_found_page(console, request, official)
        raise
    definition = services.forms.definition(detail.procedure, detail.form_version)
    layout = lay_out(
        definition,
        data=detail.data,
        attachments=detail.attachments,
        lang=lang,
        units=console.units,
    )
    labels = {o.value: o.label for o in layout.checklist}
    ok = request.query_params.get("ok")
    flash = None
    if ok in ("receive", "process", "complete", "supplement", "reject", "edit"):
        flash = translate(f"ok.{ok}", lang, receipt=detail.receipt_code or "")
    status = detail.status
    allowed = {
        name
        for name, target in ACTIONS.items()
        if target in OFFICER_TRANSITIONS.get(status, frozenset())
    }
    history = [
        {
            "change": c,
            "checklist": [where_label(p, labels, lang) for p in (c.checklist or [])],
        }
        for c in detail.history
    ]
    return console.render(
        request,
        "dossier.html",
        {
            "d": detail,
            "layout": layout,
            "history": history,
            "sender": detail.history[0].updated_by.username if detail.history else "",
            "sent_at": detail.history[0].updated_at if detail.history else detail.created_at,
            "current_checklist": [where_label(p, labels, lang) for p in detail.checklist or []],
            "allowed": allowed,
            "editable": status not in FINAL,
            "flash": flash,
            "error": error,
            "details": [(where_label(p, labels, lang), m) for p, m in details or []],
        },
        session=official,
        status_code=status_code,
    )


@router.get("/dossiers/{dossier_id}")
def dossier_page(
    dossier_id: str,
    request: Request,
    official: OfficialDep,
    services: ServicesDep,
    console: ConsoleDep,
) -> Response:
    """The dossier laid out by its procedure definition, with files, history and actions."""
    parsed = _uuid(dossier_id)
    if parsed is None:
        return not_found_page(console, request, official)
    return _page(console, request, services, official, parsed)


def _uuid(raw: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


@router.get("/dossiers/{dossier_id}/files/{sha256}")
async def dossier_file(
    dossier_id: str,
    sha256: str,
    request: Request,
    official: OfficialDep,
    services: ServicesDep,
    console: ConsoleDep,
) -> Response:
    """One attachment of one dossier of the ward: images inline, anything else downloaded."""
    parsed = _uuid(dossier_id)
    if parsed is None:
        return not_found_page(console, request, official)
    try:
        dossier = await run_in_threadpool(
            services.officer.read, user=official.user, dossier_id=parsed
        )
        ref = next((a for a in dossier.attachments if a.sha256 == sha256), None)
        if ref is None:
            return not_found_page(console, request, official)
        chunks, size = await run_in_threadpool(
            services.blobs.open_complete, user=official.user, sha256=sha256
        )
    except ApiError as exc:
        if exc.status == 404:
            return not_found_page(console, request, official)
        raise
    inline = ref.mime in INLINE_IMAGES
    media = ref.mime if inline or ref.mime == "application/pdf" else "application/octet-stream"
    name = ref.filename or f"{sha256[:12]}"
    fallback = "".join(ch if ch.isascii() and ch.isalnum() or ch in "._-" else "_" for ch in name)
    disposition = "inline" if inline else "attachment"
    response = StreamingResponse(
        chunks,
        media_type=media,
        headers={
            "Content-Length": str(size),
            "Content-Disposition": (
                f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
            ),
        },
    )
    apply_headers(response)
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    text = value.strip() if isinstance(value, str) else ""
    if len(text) > MAX_TEXT:
        raise FormProblem("err.too_long")
    return text


def _base_rev(form: FormData) -> int | None:
    raw = form.get("base_rev")
    return int(raw) if isinstance(raw, str) and raw.isdigit() and len(raw) < 10 else None


def status_request(form: FormData) -> tuple[str, StatusRequest]:
    """The officer service's request for the action this form asks for."""
    action = form.get("action")
    if not isinstance(action, str) or action not in ACTIONS:
        raise FormProblem("err.unknown_action")
    message = _text(form, "message")
    base_rev = _base_rev(form)
    request: StatusRequest
    if action == "supplement":
        checklist = [c.strip() for c in form.getlist("checklist") if isinstance(c, str)]
        checklist = [c for c in checklist if c][:100]
        if not message:
            raise FormProblem("err.message_required")
        if not checklist:
            raise FormProblem("err.checklist_required")
        request = SupplementStatus(
            status="supplement_requested", message=message, checklist=checklist, base_rev=base_rev
        )
    elif action == "reject":
        if not message:
            raise FormProblem("err.reason_required")
        request = RejectStatus(status="rejected", message=message, base_rev=base_rev)
    else:
        target = ACTIONS[action].value
        request = PlainStatus.model_validate(
            {"status": target, "message": message or None, "base_rev": base_rev}
        )
    return action, request


def _refusal(exc: ApiError, lang: Lang) -> tuple[str, list[tuple[str, str]]]:
    """The officer service's refusal in the official's language (and the problems, by path)."""
    body = exc.body
    if body.code == "lifecycle.refused":
        message = translate("err.lifecycle", lang)
    else:
        message = body.message_vi if lang == "vi" else body.message
    details = [(d.path, d.message_vi if lang == "vi" else d.message_en) for d in body.details or []]
    return message, details


async def _refused(
    console: Console,
    request: Request,
    services: Services,
    official: ConsoleSession,
    dossier_id: uuid.UUID,
    exc: ApiError,
    lang: Lang,
) -> Response:
    """The dossier page again with the officer API's refusal (or the not-found page)."""
    if exc.status == 404:
        return not_found_page(console, request, official)
    message, details = _refusal(exc, lang)
    return await _page_again(
        console, request, services, official, dossier_id, message, details, exc.status
    )


async def _page_again(
    console: Console,
    request: Request,
    services: Services,
    official: ConsoleSession,
    dossier_id: uuid.UUID,
    error: str,
    details: list[tuple[str, str]] | None = None,
    status_code: int = 422,
) -> Response:
    """The dossier page again with why the official's action was not taken (read off-loop)."""
    return await run_in_threadpool(
        _page,
        console,
        request,
        services,
        official,
        dossier_id,
        error=error,
        details=details,
        status_code=status_code,
    )


@router.post("/dossiers/{dossier_id}/status")
async def change_status(
    dossier_id: str,
    request: Request,
    official: OfficialDep,
    services: ServicesDep,
    console: ConsoleDep,
) -> Response:
    """Receive, process, complete, request a supplement or reject (one revision each)."""
    form = await checked_form(request, official)
    parsed = _uuid(dossier_id)
    if parsed is None:
        return not_found_page(console, request, official)
    lang = request_lang(request)
    try:
        action, body = status_request(form)
        await run_in_threadpool(
            services.officer.set_status, user=official.user, dossier_id=parsed, request=body
        )
    except FormProblem as problem:
        error = translate(problem.key, lang)
        return await _page_again(console, request, services, official, parsed, error)
    except ValidationError:
        error = translate("err.unknown_action", lang)
        return await _page_again(console, request, services, official, parsed, error)
    except ApiError as exc:
        return await _refused(console, request, services, official, parsed, exc, lang)
    return _back(parsed, action)


def _back(dossier_id: uuid.UUID, action: str) -> Response:
    response = RedirectResponse(f"/console/dossiers/{dossier_id}?ok={action}", status_code=303)
    apply_headers(response)
    return response


def edit_request(services: Services, procedure: str, version: int, form: FormData) -> EditRequest:
    """The officer service's edit request for the one field this form changes."""
    definition = services.forms.definition(procedure, version)
    field_id = form.get("field")
    item = (
        find_field(definition, field_id)
        if definition is not None and isinstance(field_id, str)
        else None
    )
    if item is None or item.type not in EDITABLE_TYPES:
        raise FormProblem("err.unknown_field")
    base_rev = _base_rev(form)
    if base_rev is None:
        raise FormProblem("err.unknown_action")
    value: Any = parse_edit_value(item, _text(form, "value"))
    return EditRequest(base_rev=base_rev, data={item.id: value})


@router.post("/dossiers/{dossier_id}/edit")
async def edit_field(
    dossier_id: str,
    request: Request,
    official: OfficialDep,
    services: ServicesDep,
    console: ConsoleDep,
) -> Response:
    """Change one field as an official (validated like a submission; a new revision)."""
    form = await checked_form(request, official)
    parsed = _uuid(dossier_id)
    if parsed is None:
        return not_found_page(console, request, official)
    lang = request_lang(request)
    try:
        current = await run_in_threadpool(
            services.officer.read, user=official.user, dossier_id=parsed
        )
        body = edit_request(services, current.procedure, current.form_version, form)
        await run_in_threadpool(
            services.officer.edit, user=official.user, dossier_id=parsed, request=body
        )
    except FormProblem as problem:
        error = translate(problem.key, lang)
        return await _page_again(console, request, services, official, parsed, error)
    except ApiError as exc:
        return await _refused(console, request, services, official, parsed, exc, lang)
    return _back(parsed, "edit")
