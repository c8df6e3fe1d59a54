"""A volunteer sees and changes only their own dossiers and their help-point team's (issue 12
item 2), against a real server process on SQLite and PostgreSQL.

A second volunteer of the same ward walks every endpoint of /openapi.json: anything that takes
a dossier id answers for the first volunteer's dossier exactly as for an id that does not
exist, the push refuses to withdraw or resubmit it as an unknown id, the changes feed leaves it
out, and no answer carries its id or its data. An endpoint added later without being
classified here fails the walk. Teams (``helper-server teams``, the real CLI) share dossiers
between the volunteers of one help point; officers keep seeing the whole ward.
"""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.helper_server.world import Ward, mutation, push, upload
from tests.helpers.live_server import LiveServer, TestUser

HELPER_SERVER = str(Path(sys.executable).parent / "helper-server")

SECRET_DATA = {"full_name": "Trần Thị Bí Mật", "birth_date": "02/01/1990", "phone": "0987654321"}
"""The first volunteer's resident: nobody else's answer may contain these values."""

NO_DOSSIER_DATA = {
    # Accounts and the laptop's own session: no dossier in or out.
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/logout"),
    ("POST", "/api/v1/auth/password"),
    ("GET", "/api/v1/auth/me"),
    # The ward's published forms and server facts: the same for every account.
    ("GET", "/api/v1/forms"),
    ("GET", "/api/v1/forms/{code}/{version}"),
    ("GET", "/api/v1/meta"),
    ("GET", "/api/v1/health"),
    # Provisioning files: the server's address, key and catalog (admins make them).
    ("GET", "/api/v1/provisioning/key"),
    ("POST", "/api/v1/provisioning"),
    ("POST", "/api/v1/provisioning/links"),
    ("GET", "/api/v1/provisioning/files/{token}"),
    # Attachments are content-addressed: naming one needs its SHA-256, which only a holder of
    # the file can compute; downloads are for officers (checked below). docs/security.md.
    ("HEAD", "/api/v1/blobs/{sha256}"),
    ("PATCH", "/api/v1/blobs/{sha256}"),
    ("GET", "/api/v1/blobs/{sha256}"),
}
"""Endpoints that carry no dossier: walked for leaks, not for the unknown-id comparison."""

CHECKED_APART = {("POST", "/api/v1/sync/push"), ("GET", "/api/v1/sync/changes")}
"""Endpoints without a dossier id in the path, checked by their own tests below."""

OFFICERS_ONLY = {("GET", "/api/v1/officer/dossiers")}
"""The ward's queue: refused to volunteers."""


LIVE_SERVER = True
"""A threat test of docs/security.md: against a real server process."""


@dataclass
class Scene:
    """Two volunteers of one ward; the first one's dossier and what would betray it."""

    ward: Ward
    second: TestUser
    other: httpx.Client
    dossier_id: str
    rev: int
    op_id: str
    secrets: list[str]


@pytest.fixture
def scene(server: LiveServer, ward: Ward) -> Iterator[Scene]:
    second = server.create_user(role="volunteer", ward=ward.code)
    other = server.client(server.login(second, device_id="laptop-of-the-second"))
    ref = upload(ward.vol, uuid.uuid4().bytes * 20)
    m = mutation(attachments=[ref], data=SECRET_DATA)
    [result] = push(ward.vol, m)
    assert result["outcome"] == "applied", result
    mine = ward.vol.get(f"/api/v1/dossiers/{m['dossier_id']}")
    assert mine.status_code == 200
    data = mine.json()["data"]
    secrets = [m["dossier_id"], m["op_id"], data["full_name"], data["phone"], ref["sha256"]]
    yield Scene(ward, second, other, m["dossier_id"], result["rev"], m["op_id"], secrets)
    other.close()


def _new(client: httpx.Client, **kw: Any) -> dict[str, Any]:
    """A complete first submission by ``client`` (with its own attachment)."""
    return mutation(attachments=[upload(client, uuid.uuid4().bytes * 20)], **kw)


def _call(client: httpx.Client, method: str, path: str) -> httpx.Response:
    if method in ("POST", "PATCH", "PUT"):
        return client.request(method, path, json={})
    return client.request(method, path)


def _shape(response: httpx.Response) -> tuple[int, str | None]:
    """What a caller can tell apart: the status and the error code."""
    code = None
    if response.headers.get("content-type", "").startswith("application/json"):
        body = response.json()
        if isinstance(body, dict):
            code = body.get("code") or (body.get("error") or {}).get("code")
    return response.status_code, code


