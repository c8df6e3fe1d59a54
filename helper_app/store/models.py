"""The tables of the local store (SQLModel) and the payload an outbox entry carries.

The schema itself is created by the frozen SQL steps of :mod:`helper_app.store.migrations`; these
classes map onto it (a test checks that every table and column agrees). Conventions: ids are
UUID strings in canonical dashed form, made on the client; timestamps are timezone-aware UTC,
stored as ISO 8601 text (:class:`UTCDateTime`), never naive; JSON columns hold the dossier data,
the last synced snapshot (the server-confirmed data, base of the three-way merge), warnings, and
audit details. A JSON column is replaced as a whole when it changes (no in-place mutation), so
the ORM always notices the change.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import JSON, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from helper_app.sync.outbox_states import OutboxState


def utc_now() -> dt.datetime:
    """The current time, timezone-aware UTC (the default clock of the store)."""
    return dt.datetime.now(dt.UTC)


def new_id() -> str:
    """A new client-made UUID (random, canonical text form)."""
    return str(uuid.uuid4())


class UTCDateTime(TypeDecorator[dt.datetime]):
    """An aware UTC datetime stored as ISO 8601 text; a naive value is refused (a bug)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")

    def process_result_value(self, value: str | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        parsed = dt.datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


class ClientTable(SQLModel, registry=registry()):
    """Base of the client's tables: their own metadata, apart from the server's tables.

    The server (``helper_server.models``) has tables with the same names (``dossiers``,
    ``audit_events``) in SQLModel's default metadata; both packages are imported in one process
    by the headless test and by tools, so the client keeps its own registry.
    """


OutboxKind = Literal["submit", "withdraw"]


class Household(ClientTable, table=True):
    """A household (hộ gia đình): its book code, address and head."""

    __tablename__ = "households"

    id: str = Field(default_factory=new_id, primary_key=True)
    code: str = Field(unique=True)
    address: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    head_resident_id: str | None = Field(default=None, foreign_key="residents.id")
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class Resident(ClientTable, table=True):
    """A person in the directory; ``name_folded`` is the accent-insensitive search key.

    ``seq`` is the integer row id the full-text index points at (stable across VACUUM because it
    is the INTEGER PRIMARY KEY); ``id`` is the UUID everything else refers to.
    """

    __tablename__ = "residents"

    seq: int | None = Field(default=None, primary_key=True)
    id: str = Field(default_factory=new_id, unique=True)
    full_name: str
    name_folded: str = ""
    birth_date: str | None = None
    gender: str | None = None
    personal_id: str | None = Field(default=None, unique=True)
    phone: str | None = None
    ethnicity: str | None = None
    nationality: str | None = None
    address: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    household_id: str | None = Field(default=None, foreign_key="households.id")
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class Dossier(ClientTable, table=True):
    """One dossier: what the volunteer typed (``data``) pinned to a procedure's form version."""

    __tablename__ = "dossiers"

    id: str = Field(default_factory=new_id, primary_key=True)
    procedure: str
    form_version: int
    status: str
    data: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    warnings: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    server_rev: int | None = None
    server_status: str | None = None
    synced_snapshot: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    receipt_code: str | None = None
    last_message: str | None = None
    official_checklist: list[str] | None = Field(default=None, sa_type=JSON)
    consent_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    consent_by: str | None = None
    created_by: str
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class Attachment(ClientTable, table=True):
    """A file attached to a dossier's document slot; the bytes live in the attachment store."""

    __tablename__ = "attachments"

    id: str = Field(default_factory=new_id, primary_key=True)
    dossier_id: str = Field(foreign_key="dossiers.id")
    slot: str
    sha256: str
    size: int
    mime: str
    filename: str
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class OutboxEntry(ClientTable, table=True):
    """A change waiting to reach the server; ``op_id`` is its idempotency key.

    ``seq`` orders the queue. ``payload`` is the :class:`OutboxPayload` as JSON: the snapshot this
    op carries, kept so a lost answer can be recognised (DESIGN invariant 4).
    """

    __tablename__ = "outbox"

    seq: int | None = Field(default=None, primary_key=True)
    op_id: str = Field(default_factory=new_id, unique=True)
    dossier_id: str = Field(foreign_key="dossiers.id")
    kind: str
    base_rev: int | None = None
    payload: dict[str, Any] = Field(sa_type=JSON)
    state: OutboxState = Field(default=OutboxState.PENDING, sa_type=String)
    """Written only by :func:`helper_app.sync.outbox.move` (the transition table)."""
    attempts: int = 0
    last_error: str | None = None
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class SyncState(ClientTable, table=True):
    """Key/value state of the sync engine (``cursor``, ``last_success_at``, ...)."""

    __tablename__ = "sync_state"

    key: str = Field(primary_key=True)
    value: Any = Field(default=None, sa_type=JSON)
    updated_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class Conflict(ClientTable, table=True):
    """A field changed on both sides to different values, kept until the volunteer chooses."""

    __tablename__ = "conflicts"

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: str = Field(foreign_key="dossiers.id")
    path: str
    base: Any = Field(default=None, sa_type=JSON)
    local: Any = Field(default=None, sa_type=JSON)
    server: Any = Field(default=None, sa_type=JSON)
    server_rev: int | None = None
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    resolved_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    resolution: str | None = None


class AuditEvent(ClientTable, table=True):
    """Who did what to which object, when. ``details`` never holds personal data."""

    __tablename__ = "audit_events"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    actor: str
    action: str
    object_type: str
    object_id: str
    details: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


class AttachmentRef(BaseModel):
    """An attachment as the sync protocol names it (DESIGN: push mutation ``attachments``)."""

    model_config = ConfigDict(frozen=True)

    slot: str
    sha256: str
    size: int
    mime: str
    filename: str


class OutboxPayload(BaseModel):
    """The snapshot an outbox entry carries to the server."""

    model_config = ConfigDict(frozen=True)

    procedure: str
    form_version: int
    data: dict[str, Any]
    attachments: tuple[AttachmentRef, ...] = ()
