"""The admin's "accounts and laptops" page: cut off a lost laptop or a departed volunteer.

An admin sees the accounts of their ward with the laptops (tokens) that are signed in and when
each last synced, and can sign one laptop out, sign out all of an account's laptops, disable or
re-enable an account, or set a new password (which signs out every laptop of that account).
The ward's help-point teams are defined here too (create one, put a volunteer in it, share a
volunteer's older dossiers with their team: :mod:`helper_server.teams`). The
same functions as ``helper-server accounts`` do the work (:mod:`helper_server.accounts`), so the
audit log records the same events, with the admin as ``actor_id``; never the password.

Officers get the "administrators only" page, like the laptop set-up page. Accounts of other
wards are not found. An admin's own account is not changed here (disabling it or resetting its
password would end the admin's own session); that is done with the CLI.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool

from helper_app.sync.protocol import Role
from helper_server import accounts, teams
from helper_server.api.deps import Services, ServicesDep
from helper_server.console.deps import ConsoleDep, OfficialDep, checked_form
from helper_server.console.i18n import request_lang, translate
from helper_server.console.rendering import Console, apply_headers
from helper_server.console.session import ConsoleSession
from helper_server.models import User
from helper_server.password_policy import WeakPasswordError

router = APIRouter(prefix="/console", include_in_schema=False)

ACTIONS = (
    "disable",
    "enable",
    "revoke_tokens",
    "revoke_device",
    "reset_password",
    "create_team",
    "set_team",
    "adopt",
)


class _Refused(Exception):
    """An action that cannot be done; ``key`` is the console text saying why."""

    def __init__(self, key: str, status: int = 422) -> None:
        super().__init__(key)
        self.key = key
        self.status = status


def _ward_view(services: Services, ward_code: str) -> list[dict[str, Any]]:
    """The ward's accounts by username, each with its live laptops (newest use first)."""
    with services.db.read() as session:
        users = session.exec(
            select(User).where(User.ward_code == ward_code).order_by(col(User.username))
        ).all()
        devices = accounts.list_devices(session, ward_code=ward_code)
    by_user: dict[str, list[accounts.Device]] = {}
    for device in devices:
        by_user.setdefault(device.username, []).append(device)
    return [{"user": user, "devices": by_user.get(user.username, [])} for user in users]


def _page(
    console: Console,
    request: Request,
    services: Services,
    official: ConsoleSession,
    context: dict[str, Any],
    *,
    status_code: int = 200,
) -> Response:
    if official.user.role != Role.ADMIN:
        return console.render(
            request, "message.html", {"kind": "acctadmin"}, session=official, status_code=403
        )
    lang = request_lang(request)
    ok = request.query_params.get("ok")
    flash = translate(f"acct.ok.{ok}", lang) if ok in ACTIONS else None
    with services.db.read() as session:
        ward_teams = teams.list_teams(session, ward_code=official.user.ward_code)
    full = {
        "rows": _ward_view(services, official.user.ward_code),
        "teams": ward_teams,
        "flash": flash,
        "error": None,
        "error_user": None,
        **context,
    }
    return console.render(request, "accounts.html", full, session=official, status_code=status_code)


@router.get("/accounts")
def accounts_page(
    request: Request, official: OfficialDep, services: ServicesDep, console: ConsoleDep
) -> Response:
    """The ward's accounts and their signed-in laptops."""
    return _page(console, request, services, official, {})


def _act(
    services: Services,
    admin: User,
    *,
    user_id: str,
    action: str,
    device_id: str,
    password: str,
    team_id: str = "",
    team_name: str = "",
) -> None:
    """Do ``action`` on the account ``user_id`` of the admin's ward, audited with the admin.

    Raises:
        _Refused: unknown action or account, the admin's own account, no such laptop, or a
            new password that breaks the rules (``WeakPasswordError`` is turned into it).
        teams.TeamError: a team action refused (the page says why, naming the field).
    """
    if action not in ACTIONS:
        raise _Refused("acct.err.action")
    if action == "create_team":
        with services.db.write() as session:
            teams.create_team(session, ward_code=admin.ward_code, name=team_name, actor_id=admin.id)
        return
    try:
        target_id = uuid.UUID(user_id)
    except ValueError:
        raise _Refused("acct.err.user", 404) from None
    if target_id == admin.id:
        raise _Refused("acct.err.self")
    with services.db.write() as session:
        user = session.get(User, target_id)
        if user is None or user.ward_code != admin.ward_code:
            raise _Refused("acct.err.user", 404)
        if action in ("disable", "enable"):
            accounts.set_disabled(
                session, user=user, disabled=action == "disable", actor_id=admin.id
            )
        elif action == "revoke_tokens":
            accounts.revoke_by_admin(session, user=user, actor_id=admin.id)
        elif action in ("set_team", "adopt"):
            _team_action(session, admin, user, action=action, team_id=team_id)
        elif action == "revoke_device":
            if not device_id:
                raise _Refused("acct.err.device")
            revoked = accounts.revoke_by_admin(
                session, user=user, actor_id=admin.id, device_id=device_id
            )
            if revoked == 0:
                raise _Refused("acct.err.device")
        else:
            accounts.reset_password(
                session,
                user=user,
                new_password=password,
                passwords=services.passwords,
                actor_id=admin.id,
            )


def _team_action(session: Session, admin: User, user: User, *, action: str, team_id: str) -> None:
    """Put ``user`` in the team ``team_id`` (empty: none), or share their older dossiers."""
    if action == "adopt":
        teams.adopt(session, user=user, actor_id=admin.id)
        return
    team = None
    if team_id:
        team = teams.team_in_ward(session, ward_code=admin.ward_code, team_id=team_id)
    teams.set_team(session, user=user, team=team, actor_id=admin.id)


@router.post("/accounts")
async def account_action(
    request: Request, official: OfficialDep, services: ServicesDep, console: ConsoleDep
) -> Response:
    """One action on one account, then back to the page with what was done."""
    form = await checked_form(request, official)
    if official.user.role != Role.ADMIN:
        return _page(console, request, services, official, {})
    user_id = str(form.get("user_id") or "")
    action = str(form.get("action") or "")
    try:
        await run_in_threadpool(
            _act,
            services,
            official.user,
            user_id=user_id,
            action=action,
            device_id=str(form.get("device_id") or "").strip(),
            password=str(form.get("new_password") or ""),
            team_id=str(form.get("team_id") or "").strip(),
            team_name=str(form.get("team_name") or ""),
        )
    except teams.TeamError as refused:
        error = translate(f"acct.err.team.{refused.reason}", request_lang(request))
        context = {"error": error, "error_user": user_id}
        return _page(console, request, services, official, context, status_code=422)
    except _Refused as refused:
        error = translate(refused.key, request_lang(request))
        context = {"error": error, "error_user": user_id}
        return _page(console, request, services, official, context, status_code=refused.status)
    except WeakPasswordError as weak:
        lang = request_lang(request)
        reason = weak.message_vi if lang == "vi" else weak.message
        error = translate("acct.err.weak", lang, reason=reason)
        context = {"error": error, "error_user": user_id}
        return _page(console, request, services, official, context, status_code=422)
    response = RedirectResponse(f"/console/accounts?ok={action}", status_code=303)
    apply_headers(response)
    return response
