"""First start from the console's QR code: photo of the code → link → downloaded file → set up.

The code is the one the real console page draws (inline SVG from a live server, made by an
admin). Qt's SVG renderer turns it into a picture the way a screen would show it, and the test
then "photographs" it: smaller, rotated, on a grey background, saved as JPEG. The volunteer
picks that picture in "Dùng mã QR của phường…", the text is decoded, the file is downloaded,
checked against the code and applied; the fingerprint shown is the console's. Pictures without
a code, with another code, or that are not pictures at all, each get a sentence and change
nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import segno
from PySide6.QtCore import QByteArray, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from helper_app.provisioning.apply import PIN_FILE, current_pin
from helper_app.ui.app import UiRuntime
from helper_app.ui.provisioning_link_dialog import ProvisioningLinkDialog
from helper_app.ui.qt import QDialog
from helper_app.ui.sign_in import SignInDialog
from tests.helper_server.console.desk import csrf_of, sign_in
from tests.helper_server.world import write_forms
from tests.helpers.live_server import LiveServer, live_server
from tests.helpers.ui import wait_idle

pytestmark = pytest.mark.gui

SVG = re.compile(r"<svg.*?</svg>", re.S)


@pytest.fixture(scope="module")
def console_qr(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, str, str]]:
    """A live server, and the SVG QR code + fingerprint its console showed an admin."""
    forms = write_forms(tmp_path_factory.mktemp("forms"))
    with live_server(tmp_path_factory.mktemp("srv"), forms_dir=forms) as server:
        admin = server.create_user(role="admin", ward="09193")
        desk = sign_in(server, admin)
        form = desk.get("/console/provisioning").text
        page = desk.post(
            "/console/provisioning",
            data={"csrf": csrf_of(form), "server_url": server.url, "days": "1"},
        ).text
        desk.close()
        svg = SVG.search(page)
        found = re.search(r'<code id="fingerprint">([^<]+)</code>', page)
        assert svg and found, page
        yield server, svg.group(0), found.group(1)


def photograph(svg: str, path: Path) -> Path:
    """The QR code as a phone would capture a screen: scaled, tilted 12°, off-centre, JPEG."""
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    assert renderer.isValid()
    photo = QImage(900, 700, QImage.Format.Format_RGB32)
    photo.fill(QColor("#c8c8c0"))
    painter = QPainter(photo)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.translate(QPointF(480, 330))
    painter.rotate(12)
    renderer.render(painter, QRectF(-230, -230, 460, 460))
    painter.end()
    assert photo.save(str(path), "JPG", 80)  # type: ignore[call-overload]  # as in tests/helpers/ui.py
    return path


def _sign_in_dialog(ui: UiRuntime) -> SignInDialog:
    dialog = ui.window.show_sign_in()
    assert dialog is not None
    return dialog


def _read(qtbot: Any, ui: UiRuntime, dialog: ProvisioningLinkDialog, picture: Path) -> None:
    dialog.read_image(picture)
    qtbot.waitUntil(dialog.image_button.isEnabled, timeout=10000)
    wait_idle(qtbot, ui)


def test_a_photo_of_the_console_code_sets_the_laptop_up(
    ui: UiRuntime, qtbot: Any, tmp_path: Path, console_qr: tuple[LiveServer, str, str]
) -> None:
    server, svg, console_fingerprint = console_qr
    sign_in_dialog = _sign_in_dialog(ui)
    assert sign_in_dialog.qr_button.isVisible()
    assert sign_in_dialog.server.text() == ""

    link_dialog = ProvisioningLinkDialog(ui.sync, "vi", sign_in_dialog)  # type: ignore[arg-type]
    _read(qtbot, ui, link_dialog, photograph(svg, tmp_path / "anh-chup.jpg"))
    assert link_dialog.message.text() == ""
    assert link_dialog.link_text().startswith("helper-provision:v1?url=")
    link_dialog.on_buttons_accepted()
    assert link_dialog.result() == QDialog.DialogCode.Accepted

    sign_in_dialog.use_link(link_dialog.link_text())
    qtbot.waitUntil(sign_in_dialog.buttons.isEnabled, timeout=20000)
    wait_idle(qtbot, ui)
    assert sign_in_dialog.message.text() == ""
    assert console_fingerprint in sign_in_dialog.provisioned.text()
    assert sign_in_dialog.server.text() == server.url
    assert not sign_in_dialog.qr_button.isVisible()
    pin = current_pin(ui.services.paths)
    assert pin is not None and pin.ward_code == "09193"
    assert "test_permit" in ui.services.catalog, "the catalog is usable at once, offline"
    sign_in_dialog.reject()


def test_pictures_that_cannot_be_used_say_why(ui: UiRuntime, qtbot: Any, tmp_path: Path) -> None:
    dialog = ProvisioningLinkDialog(ui.sync, "vi")  # type: ignore[arg-type]
    blank = QImage(400, 300, QImage.Format.Format_RGB32)
    blank.fill(Qt.GlobalColor.white)
    assert blank.save(str(tmp_path / "blank.png"))
    segno.make("https://dichvucong.gov.vn", error="m").save(str(tmp_path / "other.png"), scale=5)
    (tmp_path / "notes.png").write_text("không phải ảnh", encoding="utf-8")
    for name, expected in (
        ("blank.png", "Không tìm thấy mã QR trong ảnh"),
        ("other.png", "không phải mã cấu hình của Helper"),
        ("notes.png", "Không mở được tệp ảnh này"),
        ("missing.png", "Không mở được tệp ảnh này"),
    ):
        _read(qtbot, ui, dialog, tmp_path / name)
        assert expected in dialog.message.text(), name
        assert dialog.link_text() == ""
    dialog.text.setPlainText("https://example.org/cau-hinh.json")
    dialog.on_buttons_accepted()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "helper-provision:v1?" in dialog.message.text()
    assert not (ui.services.paths.data_dir / PIN_FILE).exists()


def test_a_refused_download_is_shown_and_changes_nothing(
    ui: UiRuntime, qtbot: Any, console_qr: tuple[LiveServer, str, str]
) -> None:
    server, _svg, fingerprint = console_qr
    gone = (
        "helper-provision:v1?url="
        + f"{server.url}/api/v1/provisioning/files/{'A' * 32}".replace(":", "%3A").replace(
            "/", "%2F"
        )
        + f"&sha256={'0' * 64}&fp={fingerprint}"
    )
    dialog = _sign_in_dialog(ui)
    dialog.use_link(gone)
    qtbot.waitUntil(dialog.buttons.isEnabled, timeout=20000)
    wait_idle(qtbot, ui)
    assert "hết hạn hoặc bị thu hồi" in dialog.message.text()
    assert dialog.qr_button.isVisible() and dialog.qr_button.isEnabled()
    assert current_pin(ui.services.paths) is None
    dialog.reject()
