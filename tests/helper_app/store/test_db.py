"""Connections: pragmas on every connection, transactions, and the two kinds of storage error."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from helper_app.store.db import (
    REQUIRED_PRAGMAS,
    Store,
    check_pragmas,
    create_store_engine,
    read_pragmas,
    translate_error,
)
from helper_app.store.errors import StorageBugError, StorageEnvironmentError
from helper_app.store.models import SyncState


def test_every_new_connection_has_the_pragmas(store: Store) -> None:
    with store.engine.connect() as conn:
        wal = conn.exec_driver_sql("PRAGMA journal_mode").scalar_one()
        fk = conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one()
        sync = conn.exec_driver_sql("PRAGMA synchronous").scalar_one()
    assert (wal, fk, sync) == ("wal", 1, 2)


def test_connections_made_in_other_threads_have_them_too(store: Store) -> None:
    seen: list[dict[str, object]] = []

    def probe() -> None:
        raw = store.engine.raw_connection()
        try:
            seen.append(read_pragmas(raw.dbapi_connection))
        finally:
            raw.close()

    store.engine.dispose()  # force brand-new connections
    threads = [threading.Thread(target=probe) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [REQUIRED_PRAGMAS] * 3


def test_a_connection_without_the_pragmas_is_refused(tmp_path: Path) -> None:
    raw = sqlite3.connect(tmp_path / "plain.sqlite3")  # defaults: delete journal, no FKs
    with pytest.raises(StorageEnvironmentError) as err:
        check_pragmas(raw, tmp_path / "plain.sqlite3")
    raw.close()
    assert "plain.sqlite3" in str(err.value) and "journal_mode" in err.value.message_en


def test_write_commits_and_an_exception_rolls_back(store: Store) -> None:
    with store.write() as session:
        session.add(SyncState(key="cursor", value="42"))
    with pytest.raises(RuntimeError), store.write() as session:
        session.add(SyncState(key="other", value=1))
        session.flush()
        raise RuntimeError("boom")
    with store.read() as session:
        keys = [r[0] for r in session.execute(text("SELECT key FROM sync_state"))]
    assert keys == ["cursor"]


def test_an_integrity_violation_is_a_bug_not_a_user_error(store: Store) -> None:
    with store.write() as session:
        session.add(SyncState(key="cursor", value=1))
    with pytest.raises(StorageBugError), store.write() as session:
        session.add(SyncState(key="cursor", value=2))


@pytest.mark.parametrize(
    "message",
    [
        "database is locked",
        "database or disk is full",
        "attempt to write a readonly database",
        "unable to open database file",
        "disk I/O error",
        "file is not a database",
    ],
)
def test_environment_failures_are_shown_to_the_user(tmp_path: Path, message: str) -> None:
    err = translate_error(sqlite3.OperationalError(message), tmp_path / "helper.sqlite3")
    assert isinstance(err, StorageEnvironmentError)
    assert "helper.sqlite3" in err.message_vi and "helper.sqlite3" in err.message_en


@pytest.mark.parametrize(
    "exc",
    [
        OSError(28, "No space left on device"),
        PermissionError(13, "Permission denied"),
        OSError(30, "Read-only file system"),
    ],
)
def test_os_failures_are_environment_errors(tmp_path: Path, exc: OSError) -> None:
    assert isinstance(translate_error(exc, tmp_path / "h.sqlite3"), StorageEnvironmentError)


def test_other_failures_are_bugs(tmp_path: Path) -> None:
    err = translate_error(sqlite3.ProgrammingError("bad parameter"), tmp_path / "x.sqlite3")
    assert isinstance(err, StorageBugError)


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "helper.sqlite3"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StorageEnvironmentError) as err:
        Store.open(path)
    assert str(path) in err.value.message_en


def test_a_foreign_sqlite_file_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE photos (id INTEGER)")
    raw.commit()
    raw.close()
    with pytest.raises(StorageEnvironmentError, match="not a Helper store"):
        Store.open(path)


def test_a_locked_store_reports_an_environment_error(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = sqlite3.connect(store.path, timeout=0)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        monkeypatch.setattr("helper_app.store.db.BUSY_TIMEOUT_MS", 50)
        fast = Store(store.path, create_store_engine(store.path))
        with pytest.raises(StorageEnvironmentError, match="locked|busy"), fast.write() as s:
            s.add(SyncState(key="k", value=1))
        fast.close()
    finally:
        blocker.rollback()
        blocker.close()
