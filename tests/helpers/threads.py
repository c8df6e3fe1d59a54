"""The leaked-thread check shared by the UI, e2e and sync tests.

Every thread the app or the engine starts is named ``helper-*`` (the task runner's pools, the
sync scheduler, the upload pool, the demo's start-up); :func:`assert_no_helper_threads` fails a
test that leaves one alive. A thread that is stopping may take a moment to end, so it waits a
little before it fails. A test of its own (``tests/helper_app/sync/test_thread_names.py``)
checks the names, so an unnamed pool cannot slip past this check.
"""

from __future__ import annotations

import threading
import time

PREFIX = "helper-"


def helper_threads() -> list[str]:
    """The names of the live threads the app or the engine started."""
    return sorted(
        t.name for t in threading.enumerate() if t.name.startswith(PREFIX) and t.is_alive()
    )


def assert_no_helper_threads(grace: float = 2.0) -> None:
    """Fail when a ``helper-*`` thread is still alive ``grace`` seconds from now."""
    deadline = time.monotonic() + grace
    left = helper_threads()
    while left and time.monotonic() < deadline:
        time.sleep(0.02)
        left = helper_threads()
    assert left == [], f"threads outlived the test: {left}"
