"""Account controls: disabled accounts, per-device tokens, password changes (issue 12 item 5).

Adds what an admin needs to cut off a lost laptop: why a token was revoked (``revoked_reason``,
so the laptop can be told "signed out by the ward" rather than "you signed out"), when each
token (one laptop) was last used (``last_seen_at``, for the devices list), and who did an
account action (``audit_events.actor_id``: the admin, where ``user_id`` is the account acted on).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 21:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Three nullable columns: existing rows need no value (old revocations were sign-outs)."""
    with op.batch_alter_table("access_tokens") as batch:
        batch.add_column(sa.Column("revoked_reason", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("actor_id", sa.Uuid(), nullable=True))


def downgrade() -> None:
    """Drop the three columns."""
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("actor_id")
    with op.batch_alter_table("access_tokens") as batch:
        batch.drop_column("last_seen_at")
        batch.drop_column("revoked_reason")
