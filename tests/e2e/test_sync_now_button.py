""" "Đồng bộ ngay" starts a pass at once, even while the retry backoff waits (issue 14 #4).

It did nothing while an open circuit waited (up to 600 s): after the network came back the
click was ignored and the pass started about 50 s later. Real window, real server and keyring;
the circuit is opened as repeated failures open it, then the volunteer clicks the button.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from helper_app.ui.app import UiRuntime
from helper_app.ui.qt import Qt
from tests.helpers.live_server import LiveServer
from tests.helpers.sync_world import VolunteerWard
from tests.helpers.ui import sign_in_and_sync

pytestmark = pytest.mark.gui


def test_the_button_starts_a_pass_within_a_second_during_a_backoff(
    app_factory: Callable[[], UiRuntime], server: LiveServer, ward: VolunteerWard, qtbot: Any
) -> None:
    runtime = app_factory()
    sync = sign_in_and_sync(runtime, qtbot, server.url, ward.volunteer)
    scheduler = sync._scheduler
    with scheduler._cond:  # as five failed passes in a row leave it: circuit open, long wait
        for _ in range(scheduler.breaker.threshold):
            scheduler.breaker.record_failure(retry_after=300)
    assert (scheduler.seconds_until_due() or 0) > 60
    button = runtime.window.status.sync_now
    qtbot.waitUntil(button.isEnabled, timeout=5000)  # the sign-in's pass is over on screen
    with qtbot.waitSignal(sync.pass_finished, timeout=1500):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert scheduler.breaker.consecutive_failures == 0
