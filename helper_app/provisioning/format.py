"""Provisioning files: a new laptop made ready for a ward, offline, from one signed file.

The ward's server signs (Ed25519) a JSON payload with the server address, its CA certificate if
it uses a private one, the ward, the procedure catalog and the ward's administrative units. The
file is ``{"format", "key_id", "public_key_b64", "payload_b64", "signature_b64"}``: the payload
travels as the exact bytes that were signed, so nothing is re-serialized before verification.

This module owns the format and its verification: the server imports it to write files, so it
needs nothing of the laptop (applying a file is :mod:`helper_app.provisioning.apply`).
Trust model (docs/provisioning.md): the first file a laptop accepts pins the server's public key
(trust on first use); its fingerprint is shown so an officer can compare it with the one the
server prints, or the admin passes it in advance (``expect_fingerprint``). Afterwards only files
signed by the pinned key and for the same ward are accepted. Every refusal names its reason in
Vietnamese and English. No Qt here.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from helper_app.forms import DefinitionError, ProcedureDefinition, UnitDirectory
from helper_app.forms.catalog import definition_from_object
from helper_app.forms.units import UnitsError
from helper_app.text import BilingualError

log = logging.getLogger(__name__)

FORMAT = "helper-provisioning/1"
SIGNING_CONTEXT = b"helper-provisioning-v1\x00"
"""Prefixed to the payload before signing, so a signature can never be replayed elsewhere."""
MAX_FILE_BYTES = 16 * 1024 * 1024
CLOCK_SKEW = dt.timedelta(minutes=10)
_WARD = re.compile(r"^[A-Za-z0-9_-]{1,20}$")

Reason = Literal[
    "unreadable", "malformed", "format", "tampered", "key_mismatch", "fingerprint",
    "expired", "not_yet_valid", "ward_mismatch", "content", "link", "download",
    "insecure_server",
]  # fmt: skip


class ProvisioningError(BilingualError):
    """A provisioning file that is refused; nothing was changed on the laptop.

    Attributes:
        reason: a stable code (``tampered``, ``expired``, ``ward_mismatch`` ...) for callers.
    """

    def __init__(self, reason: Reason, message_vi: str, message_en: str) -> None:
        super().__init__(message_vi, message_en)
        self.reason = reason


# ----------------------------------------------------------------------------- format


def fingerprint(public_key: bytes) -> str:
    """The key's fingerprint for people: 80 bits of SHA-256 as ``ABCD-EF01-2345-6789-ABCD``."""
    digest = hashlib.sha256(public_key).hexdigest()[:20].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 20, 4))


def key_id(public_key: bytes) -> str:
    """The fingerprint as an identifier (lower case, no dashes)."""
    return fingerprint(public_key).replace("-", "").lower()


def normalize_fingerprint(text: str) -> str:
    """A typed fingerprint in canonical form (case, spaces and dashes do not matter)."""
    clean = re.sub(r"[\s:-]", "", text).upper()
    return "-".join(clean[i : i + 4] for i in range(0, len(clean), 4))


