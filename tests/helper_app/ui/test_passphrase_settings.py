"""Settings: changing the passphrase re-wraps the key (a wrong one changes nothing), and the
key can move to the OS keyring and back to a passphrase."""

from __future__ import annotations

from typing import Any

import pytest

from helper_app.security.storage import open_store
from helper_app.security.vault import Vault, WrongPassphrase
from helper_app.ui.app import UiRuntime
from helper_app.ui.security_settings import SecretDialog
from tests.helpers.keyring_service import secret_service
from tests.helpers.ui import PASSPHRASE, make_vault, wait_idle

pytestmark = pytest.mark.gui

NEW = "một mật khẩu mới rất dài"


def fill(dialog: SecretDialog | None, current: str = "", new: str = "") -> SecretDialog:
    assert dialog is not None
    if dialog.current is not None:
        dialog.current.setText(current)
    if dialog.first is not None and dialog.second is not None:
        dialog.first.setText(new)
        dialog.second.setText(new)
    return dialog


def submit(ui: UiRuntime, qtbot: Any, dialog: SecretDialog) -> str:
    box = ui.window.security
    with qtbot.waitSignal(box.message_shown, timeout=10000) as first:
        dialog.ok.click()
    if first.args[0] != "Đang xử lý…":
        return str(first.args[0])
    with qtbot.waitSignal(box.message_shown, timeout=10000) as second:
        pass
    return str(second.args[0])


def test_change_passphrase_from_settings(ui: UiRuntime, qtbot: Any) -> None:
    box = ui.window.security
    paths = ui.services.paths
    assert box.mode.text().startswith("Mật khẩu")
    assert box.change_passphrase.isVisibleTo(box) and not box.use_passphrase.isVisibleTo(box)
    vault_file = paths.data_dir / "helper.sqlite3.vault.json"
    before = vault_file.read_bytes()
    box.on_change_passphrase_clicked()
    said = submit(ui, qtbot, fill(box.dialog, "không đúng", NEW))
    assert said == "Sai mật khẩu. Dữ liệu không thay đổi."
    assert vault_file.read_bytes() == before
    box.on_change_passphrase_clicked()
    said = submit(ui, qtbot, fill(box.dialog, PASSPHRASE, NEW))
    assert said.startswith("Đã đổi mật khẩu.")
    with pytest.raises(WrongPassphrase):
        make_vault(paths).unlock(PASSPHRASE)
    assert make_vault(paths).unlock(NEW) == ui.services.storage.key
    wait_idle(qtbot, ui)


def test_switch_to_the_keyring_and_back(ui: UiRuntime, qtbot: Any) -> None:
    paths = ui.services.paths
    with secret_service() as keyring_session:
        vault = Vault(paths.database, backend=keyring_session.backend)
        ui.services.vault = vault
        box = ui.window.security
        box.on_use_keyring_clicked()
        said = submit(ui, qtbot, fill(box.dialog, PASSPHRASE))
        assert said == "Khoá dữ liệu giờ nằm trong kho khoá của hệ điều hành."
        assert vault.info().mode == "keyring"
        assert box.use_passphrase.isVisibleTo(box)
        assert vault.unlock() == ui.services.storage.key
        box.on_use_passphrase_clicked()
        said = submit(ui, qtbot, fill(box.dialog, new=NEW))
        assert said.startswith("Dữ liệu giờ được khoá bằng mật khẩu.")
        assert vault.info().mode == "passphrase"
        wait_idle(qtbot, ui)
    ui.shutdown()
    reopened = open_store(paths, make_vault(paths), passphrase=NEW)
    reopened.close()
