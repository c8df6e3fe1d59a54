"""The encrypted store: SQLCipher with FTS5 and helper_fold, attachments sealed, wrong keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from keyring.backends.fail import Keyring as FailKeyring

from helper_app.config import AppPaths
from helper_app.dossiers import DossierService
from helper_app.forms import Catalog
from helper_app.residents import ResidentDirectory
from helper_app.security.crypto import TamperedError
from helper_app.security.encryption_migration import is_plain_database
from helper_app.security.storage import open_store
from helper_app.security.vault import DataKey, KeyringUnusable, Vault, WrongKey, WrongPassphrase
from helper_app.store.db import Store
from helper_app.store.errors import StorageEnvironmentError
from tests.helpers.keyring_service import KeyringSession
from tests.helpers.store import CHEAP_KDF, VALID_DATA, make_png, make_resident

PASS = "correct horse battery"


def _vault(paths: AppPaths, backend: object) -> Vault:
    return Vault(paths.database, backend=backend, kdf=CHEAP_KDF)  # type: ignore[arg-type]


def test_search_and_folding_work_under_sqlcipher(
    keyring_session: KeyringSession, app_paths: AppPaths
) -> None:
    local = open_store(app_paths, _vault(app_paths, keyring_session.backend))
    try:
        assert local.store.encrypted and local.store.schema_version()[1] >= 3
        make_resident(local.store, full_name="Nguyễn Thị Hoà", personal_id="027190001234")
        found = ResidentDirectory(local.store).search("nguyen thi hoa")
        assert [r.personal_id for r in found] == ["027190001234"]
        assert ResidentDirectory(local.store).search("0271900")[0].full_name == "Nguyễn Thị Hoà"
    finally:
        local.close()
    assert not is_plain_database(app_paths.database)
    local = open_store(app_paths, _vault(app_paths, keyring_session.backend))
    local.close()


def test_a_wrong_key_opens_nothing(app_paths: AppPaths, tmp_path: Path) -> None:
    vault = _vault(app_paths, FailKeyring())
    open_store(app_paths, vault, passphrase=PASS).close()
    before = app_paths.database.read_bytes()
    with pytest.raises(WrongPassphrase):
        open_store(app_paths, vault, passphrase="wrong passphrase")
    with pytest.raises(StorageEnvironmentError):
        Store.open(app_paths.database, key=DataKey.generate().database_key())
    with pytest.raises(StorageEnvironmentError):
        Store.open(app_paths.database)  # no key at all
    assert app_paths.database.read_bytes() == before


def test_first_start_without_keyring_needs_a_passphrase(app_paths: AppPaths) -> None:
    with pytest.raises(KeyringUnusable) as caught:
        open_store(app_paths, _vault(app_paths, FailKeyring()))
    assert "passphrase" in caught.value.message_en and not app_paths.database.exists()


def test_an_encrypted_store_without_its_key_file_is_not_taken_over(app_paths: AppPaths) -> None:
    vault = _vault(app_paths, FailKeyring())
    open_store(app_paths, vault, passphrase=PASS).close()
    vault.file.unlink()
    with pytest.raises(WrongKey):
        open_store(app_paths, vault, passphrase=PASS)
    assert not vault.exists()


def test_attachments_are_sealed_and_tampering_is_refused(
    app_paths: AppPaths, catalog: Catalog, tmp_path: Path
) -> None:
    local = open_store(app_paths, _vault(app_paths, FailKeyring()), passphrase=PASS)
    service = DossierService(local.store, catalog, local.files, actor="tnv")
    view = service.create_draft("mini_permit", data=VALID_DATA)
    png = make_png(tmp_path / "id.png")
    info = service.attach(view.id, "id_card", png)
    stored = local.files.path_for(info.sha256)
    assert stored.read_bytes() != png.read_bytes()
    assert local.files.read_bytes(info.sha256) == png.read_bytes()
    assert local.files.open(info.sha256).read() == png.read_bytes()
    blob = bytearray(stored.read_bytes())
    blob[-3] ^= 1
    stored.write_bytes(bytes(blob))
    with pytest.raises(TamperedError):
        local.files.read_bytes(info.sha256)
    local.close()
