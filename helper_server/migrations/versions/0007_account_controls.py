"""Account controls: disabled accounts, per-device tokens, password changes (issue 12 item 5).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 21:45:00
"""

from __future__ import annotations

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Filled in by the change this revision is reserved for."""


def downgrade() -> None:
    """Filled in by the change this revision is reserved for."""