def canonical_bytes(payload: dict[str, Any]) -> bytes:
    """The payload as the bytes that get signed (sorted keys, compact, UTF-8)."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def signed_message(payload_bytes: bytes) -> bytes:
    """What the signature covers: the context string, then the payload bytes."""
    return SIGNING_CONTEXT + payload_bytes


class ProvisioningPayload(BaseModel):
    """The signed content of a provisioning file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["helper-provisioning/1"]
    ward_code: str
    ward_name: str = Field(default="", max_length=200)
    server_url: str = Field(max_length=500)
    ca_pem: str | None = Field(default=None, max_length=200_000)
    issued_at: dt.datetime
    expires_at: dt.datetime
    catalog: list[dict[str, Any]] = Field(default_factory=list, max_length=500)
    units: dict[str, Any] | None = None

    @field_validator("ward_code")
    @classmethod
    def _ward(cls, value: str) -> str:
        if not _WARD.match(value):
            raise ValueError("ward_code must be 1-20 letters, digits, '-' or '_'")
        return value

    @field_validator("server_url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("server_url must start with https:// (or http://) and a host")
        return value.rstrip("/")

    @field_validator("issued_at", "expires_at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None:
            raise ValueError("timestamps must carry a time zone")
        return value


class Envelope(BaseModel):
    """The file as stored: the signed bytes, the signature and the signer's public key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["helper-provisioning/1"]
    key_id: str
    public_key_b64: str
    payload_b64: str
    signature_b64: str


@dataclass(frozen=True)
class Verified:
    """A provisioning file whose signature, dates, ward and content all passed.

    Attributes:
        payload: the signed content.
        public_key: the signer's raw Ed25519 public key (32 bytes).
        definitions: the catalog, each definition checked.
        units: the ward's units, checked (None when the file has none).
    """

    payload: ProvisioningPayload
    public_key: bytes
    definitions: list[ProcedureDefinition]
    units: UnitDirectory | None

    @property
    def fingerprint(self) -> str:
        """The signer key's fingerprint."""
        return fingerprint(self.public_key)


def _b64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise _malformed(f"{what} is not base64") from exc


def _malformed(detail: str) -> ProvisioningError:
    return ProvisioningError(
        "malformed",
        f"Tệp cấu hình không đúng cấu trúc ({detail}). Hãy xin quản trị viên tệp mới.",
        f"The provisioning file is malformed ({detail}). Ask the administrator for a new one.",
    )


# ----------------------------------------------------------------------------- reading


def parse_envelope(raw: bytes, *, origin: str = "provisioning file") -> Envelope:
    """Parse the file's bytes into an :class:`Envelope` (no signature check yet)."""
    if len(raw) > MAX_FILE_BYTES:
        raise _malformed(f"{origin} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        text = raw.decode("utf-8-sig")
        data = json.loads(text)
    except UnicodeDecodeError as exc:
        raise _malformed(f"{origin} is not UTF-8 text") from exc
    except (json.JSONDecodeError, RecursionError) as exc:
        raise _malformed(f"{origin} is not JSON") from exc
    if isinstance(data, dict) and data.get("format") not in (None, FORMAT):
        raise ProvisioningError(
            "format",
            f"Tệp cấu hình có định dạng {str(data.get('format'))[:40]!r}, phiên bản ứng dụng này "
            f"chỉ đọc {FORMAT}. Hãy cập nhật ứng dụng hoặc xin tệp mới.",
            f"The provisioning file has format {str(data.get('format'))[:40]!r}; this app reads "
            f"only {FORMAT}. Update the app or ask for a new file.",
        )
    try:
        return Envelope.model_validate(data)
    except ValidationError as exc:
        fields = ", ".join(".".join(map(str, e["loc"])) or "-" for e in exc.errors()[:5])
        raise _malformed(f"fields {fields}") from exc


def read_envelope(path: Path) -> Envelope:
    """Read a provisioning file from disk."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _malformed(f"{path.name} is too large")
        raw = path.read_bytes()
    except OSError as exc:
        raise ProvisioningError(
            "unreadable",
            f"Không đọc được tệp cấu hình {path.name} ({exc.strerror}).",
            f"Cannot read the provisioning file {path.name} ({exc.strerror}).",
        ) from exc
    return parse_envelope(raw, origin=path.name)


# ----------------------------------------------------------------------------- verifying


def _check_signature(envelope: Envelope, pinned: bytes | None) -> tuple[bytes, bytes]:
    public = _b64(envelope.public_key_b64, "public_key_b64")
    if len(public) != 32 or key_id(public) != envelope.key_id:
        raise _malformed("the key id does not match the public key")
    if pinned is not None and public != pinned:
        raise ProvisioningError(
            "key_mismatch",
            f"Tệp được ký bởi một máy chủ khác (khoá {fingerprint(public)}), không phải máy chủ "
            f"máy này đã tin cậy (khoá {fingerprint(pinned)}). Tệp bị từ chối.",
            f"The file is signed by another server (key {fingerprint(public)}), not the one this "
            f"laptop trusts (key {fingerprint(pinned)}). Refused.",
        )
    payload_bytes = _b64(envelope.payload_b64, "payload_b64")
    signature = _b64(envelope.signature_b64, "signature_b64")
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, signed_message(payload_bytes))
    except (InvalidSignature, ValueError) as exc:
        raise ProvisioningError(
            "tampered",
            "Chữ ký của tệp cấu hình không hợp lệ: tệp đã bị sửa hoặc hỏng. Tệp bị từ chối.",
            "The provisioning file's signature does not match: the file was altered or is "
            "damaged. Refused.",
        ) from exc
    return public, payload_bytes


def _payload(payload_bytes: bytes) -> ProvisioningPayload:
    try:
        raw = json.loads(payload_bytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _malformed("the signed payload is not JSON") from exc
    if isinstance(raw, dict) and raw.get("format") != FORMAT:
        raise ProvisioningError(
            "format",
            f"Nội dung tệp cấu hình có định dạng lạ ({str(raw.get('format'))[:40]!r}).",
            f"The provisioning payload has an unknown format ({str(raw.get('format'))[:40]!r}).",
        )
    try:
        return ProvisioningPayload.model_validate(raw)
    except ValidationError as exc:
        fields = ", ".join(".".join(map(str, e["loc"])) or "-" for e in exc.errors()[:5])
        raise _malformed(f"payload fields {fields}") from exc


def _check_dates(payload: ProvisioningPayload, now: dt.datetime) -> None:
    if payload.expires_at <= now:
        day = payload.expires_at.date().isoformat()
        raise ProvisioningError(
            "expired",
            f"Tệp cấu hình đã hết hạn ngày {day}. Hãy xin quản trị viên tệp mới.",
            f"The provisioning file expired on {day}. Ask the administrator for a new one.",
        )
    if payload.issued_at > now + CLOCK_SKEW:
        raise ProvisioningError(
            "not_yet_valid",
            "Tệp cấu hình được tạo sau giờ hiện tại của máy này: hãy chỉnh ngày giờ của máy.",
            "The provisioning file was issued after this laptop's current time: fix the "
            "laptop's date and time.",
        )


def _content(
    payload: ProvisioningPayload,
) -> tuple[list[ProcedureDefinition], UnitDirectory | None]:
    definitions: list[ProcedureDefinition] = []
    try:
        for index, raw in enumerate(payload.catalog):
            definitions.append(definition_from_object(raw, origin=f"catalog[{index}]"))
        units = UnitDirectory.from_mapping(payload.units, origin="units") if payload.units else None
        if payload.ca_pem:
            x509.load_pem_x509_certificates(payload.ca_pem.encode("ascii"))
    except (DefinitionError, UnitsError, ValueError) as exc:
        raise ProvisioningError(
            "content",
            f"Nội dung tệp cấu hình không dùng được: {str(exc)[:300]}",
            f"The provisioning file's content is unusable: {str(exc)[:300]}",
        ) from exc
    return definitions, units


def verify(
    envelope: Envelope,
    *,
    pinned: bytes | None = None,
    expected_ward: str | None = None,
    expect_fingerprint: str | None = None,
    now: dt.datetime | None = None,
) -> Verified:
    """Check a provisioning file completely; raise :class:`ProvisioningError` with the reason.

    Order: key and signature first (nothing unsigned is even parsed further), then format,
    dates, ward and content.

    Args:
        envelope: the parsed file.
        pinned: the public key this laptop already trusts (None on first provisioning).
        expected_ward: the ward this laptop belongs to (None on first provisioning).
        expect_fingerprint: a fingerprint received out of band (poster, phone call).
        now: the current time (tests pass one).
    """
    public, payload_bytes = _check_signature(envelope, pinned)
    if expect_fingerprint and normalize_fingerprint(expect_fingerprint) != fingerprint(public):
        raise ProvisioningError(
            "fingerprint",
            f"Dấu vân tay khoá của tệp ({fingerprint(public)}) khác dấu vân tay được cung cấp "
            f"({normalize_fingerprint(expect_fingerprint)}). Tệp bị từ chối.",
            f"The file's key fingerprint ({fingerprint(public)}) differs from the expected one "
            f"({normalize_fingerprint(expect_fingerprint)}). Refused.",
        )
    payload = _payload(payload_bytes)
    _check_dates(payload, now or dt.datetime.now(dt.UTC))
    if expected_ward is not None and payload.ward_code != expected_ward:
        raise ProvisioningError(
            "ward_mismatch",
            f"Tệp dành cho phường/xã {payload.ward_code}, nhưng máy này thuộc {expected_ward}. "
            "Tệp bị từ chối.",
            f"The file is for ward {payload.ward_code}, but this laptop belongs to "
            f"{expected_ward}. Refused.",
        )
    definitions, units = _content(payload)
    return Verified(payload, public, definitions, units)
