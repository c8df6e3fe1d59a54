"""The admin defines a help-point team in a real browser (Debian's Chromium driven by Playwright).

Two volunteers work one help point. Before the team, the second one cannot read the first
one's dossier (404, as if it did not exist). The admin creates the team on the accounts page,
puts both in it, shares the first volunteer's older dossier with the team, and from then on the
second volunteer reads it; a duplicate team name is refused naming the field; taking the second
volunteer out of the team ends the sharing. Issue 12 item 2.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helper_server.world import mutation, push, upload, write_forms
from tests.helpers.browser import needs_chromium, save_shot, sign_in
from tests.helpers.live_server import LiveServer, live_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    forms = write_forms(tmp_path_factory.mktemp("forms"))
    with live_server(tmp_path_factory.mktemp("teams-e2e"), forms_dir=forms) as running:
        yield running


pytestmark = needs_chromium


def _choose_team(tab: Any, username: str, team: str) -> None:
    row = tab.locator(f"#acct-{username}")
    row.locator("select[name=team_id]").select_option(label=team)
    row.locator("button", has_text="Đổi tổ").click()
    tab.wait_for_url("**/console/accounts?ok=set_team")


def test_admin_makes_a_help_point_team_that_shares_dossiers(
    server: LiveServer,
    page: Any,
    tmp_path: Path,
) -> None:
    admin = server.create_user(role="admin")
    first = server.create_user(role="volunteer", ward=admin.ward)
    second = server.create_user(role="volunteer", ward=admin.ward)
    with server.client(server.login(first)) as one, server.client(server.login(second)) as two:
        m = mutation(attachments=[upload(one, b"scan of the birth notice " * 40)])
        [result] = push(one, m)
        assert result["outcome"] == "applied", result
        path = f"/api/v1/dossiers/{m['dossier_id']}"
        assert two.get(path).status_code == 404

        sign_in(page, server, admin)
        page.click("text=Tài khoản và máy")
        page.wait_for_url("**/console/accounts")
        assert page.locator("#no-teams").inner_text() == "Phường chưa có tổ nào."
        page.fill("#team-name", "Nhà văn hoá tổ 5")
        page.click("#create-team button")
        page.wait_for_url("**/console/accounts?ok=create_team")
        assert page.locator("#acct-flash").inner_text() == "Đã tạo tổ."
        _choose_team(page, first.username, "Nhà văn hoá tổ 5")
        _choose_team(page, second.username, "Nhà văn hoá tổ 5")
        members = page.locator("#teams tr.team-row").inner_text()
        assert first.username in members and second.username in members
        assert two.get(path).status_code == 404, "submitted before the team: still private"

        page.locator(f"#acct-{first.username}").locator("button", has_text="Chia sẻ").click()
        page.wait_for_url("**/console/accounts?ok=adopt")
        shared = two.get(path)
        assert shared.status_code == 200 and shared.json()["dossier_id"] == m["dossier_id"]
        save_shot(page, tmp_path, "console_teams.png")

        page.fill("#team-name", "  Nhà văn hoá   tổ 5 ")
        page.click("#create-team button")
        error = page.locator("#acct-error").inner_text()
        assert "team_name" in error and "đã có tổ tên này" in error

        _choose_team(page, second.username, "Không thuộc tổ nào")
        assert two.get(path).status_code == 404, "out of the team: out of its dossiers"
        assert page.locator(f"#acct-{admin.username} select").count() == 0
