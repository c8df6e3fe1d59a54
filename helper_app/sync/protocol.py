"""The sync protocol's wire models (v1), shared by the desktop client and the intake server.

Both sides import these pydantic models, so a request the client builds is exactly what the
server parses and the two cannot drift apart. The prose description of every endpoint, status
code and example lives in ``docs/protocol.md``; this module is its executable half. Field names
and enum values are part of the protocol: changing one is a new protocol version.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from helper_app.sync.lifecycle import DossierStatus

PROTOCOL_VERSION = 1
"""The major protocol version this code speaks."""

PROTOCOL_HEADER = "X-Helper-Protocol"
"""Request and response header carrying the protocol version (``1``)."""

CAPABILITIES: tuple[str, ...] = (
    "gzip-request",
    "resumable-blobs",
    "changes-feed",
    "officer-api",
)
"""What this server offers beyond the bare protocol (answered by ``GET /api/v1/meta``)."""

UPLOAD_OFFSET_HEADER = "Upload-Offset"
UPLOAD_LENGTH_HEADER = "Upload-Length"
BLOB_COMPLETE_HEADER = "Blob-Complete"
RETRY_AFTER_HEADER = "Retry-After"

MAX_MUTATIONS_PER_PUSH = 200
"""A push carrying more mutations is refused as a whole (split the batch)."""


def _no_bool(value: object) -> object:
    """JSON ``true``/``false`` are not numbers (pydantic would read them as 1/0)."""
    if isinstance(value, bool):
        raise ValueError("a number is expected, not true/false")
    return value


Revision = Annotated[int, Field(ge=0, le=2**31 - 1)]
"""A dossier revision number (``3`` or ``3.0``, never a boolean: see :func:`no_bool`)."""

FormVersion = Annotated[int, Field(ge=1, le=2**31 - 1)]
"""A procedure definition's version."""


def no_bool(*fields: str) -> Any:
    """A before-validator for ``fields`` refusing JSON booleans where integers are expected."""
    return field_validator(*fields, mode="before")(lambda cls, value: _no_bool(value))


Sha256Hex = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
"""A lower-case hex SHA-256 digest: a blob's name on the wire."""

DeviceId = Annotated[str, StringConstraints(min_length=1, max_length=100)]
ShortText = Annotated[str, StringConstraints(max_length=255)]
Message = Annotated[str, StringConstraints(max_length=4000)]


class _Wire(BaseModel):
    """Base of every wire model: unknown keys are ignored so a newer peer stays compatible."""

    model_config = ConfigDict(extra="ignore")


class ErrorBody(_Wire):
    """Every error the server answers (any 4xx/5xx), so clients need one error path.

    Attributes:
        code: stable machine-readable reason (``auth.invalid_token``, ``blob.offset_mismatch``).
        message: what went wrong and what is expected, in English.
        message_vi: the same in Vietnamese.
        details: per-field problems for request validation errors, when there are some.
        offset: for ``blob.offset_mismatch``, the offset the server holds.
    """

    code: str
    message: str
    message_vi: str = ""
    details: list[FieldError] | None = None
    offset: int | None = None


class Role(StrEnum):
    """What a user may do: volunteers push, officers act on the ward's queue, admins both."""

    VOLUNTEER = "volunteer"
    OFFICER = "officer"
    ADMIN = "admin"


class UserPublic(_Wire):
    """A user as the API shows them (never a password hash)."""

    id: uuid.UUID
    username: str
    role: Role
    ward_code: str


class LoginRequest(_Wire):
    """``POST /api/v1/auth/login``."""

    username: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=1000)]
    device_id: DeviceId


class LoginResponse(_Wire):
    """An opaque bearer token, valid until ``expires_at`` unless revoked by logout."""

    access_token: str
    token_type: str = "bearer"
    expires_at: dt.datetime
    user: UserPublic


class ChangePasswordRequest(_Wire):
    """``POST /api/v1/auth/password``: a signed-in user changes their own password.

    Answers 204; every other token of the user is revoked (the laptop that asked stays signed
    in). 401 ``auth.invalid_credentials`` when ``current_password`` is wrong, 422
    ``auth.password_weak`` when ``new_password`` breaks the server's password rules.
    """

    current_password: Annotated[str, StringConstraints(min_length=1, max_length=1000)]
    new_password: Annotated[str, StringConstraints(min_length=1, max_length=1000)]


AUTH_SIGNED_OUT_BY_WARD = "auth.signed_out_by_ward"
"""401 code: an admin of the ward revoked this token, disabled the account or reset its password.

The laptop keeps its queue (encrypted, as always) and asks the volunteer to see the ward; it
does not retry with the saved credentials.
"""

AUTH_PASSWORD_WEAK = "auth.password_weak"
"""422 code: a new password is too short or in the server's list of common passwords."""


class MetaResponse(_Wire):
    """``GET /api/v1/meta``: what this server speaks and its limits."""

    protocol: int = PROTOCOL_VERSION
    server_version: str
    capabilities: list[str]
    max_blob_size: int
    max_mutations_per_push: int = MAX_MUTATIONS_PER_PUSH
    server_id: str | None = None
    """This server's id, made with its database: a new database is a new server.

    ``None`` only from a server older than the field (the laptop then keeps one cursor for it).
    """
    feed_epoch: str | None = None
    """Which copy of the server's history the changes feed serves; a new one after a restore.

    A feed cursor is valid only for the ``(server_id, feed_epoch)`` that handed it out.
    """


