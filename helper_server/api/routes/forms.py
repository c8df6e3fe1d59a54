"""The procedure catalog: an index and each definition, both with ETags (304 when unchanged)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Response
from fastapi.responses import JSONResponse

from helper_app.sync.protocol import FormsIndex
from helper_server.api.deps import COMMON_ERRORS, CurrentUser, ServicesDep, error_responses
from helper_server.errors import not_found
from helper_server.forms_catalog import etag_matches

router = APIRouter(
    prefix="/api/v1/forms",
    tags=["forms"],
    responses={**COMMON_ERRORS, 304: {"description": "Not modified (ETag matched)"}},
)

IfNoneMatch = Annotated[str | None, Header(alias="If-None-Match")]


@router.get("", response_model=FormsIndex)
def forms_index(
    user: CurrentUser, services: ServicesDep, if_none_match: IfNoneMatch = None
) -> Response:
    """Every procedure version the server accepts, with the index's ETag."""
    catalog = services.forms
    headers = {"ETag": catalog.index_etag, "Cache-Control": "no-cache"}
    if etag_matches(if_none_match, catalog.index_etag):
        return Response(status_code=304, headers=headers)
    return JSONResponse(catalog.index.model_dump(mode="json"), headers=headers)


@router.get("/{code}/{version}", response_model=dict[str, Any], responses=error_responses(404))
def form_definition(
    code: Annotated[str, Path(max_length=63)],
    version: Annotated[int, Path(ge=1)],
    user: CurrentUser,
    services: ServicesDep,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """One procedure definition (format 1, see helper_app.forms.model) with its ETag."""
    served = services.forms.served(code, version)
    if served is None:
        raise not_found("procedure version")
    headers = {"ETag": served.etag, "Cache-Control": "no-cache"}
    if etag_matches(if_none_match, served.etag):
        return Response(status_code=304, headers=headers)
    return JSONResponse(served.payload, headers=headers)
