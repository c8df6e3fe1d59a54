"""Helpers of the console tests: a browser-like HTTP client signed in to the console."""

from __future__ import annotations

import re

import httpx

from tests.helpers.app_server import AppServer
from tests.helpers.live_server import LiveServer, TestUser

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    """The anti-forgery token of the first form on a page."""
    match = CSRF.search(html)
    assert match, "no csrf field on the page"
    return match.group(1)


def console_client(server: LiveServer | AppServer) -> httpx.Client:
    """A cookie-keeping client that does not follow redirects (tests look at them)."""
    return server.browser()


def sign_in(server: LiveServer | AppServer, user: TestUser) -> httpx.Client:
    """A client signed in to the console as ``user`` (asserts the redirect to the queue)."""
    client = console_client(server)
    page = client.get("/console/login")
    answer = client.post(
        "/console/login",
        data={"username": user.username, "password": user.password, "csrf": csrf_of(page.text)},
    )
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/console/dossiers"
    return client
