"""The data key: keyring mode, passphrase mode, refusal of insecure keyrings, wrong keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from keyring.backends.fail import Keyring as FailKeyring

from helper_app.security.os_keyring import SERVICE
from helper_app.security.vault import (
    KeyringUnusable,
    PassphraseRequired,
    Vault,
    VaultError,
    WrongKey,
    WrongPassphrase,
)
from tests.helpers.keyring_service import KeyringSession
from tests.helpers.store import CHEAP_KDF

PASS = "mật khẩu dài 123"


def _vault(tmp_path: Path, backend: object = None) -> Vault:
    return Vault(tmp_path / "helper.sqlite3", backend=backend, kdf=CHEAP_KDF)  # type: ignore[arg-type]


def test_passphrase_mode_never_stores_the_passphrase(tmp_path: Path) -> None:
    vault = _vault(tmp_path, FailKeyring())
    key = vault.create(passphrase=PASS)
    text = vault.file.read_text(encoding="utf-8")
    assert PASS not in text and key.raw.hex() not in text
    assert json.loads(text)["mode"] == "passphrase"
    assert vault.unlock(PASS) == key
    with pytest.raises(PassphraseRequired):
        vault.unlock()


def test_wrong_passphrase_is_clear_and_changes_nothing(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    vault.create(passphrase=PASS)
    before = vault.file.read_bytes()
    with pytest.raises(WrongPassphrase) as caught:
        vault.unlock("not the passphrase")
    assert (
        "Wrong passphrase" in caught.value.message_en and "Sai mật khẩu" in caught.value.message_vi
    )
    with pytest.raises(WrongPassphrase):
        vault.change_passphrase("not the passphrase", "another passphrase")
    assert vault.file.read_bytes() == before


def test_change_passphrase_rewraps_the_same_key(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    key = vault.create(passphrase=PASS)
    vault.change_passphrase(PASS, "a new passphrase")
    assert vault.unlock("a new passphrase") == key
    with pytest.raises(WrongPassphrase):
        vault.unlock(PASS)
    with pytest.raises(VaultError):
        vault.change_passphrase("a new passphrase", "short")


def test_insecure_keyrings_are_refused_not_used(tmp_path: Path) -> None:
    vault = _vault(tmp_path, FailKeyring())
    assert not vault.keyring_available()
    with pytest.raises(KeyringUnusable) as caught:
        vault.create()
    assert "gnome-keyring" in caught.value.message_en
    assert not vault.exists()


def test_keyring_mode(keyring_session: KeyringSession, tmp_path: Path) -> None:
    vault = _vault(tmp_path, keyring_session.backend)
    key = vault.create()
    stored = keyring_session.backend.get_password(SERVICE, vault.account)
    assert stored and vault.account.startswith("store-key:")
    assert key.raw.hex() not in vault.file.read_text(encoding="utf-8")
    assert vault.unlock() == key
    # The user prefers a passphrase: the key leaves the keyring; and back again.
    vault.use_passphrase(key, PASS)
    assert keyring_session.backend.get_password(SERVICE, vault.account) is None
    assert vault.unlock(PASS) == key
    vault.use_keyring(key)
    assert vault.unlock() == key


def test_a_key_of_another_store_is_refused(keyring_session: KeyringSession, tmp_path: Path) -> None:
    vault = _vault(tmp_path, keyring_session.backend)
    vault.create()
    other = _vault(tmp_path / "other", keyring_session.backend)
    (tmp_path / "other").mkdir()
    other.create()
    stolen = keyring_session.backend.get_password(SERVICE, other.account)
    keyring_session.backend.set_password(SERVICE, vault.account, stolen)
    with pytest.raises(WrongKey):
        vault.unlock()
    keyring_session.backend.delete_password(SERVICE, vault.account)
    with pytest.raises(WrongKey) as caught:
        vault.unlock()
    assert "Nothing was changed" in caught.value.message_en
