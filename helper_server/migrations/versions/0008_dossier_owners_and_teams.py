"""Dossiers belong to their volunteer and help-point team (issue 12 item 2).

Before this, any volunteer token read, withdrew and resubmitted every dossier of the ward, and
the changes feed sent each volunteer the whole ward. The owner was already recorded
(``dossiers.created_by``, the volunteer who first submitted it); this adds help-point teams the
admin defines (``teams``), the team a volunteer works in (``users.team_id``) and the team a
dossier was prepared for (``dossiers.team_id``), plus the indexes the visibility filter uses.
Existing dossiers get no team: after the upgrade they are visible to their creator, and to the
ward's officers and admins, until the admin puts them in a team (``helper-server teams
adopt``).

(Revisions 0004 and 0006 were reserved for this and for issue 12 item 6 but reached servers
empty, so they stay empty and this change comes after 0007.)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 12:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The teams table, two nullable team columns, and their indexes."""
    op.create_table(
        "teams",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("ward_code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["ward_code"], ["wards.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ward_code", "name", name="uq_teams_ward_name"),
    )
    op.create_index(op.f("ix_teams_ward_code"), "teams", ["ward_code"], unique=False)
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("team_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key("fk_users_team_id", "teams", ["team_id"], ["id"])
        batch.create_index(op.f("ix_users_team_id"), ["team_id"], unique=False)
    with op.batch_alter_table("dossiers") as batch:
        batch.add_column(sa.Column("team_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key("fk_dossiers_team_id", "teams", ["team_id"], ["id"])
        batch.create_index(op.f("ix_dossiers_team_id"), ["team_id"], unique=False)
        batch.create_index("ix_dossiers_ward_created_by", ["ward_code", "created_by"], unique=False)


def downgrade() -> None:
    """Drop the team columns, the indexes and the teams table."""
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_index("ix_dossiers_ward_created_by")
        batch.drop_index(op.f("ix_dossiers_team_id"))
        batch.drop_constraint("fk_dossiers_team_id", type_="foreignkey")
        batch.drop_column("team_id")
    with op.batch_alter_table("users") as batch:
        batch.drop_index(op.f("ix_users_team_id"))
        batch.drop_constraint("fk_users_team_id", type_="foreignkey")
        batch.drop_column("team_id")
    op.drop_index(op.f("ix_teams_ward_code"), table_name="teams")
    op.drop_table("teams")
