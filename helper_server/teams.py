"""Help-point teams: the volunteers who work one help point share the dossiers prepared there.

At a weekend help point several volunteers share laptops and take over each other's residents,
so the ward's admin may group them in a team (issue 12 item 2). A volunteer is in at most one
team; a dossier takes its creator's team when first submitted and keeps it. Without a team a
volunteer sees only their own dossiers (helper_server.visibility). Every change is audited.
"""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from helper_app.sync.protocol import Role
from helper_server.accounts import audit
from helper_server.models import Team, User, utcnow

DOSSIERS = SQLModel.metadata.tables["dossiers"]
MAX_NAME = 200


class TeamError(ValueError):
    """A team action refused; ``reason`` is a stable code (the console translates it), the
    message names the CLI option."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class TeamSummary:
    """One team of a ward with its members' usernames."""

    id: uuid.UUID
    name: str
    ward_code: str
    members: list[str]


def _clean_name(name: str) -> str:
    text = " ".join(unicodedata.normalize("NFC", name).split())
    if not text:
        raise TeamError("name_empty", "--name: a team needs a name, e.g. 'Nhà văn hoá tổ 5'")
    if len(text) > MAX_NAME:
        raise TeamError("name_long", f"--name: at most {MAX_NAME} characters (got {len(text)})")
    return text


def find_team(session: Session, *, ward_code: str, name: str) -> Team | None:
    """The team of ``ward_code`` called ``name`` (spaces and Unicode form normalised)."""
    return session.exec(
        select(Team).where(Team.ward_code == ward_code, Team.name == _clean_name(name))
    ).first()


def require_team(session: Session, *, ward_code: str, name: str) -> Team:
    """Like :func:`find_team`, or :class:`LookupError` naming the option."""
    team = find_team(session, ward_code=ward_code, name=name)
    if team is None:
        raise LookupError(f"--team: ward {ward_code} has no team {name!r} (see `teams list`)")
    return team


def team_in_ward(session: Session, *, ward_code: str, team_id: str) -> Team:
    """The team ``team_id`` of ``ward_code`` (the console names teams by id)."""
    try:
        team = session.get(Team, uuid.UUID(team_id))
    except ValueError:
        team = None
    if team is None or team.ward_code != ward_code:
        raise TeamError("no_such_team", f"team_id: ward {ward_code} has no team {team_id!r}")
    return team


def create_team(session: Session, *, ward_code: str, name: str, actor_id: uuid.UUID | None) -> Team:
    """A new team in ``ward_code`` (:class:`ValueError` if the name is taken there)."""
    clean = _clean_name(name)
    if find_team(session, ward_code=ward_code, name=clean) is not None:
        raise TeamError("name_taken", f"--name: ward {ward_code} already has a team {clean!r}")
    team = Team(ward_code=ward_code, name=clean, created_at=utcnow())
    session.add(team)
    session.flush()
    audit(session, event="team_created", ward_code=ward_code, actor_id=actor_id)
    return team


def set_team(
    session: Session, *, user: User, team: Team | None, actor_id: uuid.UUID | None
) -> None:
    """Put a volunteer in ``team`` (None: out of any team).

    Only volunteers: officers and admins already see the ward. The dossiers the volunteer
    prepared before keep the team they were submitted with (:func:`adopt` moves them).
    """
    if Role(user.role) is not Role.VOLUNTEER:
        raise TeamError(
            "not_volunteer", f"--username: {user.username!r} is a {user.role}, not a volunteer"
        )
    if team is not None and team.ward_code != user.ward_code:
        raise TeamError(
            "other_ward",
            f"--team: {user.username!r} works in ward {user.ward_code}, the team in "
            f"{team.ward_code}",
        )
    user.team_id = team.id if team is not None else None
    session.add(user)
    event = "team_member_added" if team is not None else "team_member_removed"
    audit(session, event=event, user_id=user.id, ward_code=user.ward_code, actor_id=actor_id)


def adopt(session: Session, *, user: User, actor_id: uuid.UUID | None) -> int:
    """Give the volunteer's dossiers that have no team their current team; how many changed.

    For dossiers submitted before the volunteer joined (or before teams existed): the team
    shares them from now on. Their earlier changes reach teammates' laptops with their next
    change (each feed entry carries the whole dossier).
    """
    if user.team_id is None:
        raise TeamError(
            "no_team", f"--username: {user.username!r} is in no team (use `teams add` first)"
        )
    result = session.execute(
        sa.update(DOSSIERS)
        .where(
            sa.and_(
                DOSSIERS.c.ward_code == user.ward_code,
                DOSSIERS.c.created_by == user.id,
                DOSSIERS.c.team_id.is_(None),
            )
        )
        .values(team_id=user.team_id)
    )
    audit(
        session, event="team_adopted", user_id=user.id, ward_code=user.ward_code, actor_id=actor_id
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def list_teams(session: Session, *, ward_code: str | None = None) -> list[TeamSummary]:
    """Every team (of one ward when given) with its members, by ward then name."""
    stmt = select(Team).order_by(col(Team.ward_code), col(Team.name))
    if ward_code is not None:
        stmt = stmt.where(Team.ward_code == ward_code)
    teams = session.exec(stmt).all()
    members: dict[uuid.UUID, list[str]] = {t.id: [] for t in teams}
    if teams:
        rows = session.exec(
            select(User).where(col(User.team_id).in_(list(members))).order_by(col(User.username))
        ).all()
        for user in rows:
            assert user.team_id is not None
            members[user.team_id].append(user.username)
    return [TeamSummary(t.id, t.name, t.ward_code, members[t.id]) for t in teams]
