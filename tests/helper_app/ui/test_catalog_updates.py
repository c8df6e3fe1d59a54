"""New procedure versions reach the running app after a sync; drafts keep their version.

A real server (tests/helpers/live_server.py) publishes ``test_permit`` v1; the volunteer signs
in through the dialog, the pass that follows fetches the catalog off the UI thread and the
new-dossier dialog offers the procedure. A v1 draft is started. The server is restarted with a
forms directory that gained v2; after signing in to it, the next pass brings v2: the dialog now
starts v2, and the v1 draft still opens on v1. The token lives in a real, throwaway Secret
Service.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from helper_app.sync.catalog_sync import definition_path
from helper_app.sync.credentials import CredentialStore
from helper_app.ui.app import UiRuntime
from helper_app.ui.dossiers.new_dialog import NewDossierDialog
from helper_app.ui.dossiers.window import DossierWindow
from tests.helper_server.world import PERMIT, PERMIT_V2
from tests.helpers.keyring_service import KeyringSession, secret_service
from tests.helpers.live_server import LiveServer, TestUser, live_server
from tests.helpers.ui import wait_idle

pytestmark = pytest.mark.gui


def _publish(directory: Path, *definitions: dict[str, object]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for d in definitions:
        (directory / f"{d['code']}.v{d['version']}.json").write_text(
            json.dumps(d, ensure_ascii=False), encoding="utf-8"
        )
    return directory


@pytest.fixture
def keyring_session() -> Iterator[KeyringSession]:
    with secret_service() as session:
        yield session


def _sign_in_and_sync(ui: UiRuntime, qtbot: Any, server: LiveServer, user: TestUser) -> object:
    """Sign in through the dialog; return the catalog the pass that follows delivers."""
    assert ui.sync is not None
    dialog = ui.window.show_sign_in()
    assert dialog is not None
    dialog.server.setText(server.url)
    dialog.username.setText(user.username)
    dialog.password.setText(user.password)
    with qtbot.waitSignal(ui.sync.catalog_updated, timeout=30000) as arrived:
        dialog.on_buttons_accepted()
    return arrived.args[0]


def _new_dialog(ui: UiRuntime) -> NewDossierDialog:
    ui.window.on_dossiers_new_requested()
    dialog = ui.window.new_dialog
    assert dialog is not None
    dialog.search.setText("test permit")
    return dialog


def _open(ui: UiRuntime, qtbot: Any, dossier_id: str) -> DossierWindow:
    with qtbot.waitSignal(ui.window.dossier_opened, timeout=5000) as opened:
        ui.window.open_dossier(dossier_id)
    window: DossierWindow = opened.args[0]
    return window


def test_new_version_reaches_new_drafts_and_old_drafts_still_open(
    ui_factory: Callable[..., UiRuntime],
    keyring_session: KeyringSession,
    qtbot: Any,
    tmp_path: Path,
) -> None:
    ui = ui_factory(credentials=lambda: CredentialStore(keyring_session.backend))
    try:
        assert "test_permit" not in ui.services.catalog
        published = _publish(tmp_path / "forms", PERMIT)
        server_dir = tmp_path / "server"
        with live_server(server_dir, forms_dir=published) as server:
            user = server.create_user()
            catalog = _sign_in_and_sync(ui, qtbot, server, user)
        assert catalog is ui.services.catalog
        assert ui.services.catalog.get("test_permit").version == 1
        assert ui.window.titles["test_permit"] == PERMIT["title_vi"]

        dialog = _new_dialog(ui)
        assert dialog.visible_codes() == ["test_permit"]
        dialog.on_next_button_clicked()
        assert dialog.definition is not None and dialog.definition.version == 1
        with qtbot.waitSignal(ui.window.dossier_opened, timeout=5000) as opened:
            dialog.on_create_button_clicked()
        draft = opened.args[0]
        assert draft.view.form_version == 1
        draft_id = draft.view.id
        draft.close()
        wait_idle(qtbot, ui)

        _publish(published, PERMIT_V2)
        with live_server(server_dir, forms_dir=published) as server:
            _sign_in_and_sync(ui, qtbot, server, user)
        assert definition_path(ui.services.paths, "test_permit", 2).is_file()
        assert definition_path(ui.services.paths, "test_permit", 1).is_file()

        dialog = _new_dialog(ui)
        dialog.on_next_button_clicked()
        assert dialog.definition is not None and dialog.definition.version == 2
        dialog.reject()

        window = _open(ui, qtbot, draft_id)
        assert window.view.form_version == 1 and window.definition.version == 1
        window.close()
        assert ui.services.dossiers.create_draft("test_permit").form_version == 2
        wait_idle(qtbot, ui)
    finally:
        for window in list(ui.window.windows):
            window.close()
        wait_idle(qtbot, ui, timeout=10000)
        ui.shutdown()  # before the keyring goes away
