"""The demo keeps its sign-in in memory when the keyring is there but cannot answer.

A Secret Service backend is chosen from the environment, but its D-Bus session may be gone (a
demo started over SSH, or after the desktop session ended): constructing the store works, the
first read fails. The demo used to find out at its sign-in, halfway through setting up, and
stop; now it tries the keyring once and falls back to memory, saying why in its banner.
"""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import SecretService

from helper_app import demo
from helper_app.sync.credentials import Account


def test_a_keyring_that_cannot_answer_falls_back_to_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/helper-test-bus")
    unreachable = SecretService.Keyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: unreachable)
    store, note_vi, note_en = demo.demo_credentials()
    assert note_vi and note_en and "memory" in note_en
    account = Account(server_url="http://127.0.0.1:1", username="vol")
    store.save(account, "token-kept-in-memory")
    assert store.load(account) == "token-kept-in-memory"
