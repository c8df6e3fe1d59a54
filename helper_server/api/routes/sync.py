"""Volunteer sync: push mutations, read the changes feed, read one dossier."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from helper_app.sync.protocol import ChangesPage, PushRequest, PushResponse, ServerDossier
from helper_server.api.deps import (
    COMMON_ERRORS,
    CurrentUser,
    ServicesDep,
    VolunteerUser,
    error_responses,
)
from helper_server.dossiers import changes_page
from helper_server.identity import read_identity
from helper_server.visibility import visible_ids

router = APIRouter(prefix="/api/v1", tags=["sync"], responses=COMMON_ERRORS)


@router.post("/sync/push", responses=error_responses(403))
def push(body: PushRequest, user: VolunteerUser, services: ServicesDep) -> PushResponse:
    """Apply mutations in order; one outcome per mutation (see docs/protocol.md)."""
    return services.push.push(user=user, request=body)


@router.get("/sync/changes", responses=error_responses(409))
def changes(
    user: CurrentUser,
    services: ServicesDep,
    since: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    anchor: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
) -> ChangesPage:
    """The changes after cursor ``since`` that the caller may see, oldest first.

    A volunteer sees the dossiers they first submitted and those of their help-point team;
    officers and admins the whole ward (helper_server.visibility).

    A cursor beyond the feed, or whose change is not the one ``anchor`` names, is refused with
    409 (``feed.cursor_ahead`` / ``feed.cursor_unknown``): it belongs to another history.
    """
    with services.db.read() as session:
        return changes_page(
            session,
            ward_code=user.ward_code,
            since=since,
            limit=limit,
            anchor=anchor,
            identity=read_identity(session),
            only=visible_ids(user),
        )


@router.get("/dossiers/{dossier_id}", responses=error_responses(404))
def read_dossier(dossier_id: uuid.UUID, user: CurrentUser, services: ServicesDep) -> ServerDossier:
    """The server's current version of one dossier the caller may see (404 otherwise)."""
    return services.officer.read(user=user, dossier_id=dossier_id)
