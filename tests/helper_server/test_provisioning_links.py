"""Provisioning links over HTTP: an admin makes one, any laptop downloads it until it expires.

The link's SHA-256 and fingerprint must describe exactly the bytes served and the key that signed
them; only admins make links; an unknown, malformed or expired token is a 404; a ward keeps at
most :data:`MAX_LIVE_LINKS_PER_WARD` live links.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import httpx
import pytest

from helper_app.forms import Catalog
from helper_app.provisioning.format import parse_envelope, verify
from helper_app.provisioning.link import parse_link
from helper_server.db import Database, make_engine
from helper_server.models import User
from helper_server.provisioning import load_or_create_signing_key
from helper_server.provisioning_links import (
    MAX_LIVE_LINKS_PER_WARD,
    issue_link,
    sign_ward_file,
)
from tests.helpers.app_server import AppServer
from tests.helpers.live_server import TestUser

BODY = {"server_url": "https://ward.example", "days": 3}


def _link(server: AppServer, admin: TestUser, body: dict[str, object] = BODY) -> httpx.Response:
    with server.client(server.login(admin)) as client:
        answer: httpx.Response = client.post("/api/v1/provisioning/links", json=body)
    return answer


def _download_url(server: AppServer, url: str) -> str:
    """The link names the address laptops use; the test reaches the same path on loopback."""
    return server.url + url[url.index("/api/v1/") :]


def test_admin_link_names_the_exact_file_served(server: AppServer) -> None:
    admin = server.create_user(role="admin")
    answer = _link(server, admin)
    assert answer.status_code == 200, answer.text
    made = answer.json()
    link = parse_link(made["text"])
    assert link.url.startswith("https://ward.example/api/v1/provisioning/files/")
    assert (link.sha256, link.fingerprint) == (made["sha256"], made["fingerprint"])

    served = server.browser().get(_download_url(server, link.url))  # no sign-in
    assert served.status_code == 200
    assert served.headers["cache-control"] == "no-store"
    assert hashlib.sha256(served.content).hexdigest() == link.sha256
    verified = verify(parse_envelope(served.content))
    assert verified.fingerprint == link.fingerprint
    assert verified.payload.ward_code == admin.ward
    assert verified.payload.server_url == "https://ward.example"
    key = server.browser().get("/api/v1/provisioning/key").json()
    assert key["fingerprint"] == link.fingerprint


@pytest.mark.parametrize("role", ["volunteer", "officer"])
def test_only_admins_make_links(server: AppServer, role: str) -> None:
    user = server.create_user(role=role)
    answer = _link(server, user)
    assert answer.status_code == 403
    assert answer.json()["code"] == "forbidden.role"


def test_bad_requests_are_refused_with_the_field(server: AppServer) -> None:
    admin = server.create_user(role="admin")
    bodies: tuple[tuple[dict[str, object], str], ...] = (
        ({"server_url": "ftp://ward.example", "days": 3}, "server_url"),
        ({"server_url": "https://ward.example", "days": 0}, "days"),
        ({"server_url": "https://ward.example", "days": "mười"}, "days"),
    )
    for body, field in bodies:
        answer = _link(server, admin, body)
        assert answer.status_code == 422, body
        assert field in answer.text


@pytest.mark.parametrize(
    "token", ["x" * 32, "short", "../../etc/passwd", "' OR 1=1 --" + "a" * 20, "é" * 30]
)
def test_unknown_or_hostile_tokens_are_404(server: AppServer, token: str) -> None:
    answer = server.browser().get(f"/api/v1/provisioning/files/{token}")
    assert answer.status_code == 404


def _db_user(db: Database, test_user: TestUser) -> User:
    with db.read() as session:
        user = session.get(User, test_user.id)
    assert user is not None
    return user


def test_expired_links_are_gone_and_a_ward_keeps_a_bounded_number(server: AppServer) -> None:
    admin = server.create_user(role="admin")
    engine = make_engine(server.db_url, pool_size=1)
    db = Database(engine)
    key = load_or_create_signing_key(server.signing_key)
    user = _db_user(db, admin)
    catalog = Catalog.bundled()

    def issue(now: dt.datetime) -> str:
        document = sign_ward_file(
            db, catalog, user, server_url=server.url, days=1, key=key, now=now
        )
        return issue_link(db, document, user=user, server_url=server.url, now=now).link.url

    try:
        expired = issue(dt.datetime.now(dt.UTC) - dt.timedelta(days=2))
        assert server.browser().get(expired).status_code == 404
        live = [issue(dt.datetime.now(dt.UTC)) for _ in range(MAX_LIVE_LINKS_PER_WARD + 1)]
    finally:
        engine.dispose()
    assert server.browser().get(live[0]).status_code == 404, "the oldest beyond the cap"
    assert server.browser().get(live[1]).status_code == 200
    assert server.browser().get(live[-1]).status_code == 200