class FormSummary(_Wire):
    """One procedure version of the catalog index."""

    code: str
    version: int
    title_vi: str
    title_en: str
    effective_from: dt.date
    etag: str


class FormsIndex(_Wire):
    """``GET /api/v1/forms``: every procedure version the server validates against."""

    forms: list[FormSummary]
    etag: str


class AttachmentRef(_Wire):
    """A file attached to a dossier, named by content.

    ``filename`` is shown to officials only; the server never stores or serves a file under it.
    """

    slot: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,62}$")]
    sha256: Sha256Hex
    size: int = Field(ge=0, le=2**53)
    mime: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    filename: ShortText = ""

    _size_not_bool = no_bool("size")


class MutationKind(StrEnum):
    """``submit`` creates or resubmits a dossier; ``withdraw`` takes it back."""

    SUBMIT = "submit"
    WITHDRAW = "withdraw"


class Mutation(_Wire):
    """One change a volunteer's laptop sends.

    Attributes:
        op_id: made on the client; the idempotency key (a repeat answers ``duplicate``).
        dossier_id: made on the client when the dossier was created; never changes.
        base_rev: the server revision this edit was made on; ``None`` for a first submission.
        procedure / form_version: the definition the data follows (required for ``submit``).
        data: the whole dossier data (not a diff).
    """

    op_id: uuid.UUID
    dossier_id: uuid.UUID
    base_rev: Revision | None = None
    kind: MutationKind
    procedure: Annotated[str, StringConstraints(max_length=63)] | None = None
    form_version: FormVersion | None = None
    data: dict[str, Any] = Field(default_factory=dict)
    attachments: list[AttachmentRef] = Field(default_factory=list, max_length=200)

    _ints_not_bool = no_bool("base_rev", "form_version")


class PushRequest(_Wire):
    """``POST /api/v1/sync/push``: mutations applied in the order given."""

    device_id: DeviceId
    mutations: list[Mutation] = Field(min_length=1, max_length=MAX_MUTATIONS_PER_PUSH)


class Outcome(StrEnum):
    """What happened to one mutation.

    ``applied``: stored, ``rev`` is the new revision. ``duplicate``: this op_id was answered
    before; ``original_outcome``, ``rev``, ``server`` and ``errors`` repeat that first answer.
    ``conflict``: ``base_rev`` is stale; ``server`` is the current version. ``rejected``: the
    data or the lifecycle refused it; ``errors`` says why. ``missing_blobs``: some attachments
    are not (completely) uploaded yet; nothing was stored and the op_id is not used up, so the
    same mutation may be sent again after the uploads.
    """

    APPLIED = "applied"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"
    REJECTED = "rejected"
    MISSING_BLOBS = "missing_blobs"


class FieldError(_Wire):
    """One reason a mutation or request was refused, at a field path (``""`` = the whole)."""

    path: str
    code: str
    message_vi: str
    message_en: str
    severity: str = "error"


class ChangeAction(StrEnum):
    """What produced a revision: a volunteer's op or an official's action."""

    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    RECEIVE = "receive"
    PROCESS = "process"
    REQUEST_SUPPLEMENT = "request_supplement"
    COMPLETE = "complete"
    REJECT = "reject"
    EDIT = "edit"


class Actor(_Wire):
    """Who did something (username and role only; no personal data)."""

    username: str
    role: Role


class ServerDossier(_Wire):
    """The server's current version of a dossier (in conflicts and officer reads).

    ``op_id`` is the volunteer op that produced this revision, ``None`` when an official's
    action (``action``) did.
    """

    dossier_id: uuid.UUID
    rev: int
    status: DossierStatus
    procedure: str
    form_version: int
    data: dict[str, Any]
    attachments: list[AttachmentRef]
    op_id: uuid.UUID | None = None
    action: ChangeAction
    message: str | None = None
    checklist: list[str] | None = None
    receipt_code: str | None = None
    updated_by: Actor
    updated_at: dt.datetime


class MutationResult(_Wire):
    """The answer for one mutation of a push (see :class:`Outcome`)."""

    op_id: uuid.UUID
    outcome: Outcome
    rev: int | None = None
    original_outcome: Outcome | None = None
    server: ServerDossier | None = None
    errors: list[FieldError] | None = None
    warnings: list[FieldError] | None = None
    missing_blobs: list[str] | None = None


class PushResponse(_Wire):
    """One result per mutation, in the order of the request."""

    results: list[MutationResult]


class Change(ServerDossier):
    """One entry of the changes feed: a dossier revision, with the cursor that orders it."""

    cursor: int


class ChangesPage(_Wire):
    """``GET /api/v1/sync/changes``: ask again with ``since=next_cursor`` while ``has_more``.

    ``next_anchor`` names the change at ``next_cursor`` (send it back as ``anchor``): a server
    whose feed no longer holds that change at that position (restored from an older backup)
    refuses the cursor instead of silently continuing in another history. ``server_id`` and
    ``feed_epoch`` say which feed the page comes from, as in :class:`MetaResponse`.
    """

    changes: list[Change]
    next_cursor: int
    has_more: bool
    next_anchor: str | None = None
    server_id: str | None = None
    feed_epoch: str | None = None


FEED_CURSOR_AHEAD = "feed.cursor_ahead"
"""409 code: ``since`` is beyond the newest change of the ward's feed (read again from 0)."""

FEED_CURSOR_UNKNOWN = "feed.cursor_unknown"
"""409 code: the change at ``since`` is not the one ``anchor`` names (read again from 0)."""


ErrorBody.model_rebuild()
