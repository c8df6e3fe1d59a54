"""Sign-in failure counters kept in the database (issue 12 item 4).

The limits were per process (``--workers 2`` let twice the guesses through); they now live in
``signin_failures`` (one row per failed attempt) and ``signin_buckets`` (a row per key, locked
while an attempt is counted). ``users.username_key`` holds the case-folded, NFC-normalised
username that sign-in looks up; existing accounts get theirs here. It is not unique: two old
accounts differing only in case keep working, each with its exact spelling.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 21:45:00
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _key(username: str) -> str:
    # A copy of helper_server.accounts.username_key: a migration must not change when the
    # application code does.
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", username.strip()).casefold())


def upgrade() -> None:
    op.create_table(
        "signin_buckets",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("touched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_signin_buckets_touched_at", "signin_buckets", ["touched_at"])
    op.create_table(
        "signin_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("account_key", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_signin_failures_at", "signin_failures", ["at"])
    op.create_index("ix_signin_failures_account_key", "signin_failures", ["account_key"])
    op.create_index("ix_signin_failures_address", "signin_failures", ["address"])
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("username_key", sa.String(length=100), nullable=False, server_default="")
        )
    users = sa.table("users", sa.column("id", sa.Uuid()), sa.column("username", sa.String()))
    conn = op.get_bind()
    for user_id, username in conn.execute(sa.select(users.c.id, users.c.username)).all():
        conn.execute(
            sa.text("UPDATE users SET username_key = :key WHERE id = :id").bindparams(
                sa.bindparam("id", type_=sa.Uuid())
            ),
            {"key": _key(username), "id": user_id},
        )
    with op.batch_alter_table("users") as batch:
        batch.alter_column("username_key", server_default=None)
    op.create_index("ix_users_username_key", "users", ["username_key"])


def downgrade() -> None:
    op.drop_index("ix_users_username_key", table_name="users")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("username_key")
    op.drop_index("ix_signin_failures_address", table_name="signin_failures")
    op.drop_index("ix_signin_failures_account_key", table_name="signin_failures")
    op.drop_index("ix_signin_failures_at", table_name="signin_failures")
    op.drop_table("signin_failures")
    op.drop_index("ix_signin_buckets_touched_at", table_name="signin_buckets")
    op.drop_table("signin_buckets")
