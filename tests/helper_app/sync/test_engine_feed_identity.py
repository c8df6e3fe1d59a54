"""The feed cursor is kept per server and feed epoch (DESIGN.md invariant 9), against real servers.

A server process is stopped and another one started at the same address under a signed-in
laptop: a reinstalled server (fresh database), the same database restarted, and a database
restored from an older backup (with and without ``helper-server new-epoch``).
"""

from __future__ import annotations

from pathlib import Path

import httpx

from helper_app.sync import state
from helper_app.sync.lifecycle import DossierStatus
from helper_server.cli import main as server_main
from tests.helpers.live_server import LiveServer, live_server
from tests.helpers.server_restore import backup_sqlite, officer_of, port_of, same_accounts
from tests.helpers.sync_world import Laptop, Officer


def _position(laptop: Laptop) -> tuple[state.FeedId | None, state.FeedPosition]:
    with laptop.store.read() as session:
        feed = state.current_feed(session)
        return feed, state.feed_position(session, feed)


def _meta_identity(server: LiveServer) -> tuple[str, str]:
    meta = httpx.get(f"{server.url}/api/v1/meta", timeout=30).json()
    return str(meta["server_id"]), str(meta["feed_epoch"])


def test_a_reinstalled_server_at_the_same_address_is_read_from_the_start(tmp_path: Path) -> None:
    with live_server(tmp_path / "server-a") as a:
        port = port_of(a)
        volunteer, official = same_accounts(a)
        laptop = Laptop.open(tmp_path / "laptop", a, volunteer)
        officer = officer_of(a, official)
        old = [laptop.new_birth_dossier(tmp_path) for _ in range(3)]
        pulled = laptop.sync().pulled
        for dossier_id in old:
            officer.set_status(dossier_id, "received")
        pulled += laptop.sync().pulled
        officer.http.close()
        assert pulled == 6  # the laptop's cursor on server A is 6

    try:
        # Server B: a fresh database at the same address; the volunteer signs in again.
        with live_server(tmp_path / "server-b", port=port) as b:
            volunteer, official = same_accounts(b)
            laptop.token = b.login(volunteer)
            new = laptop.new_birth_dossier(tmp_path)
            pushed = laptop.sync()
            assert pushed.applied == 1
            officer = officer_of(b, official)
            received = officer.set_status(new, "received")
            officer.http.close()

            laptop.sync()

            local = laptop.dossiers.get(new)
            assert local.status is DossierStatus.RECEIVED
            assert local.receipt_code == received["receipt_code"] and local.receipt_code
            assert any("reinstalled or restored" in note for note in pushed.notes)
            feed_b, position = _position(laptop)
            assert feed_b is not None and position.cursor == 2
            assert (feed_b.server_id, feed_b.feed_epoch) == _meta_identity(b)
            # What server A decided stays on the laptop: B never heard of those dossiers.
            assert all(laptop.dossiers.get(d).status is DossierStatus.RECEIVED for d in old)
    finally:
        laptop.close()


def test_the_same_server_restarted_is_not_read_again(tmp_path: Path) -> None:
    with live_server(tmp_path / "server") as first:
        port, db_url = port_of(first), first.db_url
        volunteer, official = same_accounts(first)
        laptop = Laptop.open(tmp_path / "laptop", first, volunteer)
        officer = officer_of(first, official)
        dossier_id = laptop.new_birth_dossier(tmp_path)
        laptop.sync()
        officer.set_status(dossier_id, "received")
        officer.http.close()
        laptop.sync()
        before = _position(laptop)
    try:
        with live_server(tmp_path / "restarted", db_url=db_url, port=port) as again:
            assert again.url.endswith(str(port))
            result = laptop.sync()
            assert result.pulled == 0 and not result.notes
            assert _position(laptop) == before
    finally:
        laptop.close()


