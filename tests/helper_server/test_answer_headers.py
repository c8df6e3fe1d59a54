"""Answers carrying personal data are not cached or sniffed, the API pages that load script
from a public CDN are off by default, and the access log keeps no search terms (issue 12
item 8), against real server processes."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import httpx
import pytest

from tests.helper_server.console.desk import sign_in
from tests.helper_server.world import make_ward, mutation, push, upload
from tests.helpers.live_server import LiveServer, live_server

LIVE_SERVER = True
"""A threat test of docs/security.md: against a real server process."""


@pytest.fixture(scope="module")
def logged(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server with the access log on and the API pages turned on."""
    with live_server(
        tmp_path_factory.mktemp("logged"), args=["--access-log", "--api-docs"]
    ) as running:
        yield running


def test_personal_answers_say_no_store_and_nosniff(server: LiveServer) -> None:
    ward = make_ward(server)
    m = mutation(attachments=[upload(ward.vol, uuid.uuid4().bytes * 10)])
    [result] = push(ward.vol, m)
    assert result["outcome"] == "applied"
    answers = [
        ward.vol.get(f"/api/v1/dossiers/{m['dossier_id']}"),
        ward.vol.get("/api/v1/sync/changes", params={"since": 0}),
        ward.off.get("/api/v1/officer/dossiers"),
        ward.vol.get(f"/api/v1/dossiers/{uuid.uuid4()}"),  # a 404 too
        ward.vol.get("/api/v1/auth/me"),
    ]
    for answer in answers:
        assert answer.headers["cache-control"] == "no-store", answer.request.url
        assert answer.headers["x-content-type-options"] == "nosniff", answer.request.url
    static = server.browser().get("/console/static/console.css")
    assert static.status_code == 200
    assert static.headers["x-content-type-options"] == "nosniff"
    assert static.headers.get("cache-control") != "no-store", "style sheets may be cached"
    ward.close()


def test_api_pages_are_off_by_default(server: LiveServer, logged: LiveServer) -> None:
    for path in ("/docs", "/redoc"):
        assert server.browser().get(path).status_code == 404
        assert httpx.get(f"{logged.url}{path}", timeout=30).status_code == 200
    assert server.browser().get("/openapi.json").status_code == 200


def test_console_search_terms_stay_out_of_the_access_log(logged: LiveServer) -> None:
    officer = logged.create_user(role="officer")
    desk = sign_in(logged, officer)
    term = "Nguyễn Thị Bí Mật 012345678901"
    page = desk.get("/console/dossiers", params={"q": term})
    assert page.status_code == 200
    desk.close()
    deadline = time.monotonic() + 10
    while "/console/dossiers" not in logged.log_tail(400):
        assert time.monotonic() < deadline, "the access log shows no request at all"
        time.sleep(0.2)
    log = logged.log_tail(400)
    assert "GET /console/dossiers HTTP" in log
    for secret in ("012345678901", "Nguy", "B%C3%AD", "q="):
        assert secret not in log, f"the access log kept {secret!r}"
