"""Sign-in failure counters kept in the database (issue 12 item 4).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 21:45:00
"""

from __future__ import annotations

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Filled in by the change this revision is reserved for."""


def downgrade() -> None:
    """Filled in by the change this revision is reserved for."""
