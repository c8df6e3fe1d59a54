"""``/api/v1/provisioning``: the signing key's public half, and files for a ward's admin.

``GET /key`` needs no sign-in: the public key and its fingerprint are what an officer compares
with the fingerprint a laptop shows after accepting a provisioning file. ``POST`` lets an admin
download a signed file for their own ward (the CLI ``helper-server provision`` does the same on
the server machine). ``POST /links`` keeps such a file on the server and answers the link text a
QR code carries; ``GET /files/{token}`` serves it to laptops without sign-in until it expires
(see :mod:`helper_server.provisioning_links`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Response
from pydantic import BaseModel, Field

from helper_app.sync.protocol import Role
from helper_server.api.deps import (
    COMMON_ERRORS,
    CurrentUser,
    Services,
    ServicesDep,
    error_responses,
)
from helper_server.errors import ApiError, not_found
from helper_server.models import User
from helper_server.provisioning import (
    DEFAULT_DAYS,
    MAX_DAYS,
    load_or_create_signing_key,
    public_key_info,
    signing_key_path,
)
from helper_server.provisioning_links import fetch_file, issue_link, sign_ward_file

router = APIRouter(prefix="/api/v1/provisioning", tags=["provisioning"], responses=COMMON_ERRORS)


class ProvisioningRequest(BaseModel):
    """What an admin asks for: the address laptops will use, and how long the file is valid."""

    server_url: str = Field(min_length=8, max_length=500, pattern=r"^https?://[^\s?#]+$")
    days: int = Field(default=DEFAULT_DAYS, ge=1, le=MAX_DAYS)
    ca_pem: str | None = Field(default=None, max_length=200_000)


def get_admin(user: CurrentUser) -> User:
    """Only a ward admin may hand out provisioning files."""
    if user.role != Role.ADMIN:
        raise ApiError(
            403,
            "forbidden.role",
            "Only an admin can create provisioning files.",
            "Chỉ quản trị viên mới tạo được tệp cấu hình máy.",
        )
    return user


AdminUser = Annotated[User, Depends(get_admin)]


@router.get("/key", responses=error_responses(404))
def signing_key() -> dict[str, str]:
    """The server's provisioning public key and its fingerprint (no sign-in).

    404 until the first provisioning file is made: a read never creates the key.
    """
    path = signing_key_path()
    if not path.exists():
        raise not_found("provisioning key (no provisioning file has been made yet)")
    return public_key_info(load_or_create_signing_key(path))


def _signed(body: ProvisioningRequest, user: User, services: Services) -> dict[str, Any]:
    try:
        return sign_ward_file(
            services.db,
            services.forms.catalog,
            user,
            server_url=body.server_url,
            days=body.days,
            ca_pem=body.ca_pem,
        )
    except ValueError as exc:
        raise ApiError(422, "invalid_request", str(exc), "Yêu cầu không hợp lệ.") from exc


@router.post("", responses=error_responses(403))
def create_file(body: ProvisioningRequest, user: AdminUser, services: ServicesDep) -> Any:
    """A signed provisioning file for the admin's own ward."""
    return _signed(body, user, services)


@router.post("/links", responses=error_responses(403))
def create_link(body: ProvisioningRequest, user: AdminUser, services: ServicesDep) -> Any:
    """Keep a signed file for the admin's ward and answer the QR code's link to it."""
    document = _signed(body, user, services)
    issued = issue_link(services.db, document, user=user, server_url=body.server_url)
    return issued.as_json()


@router.get("/files/{token}", responses=error_responses(404))
def download_file(
    token: Annotated[str, Path(max_length=64, description="the link's token")],
    services: ServicesDep,
) -> Response:
    """The provisioning file behind a link (no sign-in; 404 once expired or unknown)."""
    content = fetch_file(services.db, token)
    if content is None:
        raise not_found("provisioning link (unknown or expired)")
    return Response(
        content,
        media_type="application/json",
        headers={"Cache-Control": "no-store", "Content-Disposition": "attachment"},
    )