def _no_leak(scene: Scene, response: httpx.Response, what: str) -> None:
    text = response.text
    for secret in scene.secrets:
        assert secret not in text, f"{what} answered with the other volunteer's {secret!r}"


def _fill(path: str, dossier_id: str) -> str:
    path = path.replace("{dossier_id}", dossier_id)
    path = path.replace("{sha256}", "0" * 64).replace("{token}", "x" * 43)
    return re.sub(r"\{code\}/\{version\}", "test_permit/1", path)


def test_a_second_volunteer_walks_every_endpoint_and_finds_nothing(scene: Scene) -> None:
    spec = scene.other.get("/openapi.json").json()
    walked: list[tuple[str, str]] = []
    for path, operations in spec["paths"].items():
        for method in operations:
            key = (method.upper(), path)
            walked.append(key)
            if "{dossier_id}" in path:
                theirs = _call(scene.other, key[0], _fill(path, scene.dossier_id))
                unknown = _call(scene.other, key[0], _fill(path, str(uuid.uuid4())))
                assert _shape(theirs) == _shape(unknown), (
                    f"{method.upper()} {path}: the other volunteer's dossier answers "
                    f"{_shape(theirs)}, an unknown id {_shape(unknown)}"
                )
                assert theirs.status_code in (403, 404), (key, theirs.status_code)
                _no_leak(scene, theirs, f"{key}")
            elif key in OFFICERS_ONLY:
                refused = _call(scene.other, key[0], path)
                assert refused.status_code == 403, (key, refused.status_code)
                _no_leak(scene, refused, f"{key}")
            elif key in CHECKED_APART or key in NO_DOSSIER_DATA:
                if key[0] != "POST" or "auth" not in path:  # never sign in or out here
                    _no_leak(scene, _call(scene.other, key[0], _fill(path, "")), f"{key}")
            else:
                pytest.fail(f"{key} is not classified: say whether it carries dossiers")
    assert ("GET", "/api/v1/dossiers/{dossier_id}") in walked
    assert len(walked) >= 15, walked
    # Downloads of attachments stay with officers.
    sha = scene.secrets[-1]
    assert scene.other.get(f"/api/v1/blobs/{sha}").status_code == 403
    assert scene.ward.off.get(f"/api/v1/blobs/{sha}").status_code == 200


