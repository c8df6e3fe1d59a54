"""A real ``helper-server serve`` in a subprocess, on a free loopback port, for HTTP tests.

Usage::

    with live_server(tmp_path, forms_dir=forms) as server:          # temp SQLite file
        user = server.create_user(role="volunteer", ward="00001")
        token = server.login(user)
        httpx.get(f"{server.url}/api/v1/meta")

    with live_server(tmp_path, db_url=pg_url) as server: ...          # a given database

The database is migrated in-process before the server starts; users are created in-process
(cheap argon2 parameters, so tests stay fast; the server verifies them as usual). Server output
goes to ``server.log`` in the temp directory and is shown when start-up fails.
:func:`fresh_pg_database` makes a uniquely named PostgreSQL database and drops it afterwards.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import sqlalchemy as sa

from helper_app.demo import free_port, server_command
from helper_app.sync.protocol import Role
from helper_server.accounts import create_user
from helper_server.db import Database, make_engine
from helper_server.migrations import upgrade
from helper_server.provisioning import KEY_ENV
from helper_server.security import Passwords

START_TIMEOUT = 30.0
S = TypeVar("S")
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]
"""The databases a server test runs on: PostgreSQL is marked ``postgres`` (it runs when
``HELPER_TEST_PG_URL`` is set, and CI requires it)."""


@dataclass(frozen=True)
class TestUser:
    """An account created for a test, with its clear-text password."""

    __test__ = False

    id: uuid.UUID
    username: str
    password: str
    role: str
    ward: str


TEST_PASSWORDS = Passwords(time_cost=1, memory_kib=64)
"""Cheap argon2 for the accounts tests make (the server verifies them as usual)."""


def make_test_user(
    db: Database,
    *,
    role: str = "volunteer",
    ward: str | None = None,
    username: str | None = None,
    password: str | None = None,
) -> TestUser:
    """A new account in ``db`` (unique name and ward unless given), with its password."""
    name = username or f"u-{uuid.uuid4().hex[:12]}"
    secret = password or f"pw-{uuid.uuid4().hex}"
    ward_code = ward or uuid.uuid4().hex[:8]
    with db.write() as session:
        user = create_user(
            session,
            username=name,
            password=secret,
            role=Role(role),
            ward_code=ward_code,
            passwords=TEST_PASSWORDS,
        )
        user_id = user.id
    return TestUser(user_id, name, secret, role, ward_code)


class ServerDatabase:
    """What both kinds of test server share: a handle on their database, accounts made in it.

    The dataclasses below declare ``db_url`` and ``_db`` as their fields.
    """

    db_url: str
    _db: Database | None

    @property
    def db(self) -> Database:
        """A database handle on the server's database (for setting up and inspecting)."""
        if self._db is None:
            self._db = Database(make_engine(self.db_url, pool_size=2))
        return self._db

    def create_user(
        self,
        *,
        role: str = "volunteer",
        ward: str | None = None,
        username: str | None = None,
        password: str | None = None,
    ) -> TestUser:
        """A new account (unique name and ward unless given)."""
        return make_test_user(self.db, role=role, ward=ward, username=username, password=password)

    def close_db(self) -> None:
        """Dispose of the database handle (the server itself keeps its own)."""
        if self._db is not None:
            self._db.dispose()
            self._db = None


