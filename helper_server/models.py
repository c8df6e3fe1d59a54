"""The server's tables (SQLModel on SQLAlchemy 2): wards, users, tokens, dossiers, ops, changes.

The schema itself is created and evolved only by the Alembic migrations in
:mod:`helper_server.migrations`; a test checks these models and the migrations agree. Every
table that holds residents' data carries a ``ward_code`` and every query filters on it. IDs are
UUIDs; datetimes are stored in UTC and come back timezone-aware on every backend.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlmodel import Field, SQLModel

from helper_app.sync.lifecycle import DossierStatus
from helper_app.sync.protocol import Role

JSON_TYPE = sa.JSON().with_variant(JSONB(), "postgresql")


class AwareDateTime(sa.types.TypeDecorator[dt.datetime]):
    """A UTC timestamp that is timezone-aware in Python on SQLite too (which drops the zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to an aware column")
        return value.astimezone(dt.UTC)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    """The current time, timezone-aware (UTC)."""
    return dt.datetime.now(dt.UTC)


def _ts(*, nullable: bool = False, index: bool = False) -> Any:
    return Field(sa_column=sa.Column(AwareDateTime(), nullable=nullable, index=index))


def _json(*, nullable: bool = False) -> Any:
    return Field(sa_column=sa.Column(JSON_TYPE, nullable=nullable))


class WardBase(SQLModel):
    """An administrative unit (commune/ward) whose users and dossiers belong together."""

    code: str = Field(primary_key=True, max_length=20)
    name: str = Field(default="", max_length=200)


class Ward(WardBase, table=True):
    """``change_seq`` is the last cursor handed out in this ward's changes feed."""

    __tablename__ = "wards"

    change_seq: int = Field(default=0)
    created_at: dt.datetime = _ts()


class Team(SQLModel, table=True):
    """A help-point team of one ward: its volunteers share the dossiers they prepare there.

    The admin defines teams (``helper-server teams``); a volunteer is in at most one
    (``users.team_id``). A dossier takes its creator's team when it is first submitted
    (``dossiers.team_id``) and keeps it: a volunteer who moves on keeps only their own dossiers.
    """

    __tablename__ = "teams"
    __table_args__ = (sa.UniqueConstraint("ward_code", "name", name="uq_teams_ward_name"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    ward_code: str = Field(foreign_key="wards.code", max_length=20, index=True)
    name: str = Field(max_length=200)
    created_at: dt.datetime = _ts()


class UserBase(SQLModel):
    """Shared user fields."""

    username: str = Field(max_length=100, sa_column_kwargs={"unique": True})
    role: Role = Field(sa_type=sa.String(20))
    ward_code: str = Field(foreign_key="wards.code", max_length=20, index=True)


class User(UserBase, table=True):
    """An account; the password is stored only as an argon2 hash."""

    __tablename__ = "users"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    # The username case-folded and NFC-normalised (accounts.username_key): sign-in looks it up
    # and the sign-in limits count by it. Not unique: accounts made before it existed may differ
    # only in case; sign-in then needs the exact spelling (accounts.find_user).
    username_key: str = Field(default="", max_length=100, index=True)
    password_hash: str = Field(max_length=255)
    disabled: bool = Field(default=False)
    team_id: uuid.UUID | None = Field(default=None, foreign_key="teams.id", index=True)
    """The help-point team this volunteer works in (None: they see only their own dossiers)."""
    created_at: dt.datetime = _ts()


class AccessToken(SQLModel, table=True):
    """An opaque bearer token, stored as its SHA-256 (a leaked table reveals no token)."""

    __tablename__ = "access_tokens"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    token_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True})
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    device_id: str = Field(max_length=100)
    created_at: dt.datetime = _ts()
    expires_at: dt.datetime = _ts()
    revoked_at: dt.datetime | None = _ts(nullable=True)
    revoked_reason: str | None = Field(default=None, max_length=20)
    """``logout`` (the laptop signed out), ``ward`` (an admin cut it off), ``password``
    (the user changed their password on another laptop); NULL for rows older than 0007."""
    last_seen_at: dt.datetime | None = _ts(nullable=True)
    """The last request made with this token, to the minute (the devices list's "last sync")."""


class Dossier(SQLModel, table=True):
    """The current version of a dossier; every revision is also a :class:`ChangeRow`."""

    __tablename__ = "dossiers"
    __table_args__ = (
        sa.Index("ix_dossiers_ward_status", "ward_code", "status", "updated_at"),
        sa.Index("ix_dossiers_ward_created_by", "ward_code", "created_by"),
    )

    id: uuid.UUID = Field(primary_key=True)
    ward_code: str = Field(foreign_key="wards.code", max_length=20)
    procedure: str = Field(max_length=63)
    form_version: int
    data: dict[str, Any] = _json()
    attachments: list[dict[str, Any]] = _json()
    status: DossierStatus = Field(sa_type=sa.String(30))
    rev: int
    op_id: uuid.UUID | None = Field(default=None)
    action: str = Field(max_length=30)
    message: str | None = Field(default=None)
    checklist: list[str] | None = _json(nullable=True)
    receipt_code: str | None = Field(default=None, max_length=60, sa_column_kwargs={"unique": True})
    created_by: uuid.UUID = Field(foreign_key="users.id")
    """The volunteer who first submitted it: the dossier is theirs (helper_server.visibility)."""
    team_id: uuid.UUID | None = Field(default=None, foreign_key="teams.id", index=True)
    """The creator's help-point team when it was first submitted; its members share it."""
    created_at: dt.datetime = _ts()
    updated_by_username: str = Field(max_length=100)
    updated_by_role: str = Field(max_length=20)
    updated_at: dt.datetime = _ts()


class Op(SQLModel, table=True):
    """A volunteer op already answered: the primary key is the idempotency constraint."""

    __tablename__ = "ops"

    op_id: uuid.UUID = Field(primary_key=True)
    ward_code: str = Field(max_length=20)
    user_id: uuid.UUID = Field(foreign_key="users.id")
    device_id: str = Field(max_length=100)
    dossier_id: uuid.UUID
    result: dict[str, Any] | None = _json(nullable=True)
    created_at: dt.datetime = _ts()


class ChangeRow(SQLModel, table=True):
    """One revision of one dossier, in the ward's changes feed at position ``cursor``.

    Rows are never updated: this is also the record of every action, with who and when.
    """

    __tablename__ = "changes"
    __table_args__ = (
        sa.UniqueConstraint("ward_code", "cursor", name="uq_changes_ward_cursor"),
        sa.Index("ix_changes_dossier", "dossier_id", "rev"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ward_code: str = Field(max_length=20)
    cursor: int
    dossier_id: uuid.UUID
    rev: int
    status: str = Field(max_length=30)
    procedure: str = Field(max_length=63)
    form_version: int
    data: dict[str, Any] = _json()
    attachments: list[dict[str, Any]] = _json()
    op_id: uuid.UUID | None = Field(default=None)
    action: str = Field(max_length=30)
    message: str | None = Field(default=None)
    checklist: list[str] | None = _json(nullable=True)
    receipt_code: str | None = Field(default=None, max_length=60)
    actor_id: uuid.UUID = Field(foreign_key="users.id")
    actor_username: str = Field(max_length=100)
    actor_role: str = Field(max_length=20)
    at: dt.datetime = _ts()


class Blob(SQLModel, table=True):
    """An attachment upload in one ward, stored under ``storage_key`` (a server-made name)."""

    __tablename__ = "blobs"
    __table_args__ = (sa.UniqueConstraint("ward_code", "sha256", name="uq_blobs_ward_sha256"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    ward_code: str = Field(foreign_key="wards.code", max_length=20)
    sha256: str = Field(max_length=64)
    size: int = Field(sa_type=sa.BigInteger)
    complete: bool = Field(default=False)
    storage_key: str = Field(max_length=80)
    created_by: uuid.UUID = Field(foreign_key="users.id")
    created_at: dt.datetime = _ts()
    completed_at: dt.datetime | None = _ts(nullable=True)


class ReceiptCounter(SQLModel, table=True):
    """The last receipt sequence number handed out in a ward on a day."""

    __tablename__ = "receipt_counters"

    ward_code: str = Field(primary_key=True, max_length=20)
    day: str = Field(primary_key=True, max_length=8)
    last: int = Field(default=0)


class AuditEvent(SQLModel, table=True):
    """Account events (login, logout, failed login, user created): who, when, never a secret."""

    __tablename__ = "audit_events"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = _ts(index=True)
    event: str = Field(max_length=40)
    user_id: uuid.UUID | None = Field(default=None)
    """The account the event is about."""
    actor_id: uuid.UUID | None = Field(default=None)
    """Who did it, when not the account itself (the admin who disabled it, reset it...)."""
    ward_code: str | None = Field(default=None, max_length=20)
    address: str | None = Field(default=None, max_length=64)
    device_id: str | None = Field(default=None, max_length=100)


class SigninBucket(SQLModel, table=True):
    """One row per sign-in limit key (``account:<key>`` / ``address:<ip>``), locked while an
    attempt is counted so that every process and host counts the same bucket one at a time."""

    __tablename__ = "signin_buckets"

    key: str = Field(primary_key=True, max_length=120)
    touched_at: dt.datetime = _ts(index=True)


class SigninFailure(SQLModel, table=True):
    """A sign-in attempt that failed (or is being checked: it is written first and removed on
    success, so concurrent attempts in several processes are all counted)."""

    __tablename__ = "signin_failures"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = _ts(index=True)
    account_key: str = Field(max_length=100, index=True)
    address: str = Field(max_length=64, index=True)
    device_id: str | None = Field(default=None, max_length=100)


class ProvisioningLink(SQLModel, table=True):
    """A signed provisioning file an admin made, fetched by laptops through a QR code's link.

    The file is kept as the exact bytes whose SHA-256 the QR code names; the token in the link
    is stored only as its SHA-256 (like access tokens). Expired links answer 404.
    """

    __tablename__ = "provisioning_links"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    token_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True})
    ward_code: str = Field(foreign_key="wards.code", max_length=20, index=True)
    created_by: uuid.UUID = Field(foreign_key="users.id")
    created_at: dt.datetime = _ts()
    expires_at: dt.datetime = _ts()
    file_sha256: str = Field(max_length=64)
    fingerprint: str = Field(max_length=24)
    content: bytes = Field(sa_column=sa.Column(sa.LargeBinary(), nullable=False))


class ServerIdentity(SQLModel, table=True):
    """Which server this database is, and which copy of its history (docs/protocol.md).

    One row (``id`` 1), written by migration 0003 when the database is made. ``server_id``
    never changes for the life of the database; ``feed_epoch`` changes when the changes feed
    can no longer be trusted to continue the history laptops have read: after a restore from
    a backup (``helper-server new-epoch``). A laptop keeps its feed cursor per
    ``(server_id, feed_epoch)``, so a cursor from another server or an older copy of this one
    is never used.
    """

    __tablename__ = "server_identity"

    id: int = Field(default=1, primary_key=True)
    server_id: uuid.UUID
    feed_epoch: uuid.UUID
    created_at: dt.datetime = _ts()
    epoch_started_at: dt.datetime = _ts()
