"""The desktop app when the ward cuts this laptop off (issue 12 item 5), against a real server.

The admin revokes the laptop's token while two dossiers wait; the next pass is answered 401
``auth.signed_out_by_ward``; the window says in Vietnamese that the ward signed the laptop out
and to contact the staff (not "the session expired"); the queue is intact and the store is
still encrypted on disk; signed in again, the same two dossiers go out.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from sqlalchemy import text

from helper_app.forms import Catalog
from helper_app.ui.app import UiRuntime
from helper_server.accounts import require_user, revoke_by_admin
from tests.helpers.live_server import LiveServer
from tests.helpers.sync_world import VolunteerWard


def _outbox(runtime: UiRuntime) -> list[tuple[Any, ...]]:
    """Every entry still to send, as stored (what to send; the attempt bookkeeping may move)."""
    query = (
        "SELECT seq, op_id, dossier_id, kind, base_rev, payload FROM outbox "
        "WHERE state IN ('pending', 'in_flight') ORDER BY seq"
    )
    with runtime.services.store.read() as session:
        rows = session.execute(text(query)).all()
    return [tuple(row) for row in rows]


MESSAGE = "Phường/xã đã đăng xuất máy này. Hãy liên hệ cán bộ để đăng nhập lại."


def test_revoked_laptop_says_the_ward_signed_it_out_and_keeps_its_queue(
    app_factory: Callable[[], UiRuntime], server: LiveServer, ward: VolunteerWard, qtbot: Any
) -> None:
    runtime = app_factory()
    sync = runtime.sync
    assert sync is not None
    user = ward.volunteer
    with qtbot.waitSignal(sync.pass_finished, timeout=30000):
        sync.sign_in(server.url, user.username, user.password)
    with server.db.write() as session:
        revoke_by_admin(session, user=require_user(session, username=user.username), actor_id=None)

    service = runtime.services.dossiers
    data = copy.deepcopy(dict(Catalog.bundled().get("vneid_level2_precheck").examples[0].data))
    for _ in range(2):
        draft = service.create_draft("vneid_level2_precheck", data=data)
        service.record_consent(draft.id, help_accepted=True, processing_accepted=True)
        service.finalize(draft.id)
    qtbot.waitUntil(lambda: not runtime.tasks.busy, timeout=10000)
    before = _outbox(runtime)
    assert len(before) >= 2
    with qtbot.waitSignal(sync.session_expired, timeout=30000):
        sync.sync_now()

    banner = runtime.window.banner
    assert banner.isVisible()
    assert MESSAGE in banner.text()
    assert "hết hạn" not in banner.text()
    runtime.window.refresh_status()
    qtbot.waitUntil(
        lambda: runtime.window.status.waiting.text() == "2 hồ sơ đang chờ gửi", timeout=10000
    )
    assert _outbox(runtime) == before, "nothing deleted or changed in the queue"
    database = runtime.services.paths.database
    assert database.stat().st_size > 0
    assert not database.read_bytes()[:16].startswith(b"SQLite format 3"), "still encrypted"

    # The ward's staff sign the laptop in again: the same queue goes out.
    with qtbot.waitSignal(sync.pass_finished, timeout=60000) as finished:
        sync.sign_in(server.url, user.username, user.password)
    qtbot.waitUntil(lambda: not banner.isVisible() or MESSAGE not in banner.text(), timeout=5000)
    result = finished.args[0]
    assert result.pushed == 2 and result.drained
