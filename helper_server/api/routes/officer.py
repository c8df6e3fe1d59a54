"""The officer API: the ward's queue, one dossier with history, lifecycle actions, edits."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from helper_app.sync.lifecycle import DossierStatus
from helper_app.sync.protocol import ServerDossier
from helper_server.api.deps import COMMON_ERRORS, OfficerUser, ServicesDep, error_responses
from helper_server.officer import DossierDetail, DossiersPublic, EditRequest, StatusRequest

router = APIRouter(
    prefix="/api/v1/officer",
    tags=["officer"],
    responses={**COMMON_ERRORS, **error_responses(403)},
)


@router.get("/dossiers")
def queue(
    user: OfficerUser,
    services: ServicesDep,
    status: DossierStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> DossiersPublic:
    """The ward's dossiers, optionally only those in ``status``."""
    return services.officer.queue(user=user, status=status, limit=limit, offset=offset)


@router.get("/dossiers/{dossier_id}", responses=error_responses(404))
def dossier_detail(
    dossier_id: uuid.UUID, user: OfficerUser, services: ServicesDep
) -> DossierDetail:
    """One dossier with its data, attachments and every action taken on it."""
    return services.officer.detail(user=user, dossier_id=dossier_id)


@router.post("/dossiers/{dossier_id}/status", responses=error_responses(404, 409))
def set_status(
    dossier_id: uuid.UUID, body: StatusRequest, user: OfficerUser, services: ServicesDep
) -> ServerDossier:
    """Receive (issues a receipt code), process, request a supplement, complete or reject."""
    return services.officer.set_status(user=user, dossier_id=dossier_id, request=body)


@router.patch("/dossiers/{dossier_id}", responses=error_responses(404, 409))
def edit_dossier(
    dossier_id: uuid.UUID, body: EditRequest, user: OfficerUser, services: ServicesDep
) -> ServerDossier:
    """Set fields as an official; a new revision that flows back to the volunteer."""
    return services.officer.edit(user=user, dossier_id=dossier_id, request=body)
