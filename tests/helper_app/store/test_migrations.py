"""Schema versions: a database of the previous schema keeps its data; a newer major is refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from helper_app.residents import ResidentDirectory
from helper_app.store import models
from helper_app.store.db import Store, create_store_engine
from helper_app.store.errors import SchemaTooNewError
from helper_app.store.migrations import CURRENT, STEPS, decode_version, encode_version, migrate

TABLE_MODELS = [
    models.Household,
    models.Resident,
    models.Dossier,
    models.Attachment,
    models.OutboxEntry,
    models.SyncState,
    models.Conflict,
    models.AuditEvent,
]


def _build(path: Path, target: tuple[int, int]) -> None:
    engine = create_store_engine(path)
    with engine.connect() as conn:
        migrate(conn, path, target=target)
    engine.dispose()


def _set_version(path: Path, value: int) -> None:
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {value}")
    raw.close()


def test_versions_encode_as_major_times_1000_plus_minor() -> None:
    assert encode_version((1, 1)) == 1001
    assert decode_version(2003) == (2, 3)
    assert [s.version for s in STEPS] == sorted(s.version for s in STEPS)
    assert len(STEPS) >= 2


def test_a_new_store_is_at_the_current_version(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "new.sqlite3")
    assert store.schema_version() == CURRENT
    store.close()
    store = Store.open(tmp_path / "new.sqlite3")  # re-opening changes nothing
    assert store.schema_version() == CURRENT
    store.close()


def test_a_store_of_the_previous_schema_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _build(path, (1, 0))
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 1000
    now = "2025-08-01T00:00:00.000000+00:00"
    raw.execute(
        "INSERT INTO residents (id, full_name, personal_id, address, created_at, updated_at) "
        "VALUES ('r1', 'Đỗ Thị Hằng', '027190001234', '{}', ?, ?)",
        (now, now),
    )
    raw.execute(
        "INSERT INTO dossiers (id, procedure, form_version, status, data, created_by, "
        "created_at, updated_at) VALUES ('d1', 'mini_permit', 1, 'draft', "
        "'{\"full_name\": \"Đỗ Thị Hằng\"}', 'old', ?, ?)",
        (now, now),
    )
    raw.commit()
    raw.close()

    store = Store.open(path)
    assert store.schema_version() == CURRENT
    found = ResidentDirectory(store).search("do thi hang")
    assert [r.personal_id for r in found] == ["027190001234"]
    with store.read() as session:
        dossier = session.get(models.Dossier, "d1")
        assert dossier is not None and dossier.data == {"full_name": "Đỗ Thị Hằng"}
        assert dossier.created_at.tzinfo is not None
    store.close()


def test_a_newer_major_version_is_refused_naming_file_and_versions(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    Store.open(path).close()
    _set_version(path, 2000)
    with pytest.raises(SchemaTooNewError) as err:
        Store.open(path)
    msg = err.value.message_en
    assert str(path) in msg and "2.0" in msg and f"{CURRENT[0]}.{CURRENT[1]}" in msg
    assert str(path) in err.value.message_vi


def test_a_newer_minor_version_of_the_same_major_opens(tmp_path: Path) -> None:
    path = tmp_path / "minor.sqlite3"
    Store.open(path).close()
    _set_version(path, encode_version((CURRENT[0], CURRENT[1] + 5)))
    store = Store.open(path)
    assert store.schema_version() == (CURRENT[0], CURRENT[1] + 5)
    store.close()


def test_a_failed_step_leaves_the_old_version_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "half.sqlite3"
    _build(path, (1, 0))

    def broken(conn: object) -> None:
        raise RuntimeError("crash in the middle of a step")

    from helper_app.store import migrations

    steps = (*migrations.STEPS, migrations.Step((1, 99), "broken", broken))
    monkeypatch.setattr(migrations, "STEPS", steps)
    engine = create_store_engine(path)
    with engine.connect() as conn, pytest.raises(RuntimeError):
        migrate(conn, path, target=(1, 99))
    engine.dispose()
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 1000
    names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
    raw.close()
    assert "residents_fts" not in names  # step 1.1 was rolled back with the broken step


def test_the_models_match_the_migrated_schema(tmp_path: Path) -> None:
    path = tmp_path / "schema.sqlite3"
    Store.open(path).close()
    raw = sqlite3.connect(path)
    tables = [m.__table__ for m in TABLE_MODELS]  # type: ignore[attr-defined]
    assert {t.name for t in tables} <= {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
    for table in tables:
        columns = {r[1] for r in raw.execute(f"PRAGMA table_info({table.name})")}
        assert columns == {c.name for c in table.columns}, table.name
    raw.close()
