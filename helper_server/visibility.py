"""Who may see which dossier: its volunteer, their help-point team, the ward's officers and admins.

Under the 2025 personal data protection law a volunteer may see what they prepared, nothing
more (issue 12 item 2). A dossier belongs to the volunteer who first submitted it
(``dossiers.created_by``) and, when that volunteer worked in a help-point team the admin
defined, to the team (``dossiers.team_id``, stamped at creation). Officers and admins review
the whole ward. Everything else, a dossier of another volunteer included, is answered exactly
like a dossier that does not exist: 404 ``dossier.not_found``, ``dossier.not_found`` in a push,
absent from the feed.

Every volunteer path goes through this module: :func:`may_see` for one loaded row,
:func:`visible_clause` for queries (the feed).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

from helper_app.sync.protocol import Role
from helper_server.models import User

DOSSIERS = SQLModel.metadata.tables["dossiers"]

WARD_ROLES = frozenset({Role.OFFICER, Role.ADMIN})
"""Roles that see every dossier of their ward."""


def sees_whole_ward(user: User) -> bool:
    """True for officers and admins (they review every dossier of their ward)."""
    return Role(user.role) in WARD_ROLES


def may_see(user: User, state: Mapping[str, Any]) -> bool:
    """True when ``user`` may read or change the dossier row ``state``."""
    if state["ward_code"] != user.ward_code:
        return False
    if sees_whole_ward(user):
        return True
    if state["created_by"] == user.id:
        return True
    team = state.get("team_id")
    return team is not None and team == user.team_id


def visible_clause(user: User) -> sa.ColumnElement[bool] | None:
    """A condition on ``dossiers`` for the rows ``user`` may see besides the ward (None: all)."""
    if sees_whole_ward(user):
        return None
    own = DOSSIERS.c.created_by == user.id
    if user.team_id is None:
        return own
    return sa.or_(own, DOSSIERS.c.team_id == user.team_id)


def visible_ids(user: User) -> sa.Select[Any] | None:
    """``SELECT id FROM dossiers`` of the ward that ``user`` may see (None: the whole ward)."""
    condition = visible_clause(user)
    if condition is None:
        return None
    in_ward = DOSSIERS.c.ward_code == user.ward_code
    return sa.select(DOSSIERS.c.id).where(sa.and_(in_ward, condition))
