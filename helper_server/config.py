"""The server's settings: one typed, validated object built once by the CLI and handed down.

Every knob has a default that suits a demo on one machine; the CLI flags and the
``HELPER_SERVER_*`` environment variables override them. Settings travel to uvicorn worker
processes as JSON in one environment variable (:data:`SETTINGS_ENV`), so workers are stateless.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, field_validator

SETTINGS_ENV = "HELPER_SERVER_SETTINGS_JSON"
DB_ENV = "HELPER_SERVER_DB"
BLOB_DIR_ENV = "HELPER_SERVER_BLOB_DIR"
FORMS_DIR_ENV = "HELPER_SERVER_FORMS_DIR"

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8470
DEFAULT_MAX_BLOB_SIZE = 50 * 1024 * 1024
DEFAULT_UPLOAD_QUOTA = 200 * 1024 * 1024
"""Unfinished upload bytes one account may hold (20 x 5 MB scans with room to spare)."""
DEFAULT_UPLOAD_EXPIRY_SECONDS = 7 * 24 * 3600.0
"""An unfinished upload older than a week is given up (the laptop starts it again if needed)."""
DEFAULT_MAX_BODY_SIZE = 16 * 1024 * 1024
DEFAULT_MAX_IN_FLIGHT = 64
DEFAULT_TOKEN_TTL_DAYS = 30
DEFAULT_LOGIN_WINDOW_SECONDS = 300
DEFAULT_LOGIN_PER_ACCOUNT = 10
DEFAULT_LOGIN_PER_ADDRESS = 50
DEFAULT_BODY_MIN_RATE = 2048
DEFAULT_BODY_RATE_WINDOW = 15.0
DEFAULT_HEADER_TIMEOUT = 10.0
DEFAULT_KEEP_ALIVE_TIMEOUT = 5


def default_data_dir() -> Path:
    """Where the embedded SQLite database and blobs live when nothing else is said."""
    return Path(platformdirs.user_data_dir("helper_server", "helper"))


def default_db_url() -> str:
    """``HELPER_SERVER_DB`` or a SQLite file in the data directory (the embedded default)."""
    env = os.environ.get(DB_ENV)
    if env:
        return env
    return f"sqlite:///{default_data_dir() / 'helper-server.sqlite3'}"


def default_blob_dir() -> Path:
    """``HELPER_SERVER_BLOB_DIR`` or ``blobs/`` in the data directory."""
    env = os.environ.get(BLOB_DIR_ENV)
    return Path(env) if env else default_data_dir() / "blobs"


def default_forms_dir() -> Path | None:
    """``HELPER_SERVER_FORMS_DIR`` or ``None`` (the bundled catalog)."""
    env = os.environ.get(FORMS_DIR_ENV)
    return Path(env) if env else None


class ServerSettings(BaseModel):
    """Everything the server needs to know at start-up.

    Attributes:
        db_url: SQLAlchemy URL (``sqlite:///file`` or ``postgresql+psycopg://...``).
        blob_dir: where attachment bytes are stored (under server-made names).
        forms_dir: a directory of procedure definitions; ``None`` = the bundled catalog.
        max_blob_size: the largest attachment accepted (413 beyond).
        max_body_size: the largest (decompressed) JSON request body accepted (413 beyond).
        max_in_flight: requests handled at once per process; past it 503 + Retry-After.
        token_ttl_days: how long an access token lives (weeks: volunteers are offline long).
        login_window_seconds / login_per_account / login_per_address: at most that many
            login attempts per account and per client address in the window (429 beyond).
        trusted_proxies: addresses or networks (CIDR) of the reverse proxies whose
            ``Forwarded`` / ``X-Forwarded-For`` headers name the client; from any other peer
            those headers are ignored (default none: the peer address is the client).
        argon2_time_cost / argon2_memory_kib: password hashing cost (lowered only in tests).
        fault_busy_share: for fault-injection tests only: this share of sync and blob requests
            is answered 503 or 429 with ``Retry-After`` before any work (0 in production).
        fault_seed: makes the injected faults reproducible.
        body_min_rate / body_rate_window: every request body must bring at least
            ``body_min_rate`` bytes per second over each ``body_rate_window`` seconds (or end
            within the window), else 408 and the connection is closed; a slow or stalled body
            cannot hold the server (see :mod:`helper_server.slowclients`).
        upload_quota: bytes one account may hold in unfinished uploads (declared sizes); a new
            upload past it is refused 413 ``blob.quota_exceeded`` (0: no quota).
        upload_expiry_seconds: an upload still unfinished this long after it started is
            deleted (row and bytes) by the server's sweep, at start and then periodically.
        api_docs: serve the interactive API pages /docs and /redoc (they load script from a
            public CDN, so they are off unless a developer turns them on).
        header_timeout: seconds a connection has to send a complete request head.
        keep_alive_timeout: seconds an idle kept-alive connection stays open after a response.
    """

    model_config = ConfigDict(frozen=True)

    db_url: str = Field(default_factory=default_db_url)
    blob_dir: Path = Field(default_factory=default_blob_dir)
    forms_dir: Path | None = Field(default_factory=default_forms_dir)
    max_blob_size: int = Field(default=DEFAULT_MAX_BLOB_SIZE, ge=1)
    max_body_size: int = Field(default=DEFAULT_MAX_BODY_SIZE, ge=1024)
    max_in_flight: int = Field(default=DEFAULT_MAX_IN_FLIGHT, ge=1)
    token_ttl_days: float = Field(default=DEFAULT_TOKEN_TTL_DAYS, gt=0)
    login_window_seconds: float = Field(default=DEFAULT_LOGIN_WINDOW_SECONDS, gt=0)
    login_per_account: int = Field(default=DEFAULT_LOGIN_PER_ACCOUNT, ge=1)
    login_per_address: int = Field(default=DEFAULT_LOGIN_PER_ADDRESS, ge=1)
    trusted_proxies: tuple[str, ...] = ()
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_kib: int = Field(default=65536, ge=64)
    fault_busy_share: float = Field(default=0.0, ge=0.0, le=1.0)
    fault_seed: int | None = None
    body_min_rate: int = Field(default=DEFAULT_BODY_MIN_RATE, ge=1)
    body_rate_window: float = Field(default=DEFAULT_BODY_RATE_WINDOW, gt=0)
    header_timeout: float = Field(default=DEFAULT_HEADER_TIMEOUT, gt=0)
    keep_alive_timeout: int = Field(default=DEFAULT_KEEP_ALIVE_TIMEOUT, ge=1)
    upload_quota: int = Field(default=DEFAULT_UPLOAD_QUOTA, ge=0)
    upload_expiry_seconds: float = Field(default=DEFAULT_UPLOAD_EXPIRY_SECONDS, gt=0)
    api_docs: bool = False

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_networks(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for entry in value:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError as exc:
                raise ValueError(
                    f"trusted_proxies: {entry!r} is not an IP address or CIDR network"
                ) from exc
        return value

    def to_env(self) -> str:
        """JSON for :data:`SETTINGS_ENV`, read back by :meth:`from_env` in worker processes."""
        return self.model_dump_json()

    @classmethod
    def from_env(cls) -> ServerSettings:
        """The settings a parent process put in :data:`SETTINGS_ENV`, else the defaults."""
        raw = os.environ.get(SETTINGS_ENV)
        return cls.model_validate_json(raw) if raw else cls()
