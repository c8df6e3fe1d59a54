"""The admin's laptop set-up page: a form, then the link as a QR code, text and download.

Officers get a refusal page and no menu entry; the form is CSRF-protected; a bad address or
number of days is shown on the page with what is expected; the page's link text downloads the
file it names.
"""

from __future__ import annotations

import hashlib
import html
import re

from helper_app.provisioning.link import parse_link
from tests.helper_server.console.desk import csrf_of, sign_in
from tests.helpers.app_server import AppServer

LINK_TEXT = re.compile(r'<textarea id="link-text"[^>]*>([^<]+)</textarea>')


def test_admin_makes_a_qr_code_that_downloads_the_file(server: AppServer) -> None:
    admin = server.create_user(role="admin")
    desk = sign_in(server, admin)
    queue = desk.get("/console/dossiers").text
    assert 'href="/console/provisioning"' in queue and "Cấu hình máy" in queue
    form = desk.get("/console/provisioning")
    assert form.status_code == 200
    assert f'value="{server.url}"' in form.text, "the address defaults to the console's own"
    assert 'id="http-warning"' in form.text, "a plain http:// address is said to be a test"

    page = desk.post(
        "/console/provisioning",
        data={"csrf": csrf_of(form.text), "server_url": server.url, "days": "2"},
    )
    assert page.status_code == 200, page.text
    assert page.text.count("<svg") == 1 and "<path" in page.text
    match = LINK_TEXT.search(page.text)
    assert match
    link = parse_link(html.unescape(match.group(1)))
    assert link.fingerprint in page.text
    assert f'href="{link.url}"' in page.text  # the same file for a USB stick
    served = server.browser().get(link.url)
    assert hashlib.sha256(served.content).hexdigest() == link.sha256
    english = desk.get("/console/provisioning?lang=en").text
    assert "Set up a volunteer&#39;s laptop" in english
    desk.close()


def test_bad_input_is_shown_with_what_is_expected(server: AppServer) -> None:
    admin = server.create_user(role="admin")
    desk = sign_in(server, admin)
    csrf = csrf_of(desk.get("/console/provisioning").text)
    for data, expected in (
        ({"server_url": "helper.ward.example", "days": "7"}, "phải bắt đầu bằng https://"),
        ({"server_url": server.url, "days": "0"}, "từ 1 đến 365"),
        ({"server_url": server.url, "days": "bảy"}, "từ 1 đến 365"),
        ({"server_url": "", "days": ""}, "phải bắt đầu bằng https://"),
        ({"server_url": "https://ward.example/#x", "days": "7"}, "không có dấu cách, ? hay #"),
    ):
        page = desk.post("/console/provisioning", data={"csrf": csrf, **data})
        assert page.status_code == 422, data
        assert expected in page.text and "<svg" not in page.text
        assert html.escape(data["server_url"]) in page.text, "what was typed stays in the box"
    forged = desk.post("/console/provisioning", data={"server_url": server.url, "days": "7"})
    assert forged.status_code == 403 and "<svg" not in forged.text
    desk.close()


def test_officers_cannot_make_codes(server: AppServer) -> None:
    officer = server.create_user(role="officer")
    desk = sign_in(server, officer)
    assert 'href="/console/provisioning"' not in desk.get("/console/dossiers").text
    page = desk.get("/console/provisioning")
    assert page.status_code == 403 and "Chỉ dành cho quản trị viên" in page.text
    csrf = csrf_of(desk.get("/console/dossiers").text)
    made = desk.post(
        "/console/provisioning", data={"csrf": csrf, "server_url": server.url, "days": "7"}
    )
    assert made.status_code == 403 and "<svg" not in made.text
    desk.close()
