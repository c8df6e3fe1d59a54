"""Migration 0005 gives existing accounts their case-folded key, also two differing only in case.

Such accounts could be made before usernames were case-folded; after the upgrade each still signs
in with its exact spelling, and a spelling that could be either is refused (never a guess).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from alembic import command

from helper_server.migrations import alembic_config
from helper_server.security import Passwords
from tests.helpers.live_server import BACKENDS, fresh_pg_database, live_server


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on SQLite or PostgreSQL."""
    if request.param == "postgres":
        with fresh_pg_database(os.environ["HELPER_TEST_PG_URL"]) as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"


def _old_user(conn: sa.Connection, username: str, password_hash: str) -> None:
    conn.execute(
        sa.text(
            "INSERT INTO users (id, username, role, ward_code, password_hash, disabled,"
            " created_at) VALUES (:id, :username, 'volunteer', 'w1', :hash, false, :at)"
        ).bindparams(sa.bindparam("id", type_=sa.Uuid()), sa.bindparam("at", type_=sa.DateTime())),
        {"id": uuid.uuid4(), "username": username, "hash": password_hash, "at": dt.datetime.now()},
    )


def test_accounts_differing_only_in_case_keep_their_exact_spelling(
    db_url: str, tmp_path: Path, forms_dir: Path
) -> None:
    command.upgrade(alembic_config(db_url), "0004")
    passwords = Passwords(time_cost=1, memory_kib=64)
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO wards (code, name, change_seq, created_at) VALUES ('w1', '', 0, :at)"
            ).bindparams(sa.bindparam("at", type_=sa.DateTime())),
            {"at": dt.datetime.now()},
        )
        _old_user(conn, "Anh", passwords.hash("password-of-Anh"))
        _old_user(conn, "ANH", passwords.hash("password-of-ANH"))
        _old_user(conn, "Bình", passwords.hash("password-of-Binh"))
    engine.dispose()
    with live_server(tmp_path, db_url=db_url, forms_dir=forms_dir) as server:

        def login(username: str, password: str) -> httpx.Response:
            return httpx.post(
                f"{server.url}/api/v1/auth/login",
                json={"username": username, "password": password, "device_id": "d"},
                timeout=60,
            )

        assert login("Anh", "password-of-Anh").json()["user"]["username"] == "Anh"
        assert login("ANH", "password-of-ANH").json()["user"]["username"] == "ANH"
        assert login("anh", "password-of-Anh").status_code == 401
        assert login("BÌNH", "password-of-Binh").json()["user"]["username"] == "Bình"
