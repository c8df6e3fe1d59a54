"""The window works on the encrypted store: SQLCipher on disk, passphrase unlock at start,
first start without a secure keyring, thumbnails from encrypted attachments."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import fail

from helper_app.config import AppPaths
from helper_app.residents import ResidentRecord
from helper_app.security.storage import LocalStorage, open_store
from helper_app.security.vault import Vault
from helper_app.ui.app import UiRuntime, build_ui, open_services
from helper_app.ui.qapp import qapplication
from helper_app.ui.qt import QTimer
from helper_app.ui.settings import UiSettings
from helper_app.ui.unlock import (
    DialogPrompt,
    NewPassphraseDialog,
    UnlockDialog,
    open_local_storage,
    strength_hint,
)
from tests.helpers.keyring_service import secret_service
from tests.helpers.store import CHEAP_KDF
from tests.helpers.ui import (
    PASSPHRASE,
    RecordingPresenter,
    make_vault,
    wait_idle,
    write_png,
)

pytestmark = pytest.mark.gui

PLAIN_MAGIC = b"SQLite format 3\x00"


class ScriptedPrompt:
    """Answers the loop's questions from a list; records what it was asked."""

    def __init__(self, passphrases: list[str | None], chosen: str | None = None) -> None:
        self.passphrases = list(passphrases)
        self.chosen = chosen
        self.asked: list[tuple[str, int]] = []
        self.reasons: list[str] = []
        self.failures: list[str] = []

    def ask_passphrase(self, error: str, attempts_left: int) -> str | None:
        self.asked.append((error, attempts_left))
        return self.passphrases.pop(0) if self.passphrases else None

    def choose_passphrase(self, reason: str) -> str | None:
        self.reasons.append(reason)
        return self.chosen

    def fail(self, message: str) -> None:
        self.failures.append(message)


def make_passphrase_store(paths: AppPaths) -> None:
    storage = open_store(paths, make_vault(paths), passphrase=PASSPHRASE)
    storage.close()


def test_the_window_runs_on_an_encrypted_store(ui: UiRuntime, qtbot: Any) -> None:
    ui.services.residents.save(ResidentRecord("Nguyễn Thị Mai", "1990-01-02", "Nữ", "027190001234"))
    ui.window.residents.refresh()
    with qtbot.waitSignal(ui.window.residents.listed, timeout=5000):
        pass
    assert ui.services.storage.key is not None
    database = ui.services.paths.database
    head = database.read_bytes()[:16]
    assert head and head != PLAIN_MAGIC
    everything = b"".join(p.read_bytes() for p in database.parent.glob("helper.sqlite3*"))
    assert b"027190001234" not in everything
    wait_idle(qtbot, ui)


def test_keyring_mode_with_a_real_secret_service(app_paths: AppPaths, qtbot: Any) -> None:
    with secret_service() as keyring_session:
        vault = Vault(app_paths.database, backend=keyring_session.backend)
        services = open_services(app_paths, UiSettings(), actor="tester", vault=vault)
        runtime = build_ui(qapplication(["pytest"]), services, presenter=RecordingPresenter())
        try:
            wait_idle(qtbot, runtime)
            assert vault.info().mode == "keyring"
            assert app_paths.database.read_bytes()[:16] != PLAIN_MAGIC
            assert runtime.window.security.mode.text() == "Kho khoá của hệ điều hành."
            assert runtime.window.security.use_passphrase.isVisibleTo(runtime.window.security)
        finally:
            runtime.shutdown()


def test_wrong_then_right_passphrase_opens_and_changes_nothing(app_paths: AppPaths) -> None:
    make_passphrase_store(app_paths)
    before = {p.name: p.read_bytes() for p in app_paths.data_dir.glob("helper.sqlite3*")}
    prompt = ScriptedPrompt(["sai mật khẩu rồi", PASSPHRASE])
    seen: list[str] = []
    opened = open_local_storage(
        app_paths, make_vault(app_paths), prompt, language="vi", on_secret=seen.append
    )
    assert isinstance(opened, LocalStorage)
    opened.close()
    assert prompt.asked[0] == ("", 5)
    assert prompt.asked[1] == ("Sai mật khẩu. Dữ liệu không thay đổi.", 4)
    assert seen == ["sai mật khẩu rồi", PASSPHRASE]  # both went to the log redactor first
    after_vault = (app_paths.data_dir / "helper.sqlite3.vault.json").read_bytes()
    assert after_vault == before["helper.sqlite3.vault.json"]


def test_attempts_are_bounded(app_paths: AppPaths) -> None:
    make_passphrase_store(app_paths)
    prompt = ScriptedPrompt([f"sai lần thứ {i}" for i in range(10)])
    opened = open_local_storage(app_paths, make_vault(app_paths), prompt, language="en")
    assert opened is None
    assert [left for _e, left in prompt.asked] == [5, 4, 3, 2, 1]
    assert prompt.failures == [
        "5 wrong passphrases. Nothing was changed; the app will close. Open it again to retry."
    ]


