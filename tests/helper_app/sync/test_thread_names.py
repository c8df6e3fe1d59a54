"""Every thread the sync engine starts is named ``helper-*``, so the leaked-thread check sees it.

The check (``tests/helpers/threads.py``) looks for ``helper-*`` names; the scheduler used to be
``sync-scheduler`` and the upload pool had the executor's default names, so a test that left
either running passed. Here a real scheduler runs a real pass with uploads against a real
server, and every thread started meanwhile is recorded as ``Thread.start`` sees it.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from helper_app.sync.engine import PassResult
from helper_app.sync.scheduler import SyncScheduler
from tests.helpers.sync_world import Laptop
from tests.helpers.threads import PREFIX


def test_the_scheduler_and_the_upload_pool_are_named_helper(
    laptop: Laptop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop.new_birth_dossier(tmp_path)
    started: list[str] = []
    real_start = threading.Thread.start

    def recording_start(thread: threading.Thread) -> None:
        started.append(thread.name)
        real_start(thread)

    monkeypatch.setattr(threading.Thread, "start", recording_start)
    done = threading.Event()
    results: list[PassResult] = []

    def run_pass() -> PassResult:
        result = laptop.sync()
        results.append(result)
        done.set()
        return result

    scheduler = SyncScheduler(run_pass, interval=3600)
    scheduler.start()
    try:
        assert done.wait(60)
    finally:
        scheduler.stop()
    assert results[0].uploaded_blobs > 0  # the upload pool did run
    assert started, "no thread was started"
    assert [name for name in started if not name.startswith(PREFIX)] == []
    assert any(name.startswith(f"{PREFIX}upload") for name in started)
    assert f"{PREFIX}sync-scheduler" in started
