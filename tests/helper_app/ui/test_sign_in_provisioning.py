"""First start with the ward's provisioning file, from the sign-in dialog.

Files are made by the server's own code (:func:`helper_server.provisioning.build_file`) with a
real Ed25519 key. On a laptop with no account and no provisioning, the dialog offers the import;
applying shows the key's fingerprint to compare and fills in the server address, the catalog
in use gains the file's procedures, and later dialogs pre-fill the pinned address. A refused
file says why in the interface language and changes nothing.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from helper_app.forms import Catalog, UnitDirectory
from helper_app.forms.catalog import definition_from_object
from helper_app.provisioning.apply import PIN_FILE, current_pin
from helper_app.provisioning.format import fingerprint
from helper_app.ui.app import UiRuntime
from helper_app.ui.sign_in import SignInDialog
from helper_server.provisioning import build_file, public_bytes
from tests.helper_server.world import PERMIT
from tests.helpers.ui import wait_idle

pytestmark = pytest.mark.gui

WARD = "09193"
SERVER = "https://helper.example.vn"


def _file(
    tmp_path: Path, key: Ed25519PrivateKey, *, issued: dt.datetime | None = None, days: int = 30
) -> Path:
    document = build_file(
        key=key,
        ward_code=WARD,
        ward_name="Phường Kinh Bắc",
        server_url=SERVER + "/",
        catalog=Catalog([definition_from_object(PERMIT)]),
        units=UnitDirectory.bundled(),
        days=days,
        now=issued or dt.datetime.now(dt.UTC),
    )
    path = tmp_path / "ward-09193.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _dialog(ui: UiRuntime) -> SignInDialog:
    dialog = ui.window.show_sign_in()
    assert dialog is not None
    return dialog


def _wait_answer(qtbot: Any, ui: UiRuntime, dialog: SignInDialog) -> None:
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=10000)
    wait_idle(qtbot, ui)


def test_import_applies_the_file_shows_the_fingerprint_and_fills_the_server(
    ui: UiRuntime, qtbot: Any, tmp_path: Path
) -> None:
    key = Ed25519PrivateKey.generate()
    dialog = _dialog(ui)
    assert dialog.import_button.isVisible()
    assert dialog.server.text() == ""
    assert "test_permit" not in ui.services.catalog

    dialog.import_file(_file(tmp_path, key))
    _wait_answer(qtbot, ui, dialog)

    assert dialog.message.text() == ""
    assert dialog.server.text() == SERVER
    assert not dialog.import_button.isVisible()
    shown = dialog.provisioned.text()
    assert fingerprint(public_bytes(key)) in shown
    assert "Phường Kinh Bắc (09193)" in shown and "so dấu vân tay" in shown
    pin = current_pin(ui.services.paths)
    assert pin is not None and pin.ward_code == WARD
    assert ui.services.catalog.get("test_permit").version == 1, "new drafts can use it offline"
    assert ui.services.dossiers.create_draft("test_permit").form_version == 1
    dialog.reject()

    again = _dialog(ui)
    assert again.server.text() == SERVER, "the pinned address is always pre-filled"
    assert not again.import_button.isVisible()
    again.reject()


@pytest.mark.parametrize(
    ("language", "expected"), [("vi", "hết hạn"), ("en", "expired on")], ids=["vi", "en"]
)
def test_expired_file_is_refused_in_the_interface_language(
    ui_factory: Callable[..., UiRuntime],
    qtbot: Any,
    tmp_path: Path,
    language: str,
    expected: str,
) -> None:
    ui = ui_factory(language)
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)
    dialog = _dialog(ui)
    if language == "en":
        assert dialog.import_button.text() == "Import the ward's provisioning file…"
    dialog.import_file(_file(tmp_path, Ed25519PrivateKey.generate(), issued=old, days=30))
    _wait_answer(qtbot, ui, dialog)
    assert expected in dialog.message.text()
    assert dialog.import_button.isVisible() and dialog.import_button.isEnabled()
    assert dialog.server.text() == "" and not dialog.provisioned.isVisible()
    assert not (ui.services.paths.data_dir / PIN_FILE).exists(), "nothing changed"
    assert "test_permit" not in ui.services.catalog
    dialog.reject()


def test_tampered_file_is_refused(ui: UiRuntime, qtbot: Any, tmp_path: Path) -> None:
    path = _file(tmp_path, Ed25519PrivateKey.generate())
    document = json.loads(path.read_text(encoding="utf-8"))
    payload = json.loads(base64.b64decode(document["payload_b64"]))
    payload["server_url"] = "https://attacker.example"
    document["payload_b64"] = base64.b64encode(json.dumps(payload).encode()).decode()
    path.write_text(json.dumps(document), encoding="utf-8")
    dialog = _dialog(ui)
    dialog.import_file(path)
    _wait_answer(qtbot, ui, dialog)
    assert "Chữ ký của tệp cấu hình không hợp lệ" in dialog.message.text()
    assert dialog.server.text() == ""
    assert current_pin(ui.services.paths) is None
    dialog.reject()


def test_not_a_provisioning_file_is_refused(ui: UiRuntime, qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "photo.json"
    path.write_bytes(b"\xff\xfe not json at all")
    dialog = _dialog(ui)
    dialog.import_file(path)
    _wait_answer(qtbot, ui, dialog)
    assert "không đúng cấu trúc" in dialog.message.text()
    assert current_pin(ui.services.paths) is None
    dialog.reject()


def test_a_new_laptop_says_where_to_start_until_it_is_set_up(
    ui: UiRuntime, qtbot: Any, tmp_path: Path
) -> None:
    ui.window.refresh_status()
    banner = ui.window.banner
    qtbot.waitUntil(lambda: "chưa được cấu hình cho phường" in banner.text(), timeout=5000)
    assert banner.isVisible()
    ui.window.on_banner_linkActivated("sign-in")
    dialog = ui.window.sign_in_dialog
    assert dialog is not None and dialog.import_button.isVisible() and dialog.qr_button.isVisible()
    dialog.import_file(_file(tmp_path, Ed25519PrivateKey.generate()))
    _wait_answer(qtbot, ui, dialog)
    dialog.reject()  # set up, not signed in yet
    assert "chưa được cấu hình" not in banner.text()


def test_no_import_offered_once_signed_in_before(ui: UiRuntime, qtbot: Any) -> None:
    assert ui.sync is not None
    ui.sync.account = {"server_url": "https://old.example.vn", "username": "tnv01"}
    dialog = _dialog(ui)
    assert not dialog.import_button.isVisible()
    assert dialog.server.text() == "https://old.example.vn"
    dialog.reject()