def test_quitting_the_unlock_dialog_opens_nothing(app_paths: AppPaths) -> None:
    make_passphrase_store(app_paths)
    prompt = ScriptedPrompt([None])
    assert open_local_storage(app_paths, make_vault(app_paths), prompt, language="vi") is None


def test_first_start_without_a_secure_keyring_asks_for_a_passphrase(app_paths: AppPaths) -> None:
    vault = Vault(app_paths.database, backend=fail.Keyring(), kdf=CHEAP_KDF)
    prompt = ScriptedPrompt([], chosen="một câu dài để nhớ")
    opened = open_local_storage(app_paths, vault, prompt, language="vi")
    assert isinstance(opened, LocalStorage)
    opened.close()
    assert "kho khoá an toàn" in prompt.reasons[0]
    assert vault.info().mode == "passphrase"
    assert app_paths.database.read_bytes()[:16] != PLAIN_MAGIC
    quitter = ScriptedPrompt([], chosen=None)
    other = AppPaths(app_paths.data_dir / "b", app_paths.log_dir, app_paths.cache_dir)
    refused = Vault(other.database, backend=fail.Keyring(), kdf=CHEAP_KDF)
    assert open_local_storage(other, refused, quitter, language="vi") is None
    assert not refused.exists() and not other.database.exists()


def test_unlock_dialog_driven_like_a_volunteer(app_paths: AppPaths, qtbot: Any) -> None:
    make_passphrase_store(app_paths)
    prompt = DialogPrompt("vi")
    typed = iter(["không đúng đâu", PASSPHRASE])
    errors: list[str] = []

    def answer() -> None:
        dialog = prompt.dialog
        if not isinstance(dialog, UnlockDialog):
            QTimer.singleShot(20, answer)
            return
        errors.append(dialog.error.text())
        dialog.passphrase.setText(next(typed))
        dialog.accept()
        QTimer.singleShot(20, answer)

    QTimer.singleShot(20, answer)
    opened = open_local_storage(app_paths, make_vault(app_paths), prompt, language="vi")
    assert isinstance(opened, LocalStorage)
    opened.close()
    assert errors == ["", "Sai mật khẩu. Dữ liệu không thay đổi."]


def test_new_passphrase_dialog_needs_two_matching_long_entries(qtbot: Any) -> None:
    dialog = NewPassphraseDialog("Không có kho khoá.", "vi")
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled()
    dialog.first.setText("ngắn")
    assert dialog.hint.text() == "Quá ngắn: cần ít nhất 8 ký tự."
    dialog.first.setText("một câu dài để nhớ")
    dialog.second.setText("một câu dài để nhớ!")
    assert not dialog.ok.isEnabled()
    assert "chưa khớp" in dialog.hint.text()
    dialog.second.setText("một câu dài để nhớ")
    assert dialog.ok.isEnabled()
    assert dialog.chosen() == "một câu dài để nhớ"


@pytest.mark.parametrize(
    ("text", "score"), [("", 0), ("1234567", 0), ("abcdefgh", 1), ("abcdefghijkl", 2)]
)
def test_strength_hint(text: str, score: int) -> None:
    assert strength_hint(text)[0] == score
    assert strength_hint("Một Câu Dài 2025 để nhớ!")[0] == 3


def test_thumbnail_of_an_encrypted_attachment(ui: UiRuntime, qtbot: Any, tmp_path: Path) -> None:
    view = ui.services.dossiers.create_draft("birth_registration")
    png = write_png(tmp_path / "giấy chứng sinh.png", 300, 200)
    info = ui.services.dossiers.attach(view.id, "requester_id", png)
    stored = ui.services.files.path_for(info.sha256).read_bytes()
    assert not stored.startswith(b"\x89PNG")  # ciphertext on disk
    window = ui.window.show_dossier(ui.services.dossiers.get(view.id))
    tile = window.editor.checklist.tile(info.id)
    assert tile is not None
    qtbot.waitUntil(
        lambda: tile.thumb.pixmap() is not None and not tile.thumb.pixmap().isNull(), timeout=5000
    )
    assert max(tile.thumb.pixmap().width(), tile.thumb.pixmap().height()) == 96
    wait_idle(qtbot, ui)


def test_settings_keep_lock_and_retention(app_paths: AppPaths) -> None:
    from helper_app.ui.settings import load_settings, save_settings

    save_settings(app_paths.settings_file, replace(UiSettings(), idle_lock_minutes=0))
    loaded = load_settings(app_paths.settings_file)
    assert loaded.idle_lock_minutes == 1 and loaded.retention_days == 30
    save_settings(app_paths.settings_file, UiSettings(idle_lock_minutes=12, retention_days=90))
    loaded = load_settings(app_paths.settings_file)
    assert (loaded.idle_lock_minutes, loaded.retention_days) == (12, 90)
