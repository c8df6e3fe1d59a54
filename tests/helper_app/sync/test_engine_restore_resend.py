"""A server restored from a backup gets back the dossiers first sent after the backup.

The laptop is the only place left holding them: after the re-read of the restored feed
(invariant 9, ``test_engine_feed_identity.py``), a dossier the new history never mentions is
queued again as a first submission and reaches the restored server in the same pass. A
completed or withdrawn one is not reopened. Real server processes, swapped at the same port.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helper_app.sync.lifecycle import DossierStatus
from helper_server.cli import main as server_main
from tests.helpers.live_server import live_server
from tests.helpers.server_restore import backup_sqlite, officer_of, port_of, same_accounts
from tests.helpers.sync_world import Laptop


@pytest.mark.parametrize("new_epoch", [True, False], ids=["new-epoch", "epoch-forgotten"])
def test_dossiers_sent_after_the_backup_are_sent_again(tmp_path: Path, new_epoch: bool) -> None:
    with live_server(tmp_path / "server") as a:
        port = port_of(a)
        volunteer, official = same_accounts(a)
        laptop = Laptop.open(tmp_path / "laptop", a, volunteer)
        before = laptop.new_birth_dossier(tmp_path, child_full_name="Trần Minh Khôi")
        laptop.sync()
        backup = backup_sqlite(a, tmp_path / "backup.sqlite3")
        after = laptop.new_birth_dossier(tmp_path, child_full_name="Lê Thu Hà")
        withdrawn = laptop.new_birth_dossier(tmp_path, child_full_name="Phạm Gia Bảo")
        laptop.sync()
        officer = officer_of(a, official)
        officer.set_status(after, "received")
        officer.http.close()
        laptop.dossiers.withdraw(withdrawn)
        laptop.sync()
        assert laptop.dossiers.get(after).status is DossierStatus.RECEIVED
        assert laptop.dossiers.get(withdrawn).status is DossierStatus.WITHDRAWN
    try:
        if new_epoch:
            assert server_main(["new-epoch", "--db", backup]) == 0
        with live_server(tmp_path / "restored", db_url=backup, port=port) as restored:
            officer = officer_of(restored, official)
            assert {d["dossier_id"] for d in officer.queue()} == {before}

            result = laptop.sync()

            assert result.resent == 1, result.notes
            assert any("lacked 2 dossier(s)" in note for note in result.notes), result.notes
            on_server = {d["dossier_id"]: d for d in officer.queue()}
            assert set(on_server) == {before, after}  # the withdrawn one is not reopened
            assert on_server[after]["status"] == "submitted"
            local = laptop.dossiers.get(after)
            assert officer.get(after)["data"] == local.data
            assert local.status is DossierStatus.SUBMITTED
            assert local.receipt_code is None  # the old code belonged to the lost history
            assert local.server_rev == on_server[after]["rev"]
            assert laptop.dossiers.get(withdrawn).status is DossierStatus.WITHDRAWN
            # Its files are whole on the restored server (sent again where it lacked them).
            attachments = officer.get(after)["attachments"]
            assert attachments
            client = laptop.client()
            assert all(client.blob_offset(ref["sha256"]).complete for ref in attachments)
            # Nothing more to do, and nothing doubled on a second pass.
            again = laptop.sync()
            assert again.resent == 0 and again.pushed == 0
            assert len(officer.queue()) == 2
            officer.http.close()
    finally:
        laptop.close()
