"""The intake server's app in this process, reached through FastAPI's ``TestClient``.

For the tests about what the server answers (contracts, rules, isolation), not about the wire:
no port, no process to start (a live server costs about a second and a half of a CI core each
module), the same app, settings, middleware and database as ``helper-server serve`` builds.
It has the helpers of :class:`tests.helpers.live_server.LiveServer` (``create_user``,
``login``, ``client``, ``db``), so a module moves from one to the other by its fixture. Tests
about sockets, slow clients, workers, restarts, logs of the process or a client of the desktop
app (``requests``) keep the live server.

Usage::

    with app_server(tmp_path, forms_dir=forms) as server:
        token = server.login(server.create_user())
        with server.client(token) as http:
            http.get("/api/v1/meta")
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from helper_server.app import create_app
from helper_server.config import ServerSettings
from helper_server.db import Database
from helper_server.migrations import upgrade
from helper_server.provisioning import KEY_ENV
from tests.helpers.live_server import ServerDatabase, TestUser

URL = "http://testserver"
TEST_LIMITS: dict[str, Any] = {"login_per_address": 100000, "login_per_account": 1000}
"""The sign-in limits ``live_server`` starts with (tests sign in often, from one address)."""


class AppClient(TestClient):
    """A ``TestClient`` that does not run the app's start-up again when used in ``with``.

    The server runs its lifespan once (:func:`app_server`), as a real process does; a client per
    test or per user is only a client. Every request goes through the whole ASGI app.
    """

    def __enter__(self) -> AppClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class AppServer(ServerDatabase):
    """The app, its database and blob folder, and the helpers tests use to reach it."""

    app: FastAPI
    db_url: str
    blob_dir: Path
    signing_key: Path
    url: str = URL
    _db: Database | None = field(default=None, repr=False)

    def login(self, user: TestUser, *, device_id: str = "test-device") -> str:
        """An access token for ``user``."""
        with self.client() as http:
            response = http.post(
                "/api/v1/auth/login",
                json={"username": user.username, "password": user.password, "device_id": device_id},
            )
        response.raise_for_status()
        token: str = response.json()["access_token"]
        return token

    def client(self, token: str | None = None, *, follow_redirects: bool = True) -> AppClient:
        """A client of the app (bearer ``token`` and protocol header set), as httpx.Client.

        Errors the app does not handle come back as the 500 a real server sends, not raised.
        """
        client = AppClient(
            self.app,
            base_url=self.url,
            raise_server_exceptions=False,
            follow_redirects=follow_redirects,
        )
        client.headers["X-Helper-Protocol"] = "1"
        if token:
            client.headers["Authorization"] = f"Bearer {token}"
        return client

    def browser(self) -> AppClient:
        """A cookie-keeping client with no API headers that does not follow redirects (as
        ``httpx.get`` and a browser's first answer): console pages, raw requests."""
        return AppClient(
            self.app, base_url=self.url, raise_server_exceptions=False, follow_redirects=False
        )


@contextlib.contextmanager
def app_server(
    directory: Path,
    *,
    db_url: str | None = None,
    forms_dir: Path | None = None,
    **settings: Any,
) -> Iterator[AppServer]:
    """The app for the duration of the block, its lifespan run once.

    Args:
        directory: a temp directory for the SQLite file, blobs and the signing key.
        db_url: a database to use instead of a fresh SQLite file (migrated here).
        forms_dir: procedure definitions (default: the bundled catalog).
        settings: other :class:`ServerSettings` (``max_in_flight=4`` ...).
    """
    directory.mkdir(parents=True, exist_ok=True)
    url = db_url or f"sqlite:///{directory / 'server.sqlite3'}"
    upgrade(url)
    blob_dir = directory / "blobs"
    config = ServerSettings(
        db_url=url,
        blob_dir=blob_dir,
        forms_dir=forms_dir,
        **{**TEST_LIMITS, **settings},
    )
    previous_key = os.environ.get(KEY_ENV)
    # the provisioning signing key stays in the temp directory, never in the real HOME
    signing_key = directory / "signing.pem"
    os.environ[KEY_ENV] = str(signing_key)
    server = AppServer(create_app(config), url, blob_dir, signing_key)
    try:
        with TestClient(server.app):  # runs the lifespan (the upload sweeper) once
            yield server
    finally:
        server.close_db()
        if previous_key is None:
            os.environ.pop(KEY_ENV, None)
        else:
            os.environ[KEY_ENV] = previous_key
