"""Quota and expiry of unfinished uploads (issue 12 item 6).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 21:45:00
"""

from __future__ import annotations

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Filled in by the change this revision is reserved for."""


def downgrade() -> None:
    """Filled in by the change this revision is reserved for."""
