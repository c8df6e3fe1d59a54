"""A plain store of an earlier version is encrypted in place, nothing lost, crash-safe."""

from __future__ import annotations

from pathlib import Path

import pytest
from keyring.backends.fail import Keyring as FailKeyring

from helper_app.config import AppPaths
from helper_app.dossiers import DossierService
from helper_app.forms import Catalog
from helper_app.residents import ResidentDirectory
from helper_app.security import encryption_migration
from helper_app.security.crypto import is_encrypted
from helper_app.security.encryption_migration import is_plain_database
from helper_app.security.storage import open_store
from helper_app.security.vault import Vault
from helper_app.store.attachments import AttachmentStore
from helper_app.store.db import Store
from helper_app.store.errors import StorageEnvironmentError
from tests.helpers.store import CHEAP_KDF, VALID_DATA, make_pdf, make_png, make_resident

PASS = "correct horse battery"
PID = "027190001234"


def _plain_store(paths: AppPaths, catalog: Catalog, tmp_path: Path) -> tuple[str, set[str]]:
    store = Store.open(paths.database)
    files = AttachmentStore(paths.attachments_dir)
    make_resident(store, full_name="Phạm Thị Lụa", personal_id=PID)
    service = DossierService(store, catalog, files, actor="tnv")
    view = service.create_draft("mini_permit", data=VALID_DATA)
    service.record_consent(view.id, help_accepted=True, processing_accepted=True)
    a = service.attach(view.id, "id_card", make_png(tmp_path / "id.png"))
    b = service.attach(view.id, "photo", make_pdf(tmp_path / "p.pdf", text=f"CCCD {PID}"))
    service.finalize(view.id)
    store.close()
    assert is_plain_database(paths.database)
    return view.id, {a.sha256, b.sha256}


def _vault(paths: AppPaths) -> Vault:
    return Vault(paths.database, backend=FailKeyring(), kdf=CHEAP_KDF)


def _check_migrated(paths: AppPaths, catalog: Catalog, dossier_id: str, shas: set[str]) -> None:
    local = open_store(paths, _vault(paths), passphrase=PASS)
    try:
        assert not is_plain_database(paths.database)
        assert _vault(paths).info().state == "ready"
        view = DossierService(local.store, catalog, local.files, actor="x").get(dossier_id)
        assert view.status.value == "queued" and {a.sha256 for a in view.attachments} == shas
        for sha in shas:
            with local.files.path_for(sha).open("rb") as handle:
                assert is_encrypted(handle.read(16))
            assert local.files.read_bytes(sha)  # decrypts and matches its hash
        assert ResidentDirectory(local.store).search("pham thi lua")[0].personal_id == PID
    finally:
        local.close()
    for path in paths.data_dir.rglob("*"):
        if path.is_file():
            assert PID.encode() not in path.read_bytes(), path.name


def test_a_plain_store_is_encrypted_with_nothing_lost(
    app_paths: AppPaths, catalog: Catalog, tmp_path: Path
) -> None:
    dossier_id, shas = _plain_store(app_paths, catalog, tmp_path)
    _check_migrated(app_paths, catalog, dossier_id, shas)


def test_a_crash_before_the_swap_leaves_the_plain_store_and_resumes(
    app_paths: AppPaths, catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dossier_id, shas = _plain_store(app_paths, catalog, tmp_path)

    def crash(*_args: object) -> None:
        raise StorageEnvironmentError("simulated", "simulated crash during verification")

    monkeypatch.setattr(encryption_migration, "_verify", crash)
    with pytest.raises(StorageEnvironmentError):
        open_store(app_paths, _vault(app_paths), passphrase=PASS)
    assert is_plain_database(app_paths.database)
    Store.open(app_paths.database).close()  # the old store still opens as it was
    monkeypatch.undo()
    _check_migrated(app_paths, catalog, dossier_id, shas)


def test_a_crash_between_database_and_attachments_resumes(
    app_paths: AppPaths, catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dossier_id, shas = _plain_store(app_paths, catalog, tmp_path)

    def crash(self: AttachmentStore) -> int:
        raise OSError("simulated power loss")

    monkeypatch.setattr(AttachmentStore, "encrypt_plain_files", crash)
    with pytest.raises(OSError):
        open_store(app_paths, _vault(app_paths), passphrase=PASS)
    assert not is_plain_database(app_paths.database)
    assert _vault(app_paths).info().state == "migrating"
    monkeypatch.undo()
    _check_migrated(app_paths, catalog, dossier_id, shas)