def _restored_scenario(tmp_path: Path, *, new_epoch: bool) -> None:
    """X submitted; backup; X received (the laptop reads it); restore; X asked for more."""
    with live_server(tmp_path / "server") as a:
        port = port_of(a)
        volunteer, official = same_accounts(a)
        laptop = Laptop.open(tmp_path / "laptop", a, volunteer)
        dossier_id = laptop.new_birth_dossier(tmp_path)
        laptop.sync()
        backup = backup_sqlite(a, tmp_path / "backup.sqlite3")
        officer = officer_of(a, official)
        officer.set_status(dossier_id, "received")
        officer.http.close()
        laptop.sync()
        assert laptop.dossiers.get(dossier_id).server_rev == 2
    try:
        if new_epoch:
            assert server_main(["new-epoch", "--db", backup]) == 0
        with live_server(tmp_path / "restored", db_url=backup, port=port) as restored:
            officer = officer_of(restored, official)
            # The restored server's rev 2 is another decision than the lost rev 2 we read.
            asked = officer.set_status(
                dossier_id,
                "supplement_requested",
                message="Ảnh giấy chứng sinh bị mờ",
                checklist=["child_birthplace"],
            )
            officer.http.close()
            assert asked["rev"] == 2

            result = laptop.sync()

            local = laptop.dossiers.get(dossier_id)
            assert local.status is DossierStatus.SUPPLEMENT_REQUESTED
            assert local.last_message == "Ảnh giấy chứng sinh bị mờ"
            assert local.receipt_code is None  # issued by the lost history only
            assert local.server_rev == 2
            expected = "reinstalled or restored" if new_epoch else "feed.cursor_unknown"
            assert any(expected in note for note in result.notes), result.notes
            # The next pass continues where this one stopped.
            assert laptop.sync().pulled == 0
    finally:
        laptop.close()


def test_a_restored_server_with_a_new_epoch_is_trusted_over_newer_local_revisions(
    tmp_path: Path,
) -> None:
    _restored_scenario(tmp_path, new_epoch=True)


def test_a_restored_server_without_a_new_epoch_refuses_the_cursor_and_is_read_again(
    tmp_path: Path,
) -> None:
    _restored_scenario(tmp_path, new_epoch=False)


def test_a_cursor_beyond_a_restored_feed_is_read_again_from_the_start(tmp_path: Path) -> None:
    with live_server(tmp_path / "server") as a:
        port = port_of(a)
        volunteer, official = same_accounts(a)
        laptop = Laptop.open(tmp_path / "laptop", a, volunteer)
        dossier_id = laptop.new_birth_dossier(tmp_path)
        laptop.sync()
        backup = backup_sqlite(a, tmp_path / "backup.sqlite3")
        officer = officer_of(a, official)
        officer.set_status(dossier_id, "received")
        officer.http.close()
        laptop.sync()
    try:
        with live_server(tmp_path / "restored", db_url=backup, port=port):
            result = laptop.sync()
            assert any("feed.cursor_ahead" in note for note in result.notes), result.notes
            local = laptop.dossiers.get(dossier_id)
            assert local.status is DossierStatus.SUBMITTED  # what the restored server holds
            assert local.server_rev == 1
            assert _position(laptop)[1].cursor == 1
    finally:
        laptop.close()


def test_an_upgraded_laptops_global_cursor_is_dropped_and_the_feed_read_again(
    laptop: Laptop, officer: Officer, tmp_path: Path
) -> None:
    dossier_id = laptop.new_birth_dossier(tmp_path)
    laptop.sync()
    officer.set_status(dossier_id, "received")
    laptop.sync()
    feed, _ = _position(laptop)
    assert feed is not None
    with laptop.store.write() as session:  # what a laptop of the previous version holds
        state.delete(session, state.FEED_IDENTITY)
        state.delete(session, feed.key)
        state.put(session, state.CURSOR, 2)

    result = laptop.sync()

    assert result.pulled == 2 and not result.notes  # read again, revisions kept: no replay
    feed, position = _position(laptop)
    assert feed is not None and position.cursor == 2 and position.anchor
    with laptop.store.read() as session:
        assert state.get(session, state.CURSOR) is None
    assert laptop.dossiers.get(dossier_id).status is DossierStatus.RECEIVED
