"""Servers replaced under a signed-in laptop: the same accounts on every server of a test, the
port to start a replacement on, and a backup of a running server's SQLite database (what an
admin restores). Used by the feed-identity and restore tests of the sync engine."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa

from tests.helpers.live_server import LiveServer, TestUser
from tests.helpers.sync_world import Officer

WARD = "07627"
"""The ward of every server of these tests (a reinstall keeps its code)."""


def port_of(server: LiveServer) -> int:
    """The port a live server listens on (a replacement is started on the same one)."""
    return int(server.url.rsplit(":", 1)[1])


def same_accounts(server: LiveServer) -> tuple[TestUser, TestUser]:
    """The same volunteer and officer on every server of a test (a reinstall recreates them)."""
    volunteer = server.create_user(
        role="volunteer", ward=WARD, username="vol-lan", password="pw-vol-lan"
    )
    official = server.create_user(
        role="officer", ward=WARD, username="can-bo-minh", password="pw-can-bo-minh"
    )
    return volunteer, official


def officer_of(server: LiveServer, official: TestUser) -> Officer:
    """An officer signed in to ``server``."""
    return Officer(server.client(server.login(official)))


def backup_sqlite(server: LiveServer, target: Path) -> str:
    """A consistent copy of the running server's SQLite database (what an admin backs up)."""
    source = sa.make_url(server.db_url).database
    assert source is not None
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return f"sqlite:///{target}"
