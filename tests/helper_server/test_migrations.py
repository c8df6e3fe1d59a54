"""The Alembic migrations create exactly the schema the models describe, on every backend."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import helper_server.models  # noqa: F401  (registers the tables)
from helper_server.db import make_engine
from helper_server.migrations import SchemaNotCurrentError, check_at_head, upgrade
from tests.helpers.live_server import fresh_pg_database


def _diff(url: str) -> list[object]:
    upgrade(url)
    engine = make_engine(url, pool_size=1)
    try:
        check_at_head(engine)
        with engine.connect() as conn:
            return list(compare_metadata(MigrationContext.configure(conn), SQLModel.metadata))
    finally:
        engine.dispose()


def test_sqlite_schema_matches_models(tmp_path: Path) -> None:
    assert _diff(f"sqlite:///{tmp_path / 'm.sqlite3'}") == []


@pytest.mark.postgres
def test_postgres_schema_matches_models() -> None:
    with fresh_pg_database(os.environ["HELPER_TEST_PG_URL"]) as url:
        assert _diff(url) == []


def test_check_at_head_names_the_command(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'e.sqlite3'}", pool_size=1)
    with pytest.raises(SchemaNotCurrentError, match="helper-server migrate"):
        check_at_head(engine)
    engine.dispose()


def test_postgres_is_reachable_when_required() -> None:
    """CI sets HELPER_REQUIRE_PG: then a missing or unreachable PostgreSQL fails the run."""
    if not os.environ.get("HELPER_REQUIRE_PG"):
        pytest.skip("HELPER_REQUIRE_PG not set")
    url = os.environ.get("HELPER_TEST_PG_URL")
    assert url, "HELPER_REQUIRE_PG is set but HELPER_TEST_PG_URL is not"
    engine = make_engine(url, pool_size=1)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT 1").scalar() == 1
    finally:
        engine.dispose()
