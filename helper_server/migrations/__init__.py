"""Alembic migrations of the server database, driven from code (no alembic.ini needed).

``helper-server migrate`` calls :func:`upgrade`; ``serve`` calls :func:`check_at_head` and
refuses to start on a database that is missing migrations, naming the command to run.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from helper_server.db import make_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent


class SchemaNotCurrentError(RuntimeError):
    """The database is not at the latest migration (message says what to run)."""


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at this package's scripts and at ``url``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    """The newest migration id."""
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise RuntimeError("no migrations found")
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (``None`` for an empty database)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(url: str) -> None:
    """Bring the database at ``url`` to the newest migration."""
    engine = make_engine(url, pool_size=1)
    try:
        with engine.begin() as conn:
            cfg = alembic_config(url)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    finally:
        engine.dispose()


def check_at_head(engine: Engine) -> None:
    """Raise :class:`SchemaNotCurrentError` unless the database is fully migrated."""
    current = current_revision(engine)
    head = head_revision()
    if current != head:
        state = "empty (never migrated)" if current is None else f"at migration {current}"
        raise SchemaNotCurrentError(
            f"the database is {state}, the server needs migration {head}; "
            "run `helper-server migrate --db URL` first"
        )