def test_the_push_treats_another_volunteers_dossier_as_unknown(scene: Scene) -> None:
    def answer(dossier_id: str, **kw: Any) -> dict[str, Any]:
        [result] = push(scene.other, _new(scene.other, dossier_id=dossier_id, **kw))
        return result

    def codes(result: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
        errors = [(e["path"], e["code"]) for e in result.get("errors") or []]
        return result["outcome"], errors

    unknown = str(uuid.uuid4())
    withdraw = answer(scene.dossier_id, kind="withdraw", base_rev=scene.rev)
    assert codes(withdraw) == codes(answer(unknown, kind="withdraw", base_rev=scene.rev))
    assert codes(withdraw) == ("rejected", [("dossier_id", "dossier.not_found")])
    resubmit = answer(scene.dossier_id, base_rev=scene.rev)
    assert codes(resubmit) == codes(answer(unknown, base_rev=scene.rev))
    assert codes(resubmit) == ("rejected", [("base_rev", "dossier.not_found")])
    # A create cannot reuse the id; the answer is the same as for another ward's id.
    create = answer(scene.dossier_id)
    assert codes(create) == ("rejected", [("dossier_id", "dossier.unavailable")])
    # Someone else's op id: refused without replaying the first volunteer's answer.
    [replayed] = push(scene.other, _new(scene.other, op_id=scene.op_id))
    assert codes(replayed) == ("rejected", [("op_id", "op_id.taken")])
    assert "rev" not in replayed or replayed["rev"] is None
    for result in (withdraw, resubmit, create, replayed):
        assert "server" not in result or result["server"] is None
    # Nothing changed: the owner still reads it as submitted, at the same revision.
    mine = scene.ward.vol.get(f"/api/v1/dossiers/{scene.dossier_id}").json()
    assert (mine["status"], mine["rev"], mine["data"]["full_name"]) == (
        "submitted",
        scene.rev,
        scene.secrets[2],
    )


def _feed(client: httpx.Client, since: int = 0, anchor: str | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {"since": since}
    if anchor:
        params["anchor"] = anchor
    response = client.get("/api/v1/sync/changes", params=params)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


def _ids(page: dict[str, Any]) -> set[str]:
    return {c["dossier_id"] for c in page["changes"]}


def test_the_feed_sends_each_volunteer_only_their_dossiers(
    server: LiveServer, scene: Scene
) -> None:
    [own] = push(scene.other, _new(scene.other))
    assert own["outcome"] == "applied"
    theirs = _feed(scene.other)
    assert scene.dossier_id not in _ids(theirs)
    assert len(theirs["changes"]) == 1
    _no_leak(scene, scene.other.get("/api/v1/sync/changes", params={"since": 0}), "the feed")
    assert scene.dossier_id in _ids(_feed(scene.ward.vol))
    ward = _feed(scene.ward.off)
    assert scene.dossier_id in _ids(ward) and len(ward["changes"]) == 2
    # The last page moves the cursor to the ward's newest change: the next poll does not scan
    # the other volunteer's changes again, and the cursor it returns is accepted.
    [later] = push(scene.ward.vol, _new(scene.ward.vol))
    assert later["outcome"] == "applied"
    first = _feed(scene.other)
    assert first["next_cursor"] == _feed(scene.ward.off)["next_cursor"]
    again = _feed(scene.other, first["next_cursor"], first["next_anchor"])
    assert again["changes"] == [] and again["next_cursor"] == first["next_cursor"]


def _teams(server: LiveServer, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [HELPER_SERVER, "teams", *args, "--db", server.db_url],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_help_point_team_shares_its_dossiers(server: LiveServer, scene: Scene) -> None:
    first, second = scene.ward.volunteer.username, scene.second.username
    name = f"Nhà văn hoá tổ {uuid.uuid4().hex[:4]}"
    made = _teams(server, "create", "--ward", scene.ward.code, "--name", name)
    assert made.returncode == 0, made.stderr
    for username in (first, second):
        added = _teams(server, "add", "--username", username, "--team", name)
        assert added.returncode == 0, added.stderr
    # Tokens carry no team: the membership counts from the next request on.
    path = f"/api/v1/dossiers/{scene.dossier_id}"
    assert scene.other.get(path).status_code == 404, "submitted before the team: still private"
    adopted = _teams(server, "adopt", "--username", first)
    assert adopted.returncode == 0 and "1 dossier" in adopted.stdout, adopted.stdout
    assert scene.other.get(path).status_code == 200
    [shared] = push(scene.ward.vol, _new(scene.ward.vol))
    assert shared["outcome"] == "applied"
    page = _feed(scene.other)
    assert {scene.dossier_id} <= _ids(page) and len(_ids(page)) == 2
    # A teammate takes over: withdraws the dossier the first volunteer prepared.
    [withdrawn] = push(
        scene.other,
        mutation(dossier_id=scene.dossier_id, kind="withdraw", base_rev=scene.rev),
    )
    assert withdrawn["outcome"] == "applied", withdrawn

    listed = _teams(server, "list", "--ward", scene.ward.code)
    assert name in listed.stdout and first in listed.stdout and second in listed.stdout
    left = _teams(server, "remove", "--username", second)
    assert left.returncode == 0, left.stderr
    assert scene.other.get(path).status_code == 404, "out of the team: out of its dossiers"
    assert scene.ward.off.get(path).status_code == 200, "the officer sees the ward"


def test_teams_cli_refuses_bad_input_naming_the_option(server: LiveServer, scene: Scene) -> None:
    assert "--name" in _teams(server, "create", "--ward", scene.ward.code, "--name", "  ").stderr
    missing = _teams(server, "add", "--username", scene.second.username, "--team", "Không có")
    assert missing.returncode == 1 and "--team" in missing.stderr
    officer = scene.ward.officer.username
    name = f"Tổ {uuid.uuid4().hex[:4]}"
    assert _teams(server, "create", "--ward", scene.ward.code, "--name", name).returncode == 0
    again = _teams(server, "create", "--ward", scene.ward.code, "--name", f" {name} ")
    assert again.returncode == 1 and "already has" in again.stderr
    refused = _teams(server, "add", "--username", officer, "--team", name)
    assert refused.returncode == 1 and "not a volunteer" in refused.stderr
    nobody = _teams(server, "add", "--username", "no-such-user", "--team", name)
    assert nobody.returncode == 1
