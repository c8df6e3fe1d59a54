"""``/api/v1/meta`` (protocol version, capabilities, limits) and ``/api/v1/health``."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from helper_app import __version__
from helper_app.sync.protocol import CAPABILITIES, MetaResponse
from helper_server.api.deps import ServicesDep, error_responses
from helper_server.identity import read_identity

router = APIRouter(prefix="/api/v1", tags=["meta"], responses=error_responses(400, 503))


class Health(BaseModel):
    """Readiness: the process answers and its database is migrated (checked at start-up)."""

    status: str = "ok"


@router.get("/meta")
def meta(services: ServicesDep) -> MetaResponse:
    """What this server speaks: protocol version, capabilities, limits, identity (no sign-in).

    The identity (server id and feed epoch) is read from the database on each call, so
    ``helper-server new-epoch`` is seen at once by every process.
    """
    with services.db.read() as session:
        identity = read_identity(session)
    return MetaResponse(
        server_version=__version__,
        capabilities=list(CAPABILITIES),
        max_blob_size=services.settings.max_blob_size,
        server_id=str(identity.server_id),
        feed_epoch=str(identity.feed_epoch),
    )


@router.get("/health")
def health() -> Health:
    """Answers 200 as soon as the server can take requests."""
    return Health()
