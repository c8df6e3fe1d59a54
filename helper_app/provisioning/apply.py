"""Applying a verified provisioning file to this laptop (the laptop's side of provisioning).

:func:`provision` reads a file, :func:`verify_and_apply` checks it against the laptop's pin
(:func:`helper_app.provisioning.format.verify`, plus the laptop's own rule that the server is
https or on this machine) and :func:`apply` stores what it brings; the pin file is written last
(the commit point). No Qt here: the command line and the window both call :func:`provision`.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helper_app.config import AppPaths
from helper_app.provisioning.format import (
    Envelope,
    ProvisioningError,
    ProvisioningPayload,
    Verified,
    fingerprint,
    read_envelope,
    verify,
)
from helper_app.store.files import write_atomic
from helper_app.sync.catalog_sync import save_definition, units_file
from helper_app.sync.server_address import ServerAddressError, check_server_address

log = logging.getLogger(__name__)

PIN_FILE = "provisioning.json"
CA_FILE = "server-ca.pem"


@dataclass(frozen=True)
class Pin:
    """What a provisioned laptop remembers (``provisioning.json`` in the data directory)."""

    public_key: bytes
    ward_code: str
    ward_name: str
    server_url: str
    has_ca: bool
    issued_at: str
    expires_at: str
    applied_at: str

    @property
    def fingerprint(self) -> str:
        """The pinned key's fingerprint."""
        return fingerprint(self.public_key)

    def as_json(self) -> dict[str, Any]:
        """The pin file's content."""
        return {
            "format": 1,
            "public_key_b64": base64.b64encode(self.public_key).decode("ascii"),
            "fingerprint": self.fingerprint,
            "ward_code": self.ward_code,
            "ward_name": self.ward_name,
            "server_url": self.server_url,
            "has_ca": self.has_ca,
            "issued_at": self.issued_at,
            "expires_at": self.expires_at,
            "applied_at": self.applied_at,
        }


def _check_server(payload: ProvisioningPayload) -> None:
    """The laptop's own rule: https, or http on this machine (the server may still write a
    test file for http://127.0.0.1, so :func:`verify` does not check it)."""
    try:
        check_server_address(payload.server_url)
    except ServerAddressError as exc:
        raise ProvisioningError(
            "insecure_server",
            f"Tệp cài đặt chỉ tới máy chủ {payload.server_url}. {exc.message_vi} Tệp bị từ chối.",
            f"The file points to the server {payload.server_url}. {exc.message_en} Refused.",
        ) from exc


def current_pin(paths: AppPaths) -> Pin | None:
    """The laptop's provisioning (pinned key, ward, server), or None if never provisioned."""
    file = paths.data_dir / PIN_FILE
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
        return Pin(
            public_key=base64.b64decode(raw["public_key_b64"], validate=True),
            ward_code=str(raw["ward_code"]),
            ward_name=str(raw.get("ward_name", "")),
            server_url=str(raw["server_url"]),
            has_ca=bool(raw.get("has_ca")),
            issued_at=str(raw.get("issued_at", "")),
            expires_at=str(raw.get("expires_at", "")),
            applied_at=str(raw.get("applied_at", "")),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise ProvisioningError(
            "unreadable",
            f"Tệp {PIN_FILE} của máy này bị hỏng; hãy nhờ quản trị viên cấu hình lại máy.",
            f"This laptop's {PIN_FILE} is damaged; ask the administrator to set it up again.",
        ) from exc


def ca_bundle(paths: AppPaths) -> str | None:
    """The server's private CA (for ``SyncService(ca_bundle=...)``), if provisioning gave one."""
    file = paths.data_dir / CA_FILE
    return str(file) if file.is_file() else None


def apply(verified: Verified, paths: AppPaths, *, now: dt.datetime | None = None) -> Pin:
    """Store what a verified file brings; the pin file is written last (the commit point).

    The catalog's definitions join the downloaded ones (older versions are kept), the units are
    saved for :func:`helper_app.sync.catalog_sync.load_units`, the CA next to the store.
    """
    paths.ensure()
    payload = verified.payload
    for definition in verified.definitions:
        save_definition(paths, definition)
    if payload.units is not None:
        text = json.dumps(payload.units, ensure_ascii=False, indent=1)
        write_atomic(units_file(paths), text.encode("utf-8"), mode=0o644)
    ca_file = paths.data_dir / CA_FILE
    if payload.ca_pem:
        write_atomic(ca_file, payload.ca_pem.encode("ascii"), mode=0o644)
    elif ca_file.exists():
        ca_file.unlink()
    moment = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    pin = Pin(
        public_key=verified.public_key,
        ward_code=payload.ward_code,
        ward_name=payload.ward_name,
        server_url=payload.server_url,
        has_ca=bool(payload.ca_pem),
        issued_at=payload.issued_at.isoformat(),
        expires_at=payload.expires_at.isoformat(),
        applied_at=moment,
    )
    write_atomic(paths.data_dir / PIN_FILE, json.dumps(pin.as_json(), indent=1).encode("utf-8"))
    log.info("provisioned for ward %s, key %s", payload.ward_code, pin.fingerprint)
    return pin


def verify_and_apply(
    envelope: Envelope,
    paths: AppPaths,
    *,
    expect_fingerprint: str | None = None,
    now: dt.datetime | None = None,
    dry_run: bool = False,
) -> tuple[Verified, Pin | None]:
    """Verify a parsed file against this laptop's pin and (unless ``dry_run``) apply it.

    Returns:
        The verified file and the new pin (None on a dry run).

    Raises:
        ProvisioningError: the file is refused; nothing was changed.
    """
    pin = current_pin(paths)
    verified = verify(
        envelope,
        pinned=pin.public_key if pin else None,
        expected_ward=pin.ward_code if pin else None,
        expect_fingerprint=expect_fingerprint,
        now=now,
    )
    _check_server(verified.payload)
    if dry_run:
        return verified, None
    return verified, apply(verified, paths, now=now)


def provision(
    file: Path,
    paths: AppPaths,
    *,
    expect_fingerprint: str | None = None,
    now: dt.datetime | None = None,
    dry_run: bool = False,
) -> tuple[Verified, Pin | None]:
    """Read a provisioning file, then :func:`verify_and_apply` it.

    Raises:
        ProvisioningError: the file is refused; nothing was changed.
    """
    return verify_and_apply(
        read_envelope(file),
        paths,
        expect_fingerprint=expect_fingerprint,
        now=now,
        dry_run=dry_run,
    )
