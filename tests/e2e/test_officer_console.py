"""The officer console in a real browser (Debian's Chromium driven by Playwright) against a real
server, with a volunteer's laptop (real store and sync engine) on the other side.

The whole trip: the volunteer finalizes and syncs; the official signs in, finds the dossier by
the resident's name typed without accents, requests a supplement with a checklist; the laptop
receives it and resubmits; the official receives the dossier and both sides show the same
receipt code. Also: a tampered anti-forgery token, another ward's official, a volunteer account.

Screenshots of the queue and of a dossier page are written to the test's temp directory, and
copied to ``$HELPER_SCREENSHOTS_DIR`` when set (how docs/screenshots/console_*.png are made).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

from helper_app.sync.lifecycle import DossierStatus
from tests.helpers.browser import needs_chromium, save_shot, sign_in
from tests.helpers.live_server import LiveServer
from tests.helpers.sync_world import BIRTH, Laptop, birth_example, random_bytes_file

pytestmark = needs_chromium


def scan_png(width: int = 420, height: int = 300) -> bytes:
    """A small grey "scanned form" PNG (lines of text-like bars), made without any library."""
    rows = []
    for y in range(height):
        line = bytearray([0])
        inked = 10 <= y % 28 < 16
        for x in range(width):
            ink = inked and 30 < x < width - 30 - (y * 7 % 120)
            line += bytes([70, 70, 80] if ink else [250, 250, 246])
        rows.append(bytes(line))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def volunteer_dossier(laptop: Laptop, tmp: Path) -> str:
    """A finalized birth registration with a photographed certificate and a PDF."""
    data, slots = birth_example()
    view = laptop.dossiers.create_draft(BIRTH, data=data)
    laptop.dossiers.record_consent(view.id, help_accepted=True, processing_accepted=True)
    scan = tmp / "giay-chung-sinh.png"
    scan.write_bytes(scan_png())
    laptop.dossiers.attach(view.id, slots[0], scan)
    laptop.dossiers.attach(view.id, "requester_id", random_bytes_file(tmp / "cccd.pdf", 4000, 7))
    laptop.dossiers.finalize(view.id)
    return view.id


def test_supplement_round_trip_and_receipt_code_on_both_sides(
    server: LiveServer, page: Any, tmp_path: Path
) -> None:
    official = server.create_user(role="officer")
    volunteer = server.create_user(role="volunteer", ward=official.ward)
    laptop = Laptop.open(tmp_path / "laptop", server, volunteer)
    try:
        for name in ("NGUYỄN THỊ HOA", "LÊ HOÀNG NAM", "PHẠM ĐỨC ANH"):  # neighbours in the queue
            laptop.new_birth_dossier(tmp_path, child_full_name=name)
        dossier_id = volunteer_dossier(laptop, tmp_path)
        assert laptop.sync().applied == 4

        sign_in(page, server, official)
        page.wait_for_url("**/console/dossiers")
        assert page.locator("table.queue tbody tr").count() == 4
        page.fill("input[name=q]", "tran minh khoi")  # typed without accents
        page.click("form.filters button[type=submit]")
        rows = page.locator("table.queue tbody tr")
        assert rows.count() == 1
        assert "TRẦN MINH KHÔI" in rows.first.inner_text()
        page.fill("input[name=q]", "")
        page.click("form.filters button[type=submit]")
        save_shot(page, tmp_path, "console_queue.png")

        page.goto(f"{server.url}/console/dossiers/{dossier_id}")
        assert page.inner_text("#status") == "Chờ tiếp nhận"
        assert "Họ, chữ đệm, tên" in page.inner_text(
            ".data"
        ) or "TRẦN MINH KHÔI" in page.inner_text(".data")
        image = page.locator("#attachments img")
        assert image.count() == 1
        width = image.evaluate("el => el.decode().then(() => el.naturalWidth)")
        assert width == 420
        assert page.locator("#attachments a[download]").count() == 1  # the PDF
        save_shot(page, tmp_path, "console_dossier.png")

        page.click("#supplement summary")
        page.fill("#supplement textarea[name=message]", "Bổ sung nơi sinh ghi đầy đủ")
        page.check("#supplement input[value=child_birthplace]")
        page.click("#do-supplement")
        page.wait_for_selector(".flash")
        assert page.inner_text("#status") == "Chờ bổ sung"

        laptop.sync()
        local = laptop.dossiers.get(dossier_id)
        assert local.status is DossierStatus.SUPPLEMENT_REQUESTED
        assert local.last_message == "Bổ sung nơi sinh ghi đầy đủ"
        assert local.official_checklist == ("child_birthplace",)
        laptop.dossiers.update_fields(
            dossier_id, {"child_birthplace": "Bệnh viện Sản - Nhi tỉnh Bắc Ninh, khoa Sản 2"}
        )
        laptop.dossiers.finalize(dossier_id)
        assert laptop.sync().applied == 1

        page.reload()
        assert page.inner_text("#status") == "Chờ tiếp nhận"
        assert "khoa Sản 2" in page.inner_text("[data-field=child_birthplace]")
        page.click("#do-receive")
        page.wait_for_selector(".flash")
        receipt = page.inner_text("#receipt-code").strip()
        assert receipt.startswith(f"{official.ward}-")
        assert receipt in page.inner_text(".flash")
        history = page.inner_text("#history")
        assert "Yêu cầu bổ sung" in history and "Tiếp nhận" in history

        laptop.sync()
        local = laptop.dossiers.get(dossier_id)
        assert local.status is DossierStatus.RECEIVED
        assert local.receipt_code == receipt
    finally:
        laptop.close()


def test_tampered_csrf_token_is_refused(server: LiveServer, page: Any, tmp_path: Path) -> None:
    official = server.create_user(role="officer")
    volunteer = server.create_user(role="volunteer", ward=official.ward)
    laptop = Laptop.open(tmp_path / "laptop", server, volunteer)
    try:
        dossier_id = laptop.new_birth_dossier(tmp_path)
        laptop.sync()
    finally:
        laptop.close()
    sign_in(page, server, official)
    page.goto(f"{server.url}/console/dossiers/{dossier_id}")
    page.evaluate("document.querySelectorAll('input[name=csrf]').forEach(i => i.value = 'forged')")
    page.click("#do-receive")
    assert "Yêu cầu bị từ chối" in page.inner_text("h1")
    page.goto(f"{server.url}/console/dossiers/{dossier_id}")
    assert page.inner_text("#status") == "Chờ tiếp nhận"


def test_other_ward_sees_nothing_and_volunteer_is_refused(
    server: LiveServer, page: Any, tmp_path: Path
) -> None:
    volunteer = server.create_user(role="volunteer")
    stranger = server.create_user(role="officer")  # another ward
    laptop = Laptop.open(tmp_path / "laptop", server, volunteer)
    try:
        dossier_id = volunteer_dossier(laptop, tmp_path)
        laptop.sync()
        sha = laptop.dossiers.get(dossier_id).attachments[0].sha256
    finally:
        laptop.close()
    sign_in(page, server, stranger)
    page.wait_for_url("**/console/dossiers")
    assert page.locator("table.queue tbody tr").count() == 0
    answer = page.goto(f"{server.url}/console/dossiers/{dossier_id}")
    assert answer.status == 404 and "Không tìm thấy" in page.inner_text("h1")
    answer = page.goto(f"{server.url}/console/dossiers/{dossier_id}/files/{sha}")
    assert answer.status == 404
    page.click("button.link")  # sign out

    sign_in(page, server, volunteer)
    assert "Tài khoản tình nguyện viên không dùng được" in page.inner_text("#refused")
    assert not [c for c in page.context.cookies() if c["name"] == "helper_console"]
    answer = page.goto(f"{server.url}/console/dossiers")
    assert page.url.endswith("/console/login")


def test_admin_shows_a_qr_code_that_a_laptop_reads_off_the_screen(
    server: LiveServer, page: Any, tmp_path: Path, qapp: Any
) -> None:
    """The provisioning QR code as Chromium draws it, captured and decoded, sets a laptop up."""
    from helper_app.config import resolve_paths
    from helper_app.provisioning.apply import current_pin
    from helper_app.provisioning.fetch import provision_from_link
    from helper_app.ui.qr_image import qr_texts_in_image

    admin = server.create_user(role="admin", ward="09193")
    sign_in(page, server, admin)
    page.wait_for_url("**/console/dossiers")
    page.click("text=Cấu hình máy")
    page.wait_for_url("**/console/provisioning")
    assert page.input_value("#server_url") == server.url
    page.fill("#days", "3")
    page.click("#make-link button[type=submit]")
    page.wait_for_selector("#link .qr svg")
    fingerprint = page.inner_text("#fingerprint")
    save_shot(page, tmp_path, "console_provisioning.png")
    capture = tmp_path / "qr-on-screen.png"
    page.locator("#link .qr").screenshot(path=str(capture))

    texts = qr_texts_in_image(capture)
    assert texts == [page.input_value("#link-text")]
    paths = resolve_paths(tmp_path / "new-laptop")
    verified, pin = provision_from_link(texts[0], paths)
    assert pin is not None and pin.fingerprint == fingerprint and pin.ward_code == "09193"
    assert verified.payload.server_url == server.url
    assert current_pin(paths) == pin
