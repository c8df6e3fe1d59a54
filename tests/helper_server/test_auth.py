"""Sign-in, tokens (expiry, revocation), roles, the protocol header and meta, over HTTP."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import SQLModel

from helper_server.security import token_digest
from tests.helper_server.world import Ward
from tests.helpers.app_server import AppServer


def test_login_returns_a_token_that_works(server: AppServer) -> None:
    user = server.create_user(role="volunteer")
    response = server.browser().post(
        "/api/v1/auth/login",
        json={"username": user.username, "password": user.password, "device_id": "lap-1"},
    )
    assert response.status_code == 200
    body = response.json()
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert expires - dt.datetime.now(dt.UTC) > dt.timedelta(days=14)
    assert body["user"] == {
        "id": str(user.id),
        "username": user.username,
        "role": "volunteer",
        "ward_code": user.ward,
    }
    me = server.browser().get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert me.json()["username"] == user.username


def test_token_is_stored_hashed(server: AppServer) -> None:
    user = server.create_user()
    token = server.login(user)
    tokens = SQLModel.metadata.tables["access_tokens"]
    with server.db.read() as session:
        stored = list(session.execute(sa.select(tokens.c.token_hash)).scalars())
    assert token_digest(token) in stored
    assert token not in stored


def test_wrong_password_and_unknown_user_look_the_same(server: AppServer) -> None:
    user = server.create_user()
    wrong = server.browser().post(
        "/api/v1/auth/login",
        json={"username": user.username, "password": "nope-nope", "device_id": "d"},
    )
    unknown = server.browser().post(
        "/api/v1/auth/login",
        json={"username": "nobody-here", "password": "nope-nope", "device_id": "d"},
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "auth.invalid_credentials"


def test_logout_revokes_the_token(ward: Ward) -> None:
    assert ward.vol.post("/api/v1/auth/logout").status_code == 204
    after = ward.vol.get("/api/v1/sync/changes")
    assert after.status_code == 401
    assert after.json()["code"] == "auth.token_revoked"
    assert after.headers["WWW-Authenticate"] == "Bearer"


def test_expired_token_is_refused(server: AppServer) -> None:
    user = server.create_user()
    token = server.login(user)
    tokens = SQLModel.metadata.tables["access_tokens"]
    with server.db.write() as session:
        session.execute(
            sa.update(tokens)
            .where(tokens.c.token_hash == token_digest(token))
            .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )
    response = server.client(token).get("/api/v1/sync/changes")
    assert response.status_code == 401
    assert response.json()["code"] == "auth.token_expired"
    assert response.json()["message_vi"]


def test_missing_and_garbage_tokens(server: AppServer) -> None:
    assert server.browser().get("/api/v1/sync/changes").json()["code"] == "auth.required"
    garbage = server.client("not-a-token").get("/api/v1/sync/changes")
    assert garbage.status_code == 401
    assert garbage.json()["code"] == "auth.invalid_token"


def test_login_validation_errors(server: AppServer) -> None:
    response = server.browser().post("/api/v1/auth/login", json={"username": "x"})
    assert response.status_code == 422
    paths = {d["path"] for d in response.json()["details"]}
    assert {"password", "device_id"} <= paths


def test_other_protocol_versions_are_refused_clearly(server: AppServer) -> None:
    response = server.browser().get("/api/v1/meta", headers={"X-Helper-Protocol": "2"})
    assert response.status_code == 400
    assert response.json()["code"] == "protocol.unsupported"
    assert "1" in response.json()["message"]
    ok = server.browser().get("/api/v1/meta", headers={"X-Helper-Protocol": "1"})
    assert ok.status_code == 200
    assert ok.headers["X-Helper-Protocol"] == "1"
    meta = ok.json()
    assert meta["protocol"] == 1
    assert "resumable-blobs" in meta["capabilities"]


def test_unknown_route_is_a_json_404(server: AppServer) -> None:
    response = server.browser().get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
