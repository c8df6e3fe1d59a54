"""Attachment uploads: ``HEAD`` (offset held), ``PATCH`` (append a chunk), ``GET`` (officers).

A blob is named by its SHA-256 and lives in the caller's ward only: asking for one another ward
holds answers exactly like asking for one nobody holds (404).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from helper_app.sync.protocol import (
    BLOB_COMPLETE_HEADER,
    UPLOAD_LENGTH_HEADER,
    UPLOAD_OFFSET_HEADER,
)
from helper_server.api.deps import (
    COMMON_ERRORS,
    CurrentUser,
    OfficerUser,
    ServicesDep,
    error_responses,
)
from helper_server.blobs import BlobState

router = APIRouter(prefix="/api/v1/blobs", tags=["blobs"], responses=COMMON_ERRORS)

Sha256Path = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="lower-case hex SHA-256")]


class BlobStatus(BaseModel):
    """Where an upload stands."""

    sha256: str
    offset: int
    size: int
    complete: bool


def state_upload_limit(schema: dict[str, Any], max_blob_size: int) -> None:
    """Write the server's real ``max_blob_size`` into the schema of the ``Upload-Length``
    header (the route declares a static bound; the setting is known only at start)."""
    operation = schema.get("paths", {}).get(f"{router.prefix}/{{sha256}}", {}).get("patch", {})
    for parameter in operation.get("parameters", []):
        if parameter.get("name") == UPLOAD_LENGTH_HEADER:
            parameter["schema"]["maximum"] = max_blob_size


def _headers(state: BlobState) -> dict[str, str]:
    return {
        UPLOAD_OFFSET_HEADER: str(state.offset),
        UPLOAD_LENGTH_HEADER: str(state.size),
        BLOB_COMPLETE_HEADER: "true" if state.complete else "false",
        "Cache-Control": "no-store",
    }


@router.head(
    "/{sha256}",
    responses={
        **error_responses(404),
        200: {"description": "Upload-Offset / Upload-Length / Blob-Complete headers, no body"},
    },
)
def blob_offset(sha256: Sha256Path, user: CurrentUser, services: ServicesDep) -> Response:
    """How many bytes of this file the server holds for your ward (404: none)."""
    state = services.blobs.state(user=user, sha256=sha256)
    return Response(status_code=200, headers=_headers(state), media_type="application/json")


@router.patch(
    "/{sha256}",
    responses=error_responses(403, 404, 409),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    },
)
async def blob_append(
    sha256: Sha256Path,
    request: Request,
    user: CurrentUser,
    services: ServicesDep,
    upload_offset: Annotated[int, Header(alias=UPLOAD_OFFSET_HEADER, ge=0, le=2**53)],
    upload_length: Annotated[int, Header(alias=UPLOAD_LENGTH_HEADER, ge=0, le=2**53)],
) -> Response:
    """Append the body at ``Upload-Offset``; the file is checked once ``Upload-Length`` is held."""
    raw_length = request.headers.get("content-length", "")
    content_length = int(raw_length) if raw_length.isdigit() else None
    state = await services.blobs.append(
        user=user,
        sha256=sha256,
        offset=upload_offset,
        length=upload_length,
        content_length=content_length,
        chunks=request.stream(),
    )
    if state is None:  # the client went away; nobody reads this answer
        return Response(status_code=400)
    body = BlobStatus(**state.__dict__).model_dump_json()
    return Response(body, status_code=200, media_type="application/json", headers=_headers(state))


@router.get(
    "/{sha256}",
    response_class=StreamingResponse,
    responses={
        **error_responses(403, 404),
        200: {"content": {"application/octet-stream": {}}, "description": "The file's bytes"},
    },
)
async def blob_download(
    sha256: Sha256Path, user: OfficerUser, services: ServicesDep
) -> StreamingResponse:
    """The bytes of a complete attachment of your ward (officials)."""
    chunks, size = await run_in_threadpool(services.blobs.open_complete, user=user, sha256=sha256)
    return StreamingResponse(
        chunks,
        media_type="application/octet-stream",
        headers={"Content-Length": str(size), "Content-Disposition": "attachment"},
    )
