"""Server id and feed epoch (DESIGN.md invariant 9): named in /meta, refused cursors, new-epoch."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from helper_server.cli import main
from tests.helper_server.world import Ward, set_status, submitted
from tests.helpers.app_server import AppServer
from tests.helpers.live_server import LiveServer, live_server


def _meta(server: LiveServer | AppServer) -> dict[str, object]:
    response = server.browser().get("/api/v1/meta")
    assert response.status_code == 200
    body: dict[str, object] = response.json()
    return body


def _identity(server: LiveServer | AppServer) -> tuple[str, str]:
    meta = _meta(server)
    return str(meta["server_id"]), str(meta["feed_epoch"])


def test_meta_and_the_feed_name_the_server_and_its_epoch(server: AppServer, ward: Ward) -> None:
    server_id, epoch = _identity(server)
    uuid.UUID(server_id), uuid.UUID(epoch)  # noqa: B018 - both are UUIDs
    assert server_id != epoch
    submitted(ward)
    page = ward.vol.get("/api/v1/sync/changes").json()
    assert (page["server_id"], page["feed_epoch"]) == (server_id, epoch)
    assert page["next_anchor"]


def test_a_cursor_beyond_the_feed_is_refused(ward: Ward) -> None:
    submitted(ward)
    submitted(ward)
    newest = ward.vol.get("/api/v1/sync/changes").json()["next_cursor"]
    assert newest == 2
    assert ward.vol.get("/api/v1/sync/changes", params={"since": newest}).status_code == 200
    refused = ward.vol.get("/api/v1/sync/changes", params={"since": newest + 5})
    assert refused.status_code == 409
    body = refused.json()
    assert body["code"] == "feed.cursor_ahead"
    assert "since=0" in body["message"] and "newest: 2" in body["message"]
    assert body["message_vi"]


def test_an_empty_ward_refuses_any_cursor_but_zero(ward: Ward) -> None:
    assert ward.vol.get("/api/v1/sync/changes", params={"since": 0}).status_code == 200
    refused = ward.vol.get("/api/v1/sync/changes", params={"since": 6})
    assert refused.status_code == 409 and refused.json()["code"] == "feed.cursor_ahead"


def test_the_anchor_must_name_the_change_at_the_cursor(ward: Ward) -> None:
    dossier_id, _ = submitted(ward)
    first = ward.vol.get("/api/v1/sync/changes").json()
    cursor, anchor = first["next_cursor"], first["next_anchor"]
    assert set_status(ward, dossier_id, "received").status_code == 200
    following = ward.vol.get("/api/v1/sync/changes", params={"since": cursor, "anchor": anchor})
    assert following.status_code == 200
    page = following.json()
    assert [c["action"] for c in page["changes"]] == ["receive"]
    # An empty page keeps the anchor the caller sent: it still names the change at the cursor.
    again = ward.vol.get(
        "/api/v1/sync/changes", params={"since": page["next_cursor"], "anchor": page["next_anchor"]}
    ).json()
    assert again["changes"] == [] and again["next_anchor"] == page["next_anchor"]
    other = ward.vol.get("/api/v1/sync/changes", params={"since": cursor, "anchor": "0" * 20})
    assert other.status_code == 409
    assert other.json()["code"] == "feed.cursor_unknown"
    assert "since=0" in other.json()["message"]


def test_new_epoch_takes_effect_at_once_and_keeps_the_server_id(
    server: AppServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server_id, epoch = _identity(server)
    assert main(["new-epoch", "--db", server.db_url]) == 0
    out = capsys.readouterr().out
    after_id, after_epoch = _identity(server)
    assert after_id == server_id
    assert after_epoch != epoch
    assert f"{epoch} -> {after_epoch}" in out and "from the start" in out
    assert main(["identity", "--db", server.db_url]) == 0
    assert after_epoch in capsys.readouterr().out


def test_new_epoch_refuses_an_unmigrated_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new-epoch", "--db", f"sqlite:///{tmp_path / 'empty.sqlite3'}"]) == 2
    assert "helper-server migrate" in capsys.readouterr().err


def test_the_same_database_keeps_its_identity_and_a_new_one_gets_its_own(tmp_path: Path) -> None:
    with live_server(tmp_path / "a") as first:
        identity = _identity(first)
        db_url, port = first.db_url, int(first.url.rsplit(":", 1)[1])
    with live_server(tmp_path / "a-again", db_url=db_url, port=port) as restarted:
        assert _identity(restarted) == identity
    with live_server(tmp_path / "b", port=port) as fresh:
        new_id, new_epoch = _identity(fresh)
    assert new_id != identity[0] and new_epoch != identity[1]
