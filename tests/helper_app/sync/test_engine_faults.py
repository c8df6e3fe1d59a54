"""300 dossiers drain through a bad link: 20% of connections reset mid-stream and 10% of sync
requests answered 503/429 by the server. Afterwards the server holds each dossier exactly once,
with byte-identical attachments (DESIGN.md invariants 2, 3 and 6)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlmodel import select

from helper_app.store.models import Dossier
from helper_app.sync import errors
from helper_app.sync.engine import SyncEngine
from tests.helpers.fault_proxy import FaultProxy
from tests.helpers.live_server import LiveServer, live_server
from tests.helpers.sync_world import BIRTH, Laptop, birth_example, random_bytes_file

DOSSIERS = 300


@pytest.fixture(scope="module")
def busy_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(
        tmp_path_factory.mktemp("busy-server"),
        args=["--fault-busy-share", "0.1", "--fault-seed", "11"],
    ) as running:
        yield running


def test_drain_through_resets_and_busy_answers(busy_server: LiveServer, tmp_path: Path) -> None:
    volunteer = busy_server.create_user(role="volunteer")
    official = busy_server.create_user(role="officer", ward=volunteer.ward)
    laptop = Laptop.open(tmp_path / "laptop", busy_server, volunteer)
    rng = random.Random(5)
    data, slots = birth_example()
    expected_files: dict[str, bytes] = {}
    total_attachments = 0
    for n in range(DOSSIERS):
        view = laptop.dossiers.create_draft(BIRTH, data=data)
        laptop.dossiers.record_consent(view.id, help_accepted=True, processing_accepted=True)
        count = rng.randint(1, 3) if n % 3 == 0 else 1
        for k in range(count):
            size = rng.randint(140_000, 160_000) if n % 3 == 0 else 2_000
            scan = random_bytes_file(tmp_path / f"{n}-{k}.pdf", size, seed=n * 7 + k)
            info = laptop.dossiers.attach(view.id, slots[0], scan)
            expected_files[info.sha256] = scan.read_bytes()
            total_attachments += 1
        laptop.dossiers.finalize(view.id)

    host, port = busy_server.url.removeprefix("http://").split(":")
    passes = failures = 0
    with FaultProxy(
        (host, int(port)), reset_probability=0.2, reset_after_max=400_000, seed=3
    ) as proxy:
        client = laptop.client(proxy.url, timeout=(2.0, 10.0))
        engine = SyncEngine(laptop.store, client, laptop.files)
        drained = False
        while not drained and passes < 2000:
            passes += 1
            try:
                drained = engine.run_pass().drained
            except errors.SyncError as exc:
                assert exc.retryable, exc
                failures += 1
        resets = proxy.stats.resets
    assert drained, f"not drained after {passes} passes"
    assert failures > 10 and resets > 5, "the faults must really have happened"

    with busy_server.client(busy_server.login(official)) as http:

        def fetch(url: str) -> httpx.Response:
            for _ in range(50):  # the server keeps injecting 503/429 for reads too
                response = http.get(url)
                if response.status_code not in (429, 503):
                    return response
            raise AssertionError(f"{url} stayed busy")

        queue = fetch("/api/v1/officer/dossiers?limit=500").json()["data"]
        with laptop.store.read() as session:
            local_ids = set(session.exec(select(Dossier.id)))
        assert len(queue) == DOSSIERS
        assert {d["dossier_id"] for d in queue} == local_ids
        assert all(d["rev"] == 1 for d in queue)  # each applied exactly once
        seen = 0
        for d in queue:
            detail = fetch(f"/api/v1/officer/dossiers/{d['dossier_id']}").json()
            for att in detail["attachments"]:
                body = fetch(f"/api/v1/blobs/{att['sha256']}").content
                assert body == expected_files[att["sha256"]]
                seen += 1
        assert seen == total_attachments
    laptop.close()
