"""Invariant 7: ``kill -9`` of ``helper-app sync`` at 30 random moments, then a clean pass.

The link goes through the fault proxy (latency and a bandwidth limit) so that passes take long
enough for the kills to land in every stage: uploads, pushes, pulls. Afterwards the server holds
each dossier exactly once with byte-identical attachments, and the local database passes
``PRAGMA integrity_check``.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from helper_app.config import resolve_paths
from helper_app.security.storage import open_store
from helper_app.security.vault import Vault
from tests.helpers.commands import HELPER_APP, login, run
from tests.helpers.fault_proxy import FaultProxy
from tests.helpers.keyring_service import KeyringSession, secret_service
from tests.helpers.live_server import LiveServer, TestUser
from tests.helpers.sync_world import birth_example, random_bytes_file

DOSSIERS = 40
KILLS = 30


@pytest.fixture(scope="module")
def keyring_session() -> Iterator[KeyringSession]:
    with secret_service() as session:
        yield session


def test_kill_nine_at_random_moments_then_converge(
    keyring_session: KeyringSession,
    server: LiveServer,
    officer_http: tuple[TestUser, httpx.Client],
    tmp_path: Path,
) -> None:
    user, http = officer_http
    data_dir = tmp_path / "laptop"
    signed_in = login(data_dir, server, user)
    assert signed_in.returncode == 0, signed_in.stderr

    data, slots = birth_example()
    rng = random.Random(20261125)
    items, sizes = [], {}
    for n in range(DOSSIERS):
        attachments = []
        # Every dossier needs its birth certificate; a third carry larger 150 KB scans.
        for k in range(1 + n % 2 if n % 3 == 0 else 1):
            size = 150_000 if n % 3 == 0 else 3_000
            scan = random_bytes_file(tmp_path / f"s{n}-{k}.pdf", size, seed=n * 10 + k)
            attachments.append({"slot": slots[0], "path": str(scan)})
            sizes[hashlib.sha256(scan.read_bytes()).hexdigest()] = scan.read_bytes()
        items.append(
            {
                "procedure": "birth_registration",
                "data": data,
                "attachments": attachments,
                "consent": {"help": True, "processing": True},
                "finalize": True,
            }
        )
    batch = tmp_path / "batch.json"
    batch.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    assert run(data_dir, "dossiers", "import", str(batch), timeout=300).returncode == 0

    host, port = server.url.removeprefix("http://").split(":")
    kills_landed = 0
    with FaultProxy((host, int(port)), rtt=0.04, bandwidth_bps=8_000_000, seed=7) as proxy:
        for _ in range(KILLS):
            process = subprocess.Popen(
                [
                    *HELPER_APP,
                    "--data-dir",
                    str(data_dir),
                    "sync",
                    "--quiet",
                    "--server",
                    proxy.url,
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(rng.uniform(0.3, 1.6))
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
                kills_landed += 1
            process.wait(30)
        final = run(data_dir, "sync", "--server", proxy.url, timeout=300)
    assert kills_landed >= KILLS // 2, "the kills should interrupt running passes"
    assert final.returncode == 0, final.stdout + final.stderr

    # The store is encrypted: open it the way the app does, with the key from the keyring.
    local = open_store(
        resolve_paths(data_dir),
        Vault(data_dir / "helper.sqlite3", backend=keyring_session.backend),
    )
    try:
        with local.store.engine.connect() as db:
            assert db.exec_driver_sql("PRAGMA integrity_check").fetchone() == ("ok",)
            statuses = db.exec_driver_sql(
                "SELECT status, count(*) FROM dossiers GROUP BY status"
            ).fetchall()
            local_ids = {row[0] for row in db.exec_driver_sql("SELECT id FROM dossiers")}
    finally:
        local.close()
    assert [tuple(r) for r in statuses] == [("submitted", DOSSIERS)]

    queue = http.get("/api/v1/officer/dossiers", params={"limit": 500}).json()["data"]
    assert sorted(d["dossier_id"] for d in queue) == sorted(local_ids)  # each exactly once
    for d in queue:
        detail = http.get(f"/api/v1/officer/dossiers/{d['dossier_id']}").json()
        assert detail["rev"] == 1
        for att in detail["attachments"]:
            body = http.get(f"/api/v1/blobs/{att['sha256']}").content
            assert body == sizes[att["sha256"]]