@dataclass
class LiveServer(ServerDatabase):
    """A running server: its base URL, database URL and helpers to make users and tokens."""

    url: str
    db_url: str
    blob_dir: Path
    log_file: Path
    process: subprocess.Popen[bytes]
    _db: Database | None = field(default=None, repr=False)

    def login(self, user: TestUser, *, device_id: str = "test-device") -> str:
        """An access token for ``user``."""
        response = httpx.post(
            f"{self.url}/api/v1/auth/login",
            json={"username": user.username, "password": user.password, "device_id": device_id},
            timeout=30,
        )
        response.raise_for_status()
        token: str = response.json()["access_token"]
        return token

    def client(self, token: str | None = None, **kwargs: object) -> httpx.Client:
        """An httpx client on the server (bearer ``token`` and protocol header set)."""
        headers = {"X-Helper-Protocol": "1"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return httpx.Client(base_url=self.url, headers=headers, timeout=30, **kwargs)  # type: ignore[arg-type]

    @property
    def signing_key(self) -> Path:
        """The provisioning signing key file this server uses (in its temp directory)."""
        return self.log_file.parent / "signing.pem"

    def browser(self) -> httpx.Client:
        """A cookie-keeping client with no API headers that does not follow redirects."""
        return httpx.Client(base_url=self.url, timeout=30, follow_redirects=False)

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's output."""
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""

    def stop(self) -> None:
        """Stop the server process (SIGTERM, then SIGKILL) and close the database handle."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.close_db()


def _wait_ready(server: LiveServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"helper-server exited with {server.process.returncode}:\n{server.log_tail()}"
            )
        try:
            if httpx.get(f"{server.url}/api/v1/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    server.stop()
    raise RuntimeError(f"helper-server did not become ready in {timeout}s:\n{server.log_tail()}")


@contextlib.contextmanager
def live_server(
    directory: Path,
    *,
    db_url: str | None = None,
    forms_dir: Path | None = None,
    args: Sequence[str] = (),
    migrate: bool = True,
    env: dict[str, str] | None = None,
    port: int | None = None,
) -> Iterator[LiveServer]:
    """Start ``helper-server serve`` for the duration of the block.

    Args:
        directory: a temp directory for the SQLite file, blobs and the log.
        db_url: a database to use instead of a fresh SQLite file.
        forms_dir: procedure definitions (default: the bundled catalog).
        args: extra ``serve`` options (``--max-in-flight 4`` ...).
        migrate: migrate the database first (False to test the refusal).
        env: extra environment variables for the server process.
        port: listen on this port (default: a free one), e.g. to replace a stopped server at
            the same address.
    """
    directory.mkdir(parents=True, exist_ok=True)
    url = db_url or f"sqlite:///{directory / 'server.sqlite3'}"
    if migrate:
        upgrade(url)
    port = port or free_port()
    blob_dir = directory / "blobs"
    log_file = directory / "server.log"
    command = [
        *server_command(),
        "serve",
        "--db",
        url,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--blob-dir",
        str(blob_dir),
        "--login-per-address",
        "100000",
        "--login-per-account",
        "1000",
        *(["--forms-dir", str(forms_dir)] if forms_dir else []),
        *args,
    ]
    with log_file.open("wb") as log:
        process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            # the provisioning signing key stays in the temp directory, never in the real HOME
            env={**os.environ, KEY_ENV: str(directory / "signing.pem"), **(env or {})},
        )
    server = LiveServer(
        url=f"http://127.0.0.1:{port}",
        db_url=url,
        blob_dir=blob_dir,
        log_file=log_file,
        process=process,
    )
    try:
        _wait_ready(server, START_TIMEOUT)
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def on_backend(
    start: Callable[..., AbstractContextManager[S]],
    backend: str,
    directory: Path,
    **options: Any,
) -> Iterator[S]:
    """A test server from ``start`` (:func:`live_server` or :func:`tests.helpers.app_server.
    app_server`) on ``"sqlite"`` (a fresh file) or ``"postgres"`` (a fresh database on
    ``HELPER_TEST_PG_URL``); ``options`` go to ``start``."""
    if backend == "postgres":
        with fresh_pg_database(os.environ["HELPER_TEST_PG_URL"]) as url:
            with start(directory, db_url=url, **options) as running:
                yield running
    else:
        with start(directory, **options) as running:
            yield running


@contextlib.contextmanager
def fresh_pg_database(base_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database on the server of ``base_url``; dropped afterwards."""
    name = f"helper_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield sa.make_url(base_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
