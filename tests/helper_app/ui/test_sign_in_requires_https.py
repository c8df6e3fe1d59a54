"""The sign-in dialog refuses plain http to another machine (issue 12 item 7), with real widgets.

The volunteer types the address, the user name and the password and clicks OK: the dialog says
in the interface language that the ward's server must use https://, puts the cursor back in
the address box, and nothing reaches the address (a real listener on this machine's LAN address
counts connections). A provisioning file pointing to such an address is refused the same way.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from helper_app.forms import Catalog, UnitDirectory
from helper_app.forms.catalog import definition_from_object
from helper_app.provisioning.apply import current_pin
from helper_app.ui.app import UiRuntime
from helper_app.ui.qt import QDialogButtonBox, Qt
from helper_app.ui.sign_in import SignInDialog
from helper_server.provisioning import build_file
from tests.helper_server.world import PERMIT
from tests.helpers.lan_listener import Listener, lan_listener  # noqa: F401 - fixture
from tests.helpers.ui import wait_idle
from tests.helpers.vn_typing import type_text

pytestmark = pytest.mark.gui


def _dialog(ui: UiRuntime) -> SignInDialog:
    dialog = ui.window.show_sign_in()
    assert dialog is not None
    return dialog


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", "Máy chủ của phường/xã phải dùng https://"),
        ("en", "The ward's server must use https://"),
    ],
    ids=["vi", "en"],
)
def test_plain_http_to_another_machine_is_refused_before_sending(
    ui_factory: Callable[..., UiRuntime],
    qtbot: Any,
    lan_listener: Listener | None,  # noqa: F811
    language: str,
    expected: str,
) -> None:
    ui = ui_factory(language)
    url = lan_listener.url if lan_listener else "http://192.0.2.10:8000"
    dialog = _dialog(ui)
    type_text(dialog.server, url)
    type_text(dialog.username, "tnv01")
    type_text(dialog.password, "mat-khau-rat-dai-2026")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    wait_idle(qtbot, ui)
    assert expected in dialog.message.text()
    assert dialog.isVisible() and dialog.buttons.isEnabled()
    assert dialog.focusWidget() is dialog.server
    assert ui.sync is not None and not ui.sync.signed_in
    if lan_listener is not None:
        assert lan_listener.accepted == 0, "the dialog connected to the plain-http address"
    dialog.reject()


def test_a_provisioning_file_with_a_plain_http_server_is_refused(
    ui: UiRuntime, qtbot: Any, tmp_path: Path
) -> None:
    document = build_file(
        key=Ed25519PrivateKey.generate(),
        ward_code="09193",
        ward_name="Phường Kinh Bắc",
        server_url="http://192.168.1.20:8000",
        catalog=Catalog([definition_from_object(PERMIT)]),
        units=UnitDirectory.bundled(),
        days=30,
        now=dt.datetime.now(dt.UTC),
    )
    path = tmp_path / "ward-09193.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    dialog = _dialog(ui)
    dialog.import_file(path)
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=10000)
    wait_idle(qtbot, ui)
    assert "phải dùng https://" in dialog.message.text()
    assert "http://192.168.1.20:8000" in dialog.message.text()
    assert dialog.server.text() == ""
    assert current_pin(ui.services.paths) is None, "nothing applied"
    assert "test_permit" not in ui.services.catalog
    dialog.reject()
