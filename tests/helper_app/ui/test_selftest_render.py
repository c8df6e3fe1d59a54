"""The self-test opens the main window on an encrypted throwaway store, as the app does.

``helper-app --self-test`` must prove the real wiring: SQLCipher in passphrase mode through
:func:`helper_app.security.storage.open_store`, never a plain SQLite file, and nothing in the OS
keyring.
"""

from __future__ import annotations

from typing import Any

import pytest

from helper_app.config import AppPaths, resolve_paths
from helper_app.forms import Catalog, UnitDirectory
from helper_app.security.vault import Vault
from helper_app.ui.selftest_render import WINDOW_CHECK_DIR, open_main_window

pytestmark = pytest.mark.gui


def test_main_window_check_runs_on_an_encrypted_store(app_paths: AppPaths, qtbot: Any) -> None:
    seconds = open_main_window(app_paths, Catalog.bundled(), UnitDirectory.bundled())
    assert seconds > 0
    scratch = resolve_paths(app_paths.data_dir / WINDOW_CHECK_DIR)
    header = scratch.database.read_bytes()[:16]
    assert header and not header.startswith(b"SQLite format 3"), "the store is encrypted"
    assert Vault(scratch.database).info().mode == "passphrase", "nothing went to the keyring"
    assert not list(app_paths.data_dir.glob("*.sqlite3")), "no plain store beside it"
