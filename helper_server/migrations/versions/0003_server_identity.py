"""Server identity: a server id and a feed epoch, made when the database is made.

A database created by these migrations gets its own random ``server_id`` and ``feed_epoch``
here, so a reinstalled server (a new, empty database at the same address) is never mistaken
for the old one by a laptop holding a feed cursor. ``helper-server new-epoch`` replaces the
epoch after a restore from a backup.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 09:00:00
"""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "server_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("server_id", sa.Uuid(), nullable=False),
        sa.Column("feed_epoch", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("epoch_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    now = dt.datetime.now(dt.UTC)
    op.bulk_insert(
        table,
        [
            {
                "id": 1,
                "server_id": uuid.uuid4(),
                "feed_epoch": uuid.uuid4(),
                "created_at": now,
                "epoch_started_at": now,
            }
        ],
    )


def downgrade() -> None:
    op.drop_table("server_identity")
