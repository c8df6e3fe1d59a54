"""Provisioning links: a signed file kept on the server, fetched by a laptop through a QR code.

An admin asks for a link (console page or ``POST /api/v1/provisioning/links``); the server signs
a file for the admin's ward, keeps its exact bytes with a random token, and answers the link
text of :mod:`helper_app.provisioning.link` (download URL, the file's SHA-256, the key's
fingerprint). ``GET /api/v1/provisioning/files/{token}`` hands out the bytes, without sign-in,
until the link expires (404 afterwards, and for an unknown token). The token is stored only as
its SHA-256; the file is public information plus a signature, so a leaked token costs nothing
but a look at the ward's catalog.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import col

from helper_app.forms import Catalog, UnitDirectory
from helper_app.provisioning.format import fingerprint
from helper_app.provisioning.link import ProvisioningLink
from helper_server.db import Database
from helper_server.models import ProvisioningLink as LinkRow
from helper_server.models import User, Ward, utcnow
from helper_server.provisioning import DEFAULT_DAYS, build_file, load_or_create_signing_key
from helper_server.security import token_digest

FILES_PATH = "/api/v1/provisioning/files/"
MAX_LIVE_LINKS_PER_WARD = 20
"""Older live links of a ward are deleted beyond this (each holds a file of hundreds of kB)."""


@dataclass(frozen=True)
class IssuedLink:
    """A link just made: what the console shows and the API answers."""

    link: ProvisioningLink
    expires_at: dt.datetime
    ward_code: str
    size: int

    def as_json(self) -> dict[str, object]:
        return {
            "text": self.link.text(),
            "url": self.link.url,
            "sha256": self.link.sha256,
            "fingerprint": self.link.fingerprint,
            "expires_at": self.expires_at.isoformat(),
            "ward_code": self.ward_code,
            "size": self.size,
        }


def ward_name(db: Database, ward_code: str) -> str:
    """The ward's display name for a provisioning file ("" when the ward has none)."""
    with db.read() as session:
        ward = session.get(Ward, ward_code)
    return ward.name if ward else ""


def sign_ward_file(
    db: Database,
    catalog: Catalog,
    user: User,
    *,
    server_url: str,
    days: int = DEFAULT_DAYS,
    ca_pem: str | None = None,
    key: Ed25519PrivateKey | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """A signed provisioning file for ``user``'s ward (the server's key, bundled units).

    Raises:
        ValueError: a bad server address, CA or validity period (from :func:`build_file`).
    """
    return build_file(
        key=key or load_or_create_signing_key(),
        ward_code=user.ward_code,
        ward_name=ward_name(db, user.ward_code),
        server_url=server_url,
        catalog=catalog,
        units=UnitDirectory.bundled(),
        ca_pem=ca_pem,
        days=days,
        now=now,
    )


def issue_link(
    db: Database,
    document: dict[str, Any],
    *,
    user: User,
    server_url: str,
    now: dt.datetime | None = None,
) -> IssuedLink:
    """Keep a signed file (from :func:`sign_ward_file`) and return the link to it."""
    content = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    payload = json.loads(base64.b64decode(document["payload_b64"]))
    expires = dt.datetime.fromisoformat(payload["expires_at"])
    token = secrets.token_urlsafe(24)
    sha256 = hashlib.sha256(content).hexdigest()
    key_fingerprint = fingerprint(base64.b64decode(document["public_key_b64"]))
    created = now or utcnow()
    with db.write() as session:
        session.add(
            LinkRow(
                token_hash=token_digest(token),
                ward_code=user.ward_code,
                created_by=user.id,
                created_at=created,  # exact: the cap keeps the newest links
                expires_at=expires,
                file_sha256=sha256,
                fingerprint=key_fingerprint,
                content=content,
            )
        )
        _prune(session, user.ward_code, created)
    url = server_url.rstrip("/") + FILES_PATH + token
    return IssuedLink(
        link=ProvisioningLink(url=url, sha256=sha256, fingerprint=key_fingerprint),
        expires_at=expires,
        ward_code=user.ward_code,
        size=len(content),
    )


def _prune(session: sa.orm.Session, ward_code: str, now: dt.datetime) -> None:
    """Delete expired links everywhere, and a ward's oldest live links beyond the cap."""
    session.execute(sa.delete(LinkRow).where(col(LinkRow.expires_at) <= now))
    keep = (
        sa.select(col(LinkRow.id))
        .where(col(LinkRow.ward_code) == ward_code)
        .order_by(col(LinkRow.created_at).desc(), col(LinkRow.id))
        .limit(MAX_LIVE_LINKS_PER_WARD)
    )
    kept = list(session.execute(keep).scalars())
    session.execute(
        sa.delete(LinkRow).where(col(LinkRow.ward_code) == ward_code, col(LinkRow.id).not_in(kept))
    )


def fetch_file(db: Database, token: str, *, now: dt.datetime | None = None) -> bytes | None:
    """The file behind a live link's token, or None (unknown, malformed or expired)."""
    if not 16 <= len(token) <= 64:
        return None
    with db.read() as session:
        row = session.execute(
            sa.select(col(LinkRow.content), col(LinkRow.expires_at)).where(
                col(LinkRow.token_hash) == token_digest(token)
            )
        ).first()
    if row is None:
        return None
    content, expires_at = row
    if expires_at <= (now or utcnow()):
        return None
    return bytes(content)
