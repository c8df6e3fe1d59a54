"""The laptop's data folder and store are owner-only (issue 12 item 8): a folder an earlier
version left 0755 becomes 0700, and the store file and its WAL are 0600 once opened."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from helper_app.config import resolve_paths
from helper_app.store.db import Store
from helper_app.store.models import SyncState


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_open_data_folder_is_tightened(tmp_path: Path) -> None:
    base = tmp_path / "laptop"
    base.mkdir(mode=0o755)
    base.chmod(0o755)
    paths = resolve_paths(base)
    paths.ensure()
    for folder in (paths.data_dir, paths.attachments_dir, paths.log_dir, paths.cache_dir):
        assert _mode(folder) == 0o700, folder


def test_the_store_and_its_wal_are_owner_only(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        path = tmp_path / "helper.sqlite3"
        store = Store.open(path)
        try:
            with store.write() as session:
                session.add(SyncState(key="probe", value=1))
        finally:
            store.close()
        path.chmod(0o644)  # what an earlier version left
        store = Store.open(path)
        try:
            with store.write() as session:
                session.add(SyncState(key="probe2", value=2))
            wal = path.with_name(path.name + "-wal")
            assert _mode(path) == 0o600
            assert wal.exists() and _mode(wal) == 0o600
        finally:
            store.close()
    finally:
        os.umask(old_umask)
