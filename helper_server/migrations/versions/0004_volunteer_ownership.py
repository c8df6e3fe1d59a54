"""Dossiers visible to the volunteer who prepared them and their help-point team (issue 12 item 2).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 21:45:00
"""

from __future__ import annotations

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Filled in by the change this revision is reserved for."""


def downgrade() -> None:
    """Filled in by the change this revision is reserved for."""
