"""The console's header names the official's ward, not only its code (issue 14 #7)."""

from __future__ import annotations

import re

from tests.helper_server.console.desk import sign_in
from tests.helpers.app_server import AppServer

WHO = re.compile(r'<span class="who">([^<]*)</span>')


def test_the_header_names_the_ward(server: AppServer) -> None:
    official = server.create_user(role="officer", ward="07627")
    page = sign_in(server, official).get("/console/dossiers")
    [who] = WHO.findall(page.text)
    assert who == f"{official.username} · Phường/xã Xã Đại Sơn (07627)"


def test_a_ward_the_directory_does_not_know_shows_its_code(server: AppServer) -> None:
    official = server.create_user(role="officer", ward="w-test-1")
    page = sign_in(server, official).get("/console/dossiers")
    [who] = WHO.findall(page.text)
    assert who.endswith("Phường/xã w-test-1")
