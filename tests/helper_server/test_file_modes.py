"""The server's SQLite database and its journals are owner-only like the blobs (issue 12
item 8): a real server process started on a database the umask left 0644 tightens it to 0600,
and the WAL it writes is 0600 too."""

from __future__ import annotations

import os
import stat
import uuid
from pathlib import Path

from helper_server.migrations import upgrade
from tests.helper_server.world import mutation, push, upload, write_forms
from tests.helpers.live_server import live_server


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_and_wal_are_owner_only(tmp_path: Path) -> None:
    directory = tmp_path / "server"
    directory.mkdir()
    database = directory / "server.sqlite3"
    url = f"sqlite:///{database}"
    old_umask = os.umask(0o022)
    try:
        upgrade(url)
    finally:
        os.umask(old_umask)
    database.chmod(0o644)  # what an earlier version left
    forms = write_forms(tmp_path / "forms")
    with live_server(directory, db_url=url, migrate=False, forms_dir=forms) as server:
        volunteer = server.create_user(role="volunteer")
        with server.client(server.login(volunteer)) as client:
            [result] = push(client, mutation(attachments=[upload(client, uuid.uuid4().bytes)]))
            assert result["outcome"] == "applied"
        wal = database.with_name(database.name + "-wal")
        assert _mode(database) == 0o600
        assert wal.exists() and _mode(wal) == 0o600
        blobs = [p for p in server.blob_dir.rglob("*") if p.is_file() and p.suffix != ".lock"]
        assert blobs and all(_mode(p) == 0o600 for p in blobs)
        assert _mode(server.blob_dir) == 0o700


def test_a_new_database_is_created_owner_only(tmp_path: Path) -> None:
    database = tmp_path / "new" / "server.sqlite3"
    old_umask = os.umask(0o022)
    try:
        upgrade(f"sqlite:///{database}")
    finally:
        os.umask(old_umask)
    assert _mode(database) == 0o600
    assert _mode(database.parent) == 0o700
