"""The local history names the signed-in volunteer, not the operating-system user (issue 14 #3).

It showed "root" (the OS account of a shared laptop) for every action. Real window, real server,
real keyring: the volunteer signs in, makes and edits a draft; the history's actor is their
account. A window started again on the same laptop names them from the start.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from helper_app.ui.app import UiRuntime
from helper_app.ui.dossiers.queries import history
from helper_app.ui.services import default_actor
from tests.helpers.live_server import LiveServer
from tests.helpers.sync_world import VolunteerWard
from tests.helpers.ui import sign_in_and_sync, wait_idle

pytestmark = pytest.mark.gui


def _actors(runtime: UiRuntime, dossier_id: str) -> set[str]:
    return {entry.actor for entry in history(runtime.services.store, dossier_id)}


def test_the_history_names_the_signed_in_volunteer(
    app_factory: Callable[[], UiRuntime], server: LiveServer, ward: VolunteerWard, qtbot: Any
) -> None:
    runtime = app_factory()
    volunteer = ward.volunteer.username
    assert volunteer != default_actor()
    sign_in_and_sync(runtime, qtbot, server.url, ward.volunteer)
    draft = runtime.services.dossiers.create_draft("birth_registration")
    runtime.services.dossiers.update_fields(draft.id, {"child_full_name": "Trần Minh Khôi"})
    assert _actors(runtime, draft.id) == {volunteer}
    wait_idle(qtbot, runtime)
    runtime.shutdown()

    again = app_factory()  # the same laptop, the app started again
    assert again.sync is not None
    qtbot.waitUntil(lambda: again.sync is not None and again.sync.signed_in, timeout=15000)
    second = again.services.dossiers.create_draft("death_registration")
    assert _actors(again, second.id) == {volunteer}
    wait_idle(qtbot, again)
