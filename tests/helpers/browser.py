"""The officer console in a real browser: Debian's Chromium driven by Playwright.

Import the fixtures into a conftest or a module (``from tests.helpers.browser import browser,
page``) and mark the module with :data:`needs_chromium`. :func:`sign_in` signs in on the
console's page; :func:`save_shot` keeps a full-page screenshot (and copies it to
``$HELPER_SCREENSHOTS_DIR`` when set: how docs/screenshots/console_*.png are made).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.live_server import LiveServer, TestUser

# In CI a missing browser or driver must fail the run, not skip it quietly.
IN_CI = bool(os.environ.get("CI"))
if IN_CI:
    import playwright.sync_api as sync_api
else:
    sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

needs_chromium = pytest.mark.skipif(
    not IN_CI and not CHROMIUM.exists(),
    reason="needs Debian's chromium (apt-get install chromium)",
)
"""Put on a module's ``pytestmark``: without Chromium it skips locally and fails in CI."""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def sign_in(page: Any, server: LiveServer, user: TestUser) -> None:
    page.goto(f"{server.url}/console/login")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", user.password)
    page.click("button[type=submit].primary")


def save_shot(page: Any, tmp: Path, name: str) -> None:
    target = tmp / name
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000
    wanted = os.environ.get("HELPER_SCREENSHOTS_DIR")
    if wanted:
        shutil.copy(target, Path(wanted) / name)
