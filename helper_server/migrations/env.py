"""Alembic environment: runs migrations on the connection :func:`upgrade` hands over."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import helper_server.models  # noqa: F401  (registers the tables on the metadata)
from helper_server.db import make_engine

target_metadata = SQLModel.metadata


def _run(connection: object) -> None:
    context.configure(connection=connection, target_metadata=target_metadata)  # type: ignore[arg-type]
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Use the given connection, else open one on the configured URL."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(context.config.get_main_option("sqlalchemy.url") or "", pool_size=1)
    try:
        with engine.begin() as conn:
            _run(conn)
    finally:
        engine.dispose()


run_migrations_online()
