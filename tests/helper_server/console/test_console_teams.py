"""The admin's help-point teams on the accounts page, refused where they must be (issue 12
item 2): another ward's team is not found, an officer cannot be put in a team, a team name
that is empty or too long is refused naming ``team_name``, officers cannot change teams, the
form is CSRF-checked, and every change is audited with the admin as the actor."""

from __future__ import annotations

import uuid

from sqlmodel import select

from helper_server.models import AuditEvent, Team, User
from tests.helper_server.console.desk import csrf_of, sign_in
from tests.helpers.live_server import LiveServer

LIVE_SERVER = True
"""A threat test of docs/security.md: against a real server process."""


def _team_of(server: LiveServer, user_id: uuid.UUID) -> uuid.UUID | None:
    with server.db.read() as session:
        user = session.get(User, user_id)
        assert user is not None
        return user.team_id


def test_team_actions_are_checked_and_audited(server: LiveServer) -> None:
    admin = server.create_user(role="admin")
    volunteer = server.create_user(role="volunteer", ward=admin.ward)
    officer = server.create_user(role="officer", ward=admin.ward)
    stranger_admin = server.create_user(role="admin")
    desk = sign_in(server, admin)
    csrf = csrf_of(desk.get("/console/accounts").text)

    for bad, expected in (("   ", "hãy nhập tên"), ("x" * 201, "tối đa 200 ký tự")):
        refused = desk.post(
            "/console/accounts", data={"csrf": csrf, "action": "create_team", "team_name": bad}
        )
        assert refused.status_code == 422
        assert "team_name" in refused.text and expected in refused.text
    made = desk.post(
        "/console/accounts",
        data={"csrf": csrf, "action": "create_team", "team_name": "Tổ dân phố 3"},
    )
    assert made.status_code == 303
    with server.db.read() as session:
        [team] = session.exec(select(Team).where(Team.ward_code == admin.ward)).all()
    far = sign_in(server, stranger_admin)
    far_csrf = csrf_of(far.get("/console/accounts").text)
    far.post(
        "/console/accounts",
        data={"csrf": far_csrf, "action": "create_team", "team_name": "Tổ xa"},
    )
    with server.db.read() as session:
        [far_team] = session.exec(select(Team).where(Team.ward_code == stranger_admin.ward)).all()
    far.close()

    base = {"csrf": csrf, "user_id": str(volunteer.id), "action": "set_team"}
    other_ward = desk.post("/console/accounts", data={**base, "team_id": str(far_team.id)})
    assert other_ward.status_code == 422 and "không có tổ này" in other_ward.text
    junk = desk.post("/console/accounts", data={**base, "team_id": "'; DROP TABLE teams; --"})
    assert junk.status_code == 422 and "team_id" in junk.text
    assert _team_of(server, volunteer.id) is None
    not_vol = desk.post(
        "/console/accounts",
        data={**base, "user_id": str(officer.id), "team_id": str(team.id)},
    )
    assert not_vol.status_code == 422 and "Chỉ xếp tổ cho tình nguyện viên" in not_vol.text
    forged = desk.post(
        "/console/accounts",
        data={"user_id": str(volunteer.id), "action": "set_team", "team_id": str(team.id)},
    )
    assert forged.status_code == 403 and _team_of(server, volunteer.id) is None
    joined = desk.post("/console/accounts", data={**base, "team_id": str(team.id)})
    assert joined.status_code == 303 and _team_of(server, volunteer.id) == team.id
    page = desk.get("/console/accounts").text
    assert "Tổ dân phố 3" in page and "Tổ xa" not in page
    desk.close()

    officer_desk = sign_in(server, officer)
    officer_csrf = csrf_of(officer_desk.get("/console/dossiers").text)
    tried = officer_desk.post(
        "/console/accounts",
        data={"csrf": officer_csrf, "user_id": str(volunteer.id), "action": "set_team"},
    )
    assert tried.status_code == 403 and _team_of(server, volunteer.id) == team.id
    officer_desk.close()

    with server.db.read() as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.ward_code == admin.ward)).all()
    kinds = {(e.event, e.actor_id) for e in events}
    assert ("team_created", admin.id) in kinds and ("team_member_added", admin.id) in kinds
