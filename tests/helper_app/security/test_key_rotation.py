"""Rotating the data key: everything re-encrypted under a new key, the old key useless after.

Both key modes (a real Secret Service keyring; a passphrase). A store in use is refused before
anything changes; a wrong passphrase changes nothing; a rotation cut short after any step (the
real steps, called one by one, then a "crash") is finished by the next open; and ``helper-app
security rotate-key`` killed with SIGKILL at random moments always leaves a store that opens
with every dossier and file intact.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from keyring.backends.fail import Keyring as FailKeyring

from helper_app.config import AppPaths
from helper_app.dossiers import DossierService
from helper_app.forms import Catalog
from helper_app.security.crypto import TamperedError
from helper_app.security.encryption_migration import replace_by_export
from helper_app.security.key_rotation import LOCK_FILE, REKEY_SUFFIX, rotate
from helper_app.security.os_keyring import SERVICE
from helper_app.security.storage import open_store
from helper_app.security.vault import DataKey, Vault, VaultError, WrongPassphrase
from helper_app.store.attachments import AttachmentStore
from helper_app.store.db import Store
from helper_app.store.errors import StorageEnvironmentError
from tests.helpers.keyring_service import KeyringSession
from tests.helpers.store import CHEAP_KDF, VALID_DATA, make_png
from tests.helpers.sync_world import random_bytes_file

PASS = "mật khẩu đổi khoá"
HOLD_LOCK = "import sys, time, filelock; l = filelock.FileLock(sys.argv[1]); l.acquire(); "
HOLD_LOCK += "print('held', flush=True); time.sleep(120)"


@dataclass
class Filled:
    """What a store held before the rotation (to compare after)."""

    dossier_id: str
    data: dict[str, object]
    files: dict[str, bytes]


def _vault(paths: AppPaths, backend: object = None) -> Vault:
    return Vault(paths.database, backend=backend or FailKeyring(), kdf=CHEAP_KDF)  # type: ignore[arg-type]


def _fill(
    paths: AppPaths,
    vault: Vault,
    catalog: Catalog,
    tmp: Path,
    passphrase: str | None,
    *,
    extra_files: int = 0,
) -> Filled:
    local = open_store(paths, vault, passphrase=passphrase)
    try:
        service = DossierService(
            local.store, catalog, local.files, actor="tnv", require_consent=False
        )
        view = service.create_draft("mini_permit", data=VALID_DATA)
        png = make_png(tmp / "cccd.png", width=40, height=30)
        big = random_bytes_file(tmp / "giay-to.pdf", 2_600_000, seed=7)  # three 1 MiB chunks
        files = {}
        for path in (png, big):
            files[service.attach(view.id, "id_card", path).sha256] = path.read_bytes()
        for i in range(0, extra_files, 2):  # more dossiers, two scanned pages each
            other = service.create_draft("mini_permit", data=VALID_DATA)
            for seed in (i, i + 1):
                page = random_bytes_file(tmp / f"trang-{seed}.pdf", 400_000, seed)
                files[service.attach(other.id, "id_card", page).sha256] = page.read_bytes()
        return Filled(view.id, dict(service.get(view.id).data), files)
    finally:
        local.close()


def _check_intact(
    paths: AppPaths, vault: Vault, catalog: Catalog, filled: Filled, passphrase: str | None
) -> DataKey:
    """Open as the app does (finishing any rotation) and compare everything; return the key."""
    local = open_store(paths, vault, passphrase=passphrase)
    try:
        service = DossierService(
            local.store, catalog, local.files, actor="tnv", require_consent=False
        )
        assert dict(service.get(filled.dossier_id).data) == filled.data
        for sha, content in filled.files.items():
            assert local.files.read_bytes(sha) == content
        with local.store.read() as session:
            assert session.connection().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            pages = session.connection().exec_driver_sql("PRAGMA cipher_integrity_check")
            assert pages.fetchall() == [], "every page authenticates under the key"
        assert local.key is not None
        return local.key
    finally:
        local.close()


def _old_key_is_useless(paths: AppPaths, old: DataKey, filled: Filled) -> None:
    with pytest.raises(StorageEnvironmentError):
        Store.open(paths.database, key=old.database_key())
    files = AttachmentStore(paths.attachments_dir, cipher=old.attachment_cipher())
    for sha in filled.files:
        with files.path_for(sha).open("rb") as handle:
            assert not old.attachment_cipher().opens(handle)


def _cut_after_the_database(paths: AppPaths, vault: Vault) -> tuple[DataKey, DataKey]:
    """The rotation's first real steps (new key kept, database re-keyed), then a "crash"."""
    old = vault.unlock(PASS)
    new = vault.begin_rotation(PASS)
    replace_by_export(
        paths.database, new.database_key(), REKEY_SUFFIX, source_key=old.database_key()
    )
    return old, new


def test_passphrase_mode_rotation(app_paths: AppPaths, catalog: Catalog, tmp_path: Path) -> None:
    vault = _vault(app_paths)
    filled = _fill(app_paths, vault, catalog, tmp_path, PASS)
    old = vault.unlock(PASS)

    report = rotate(app_paths, vault, passphrase=PASS)

    assert report.database_rekeyed and report.files_reencrypted == 2
    assert report.files_unreadable == 0
    info = vault.info()
    assert info.state == "ready" and info.next is None and info.check == report.new_check
    assert report.new_check != old.check_value()
    _old_key_is_useless(app_paths, old, filled)
    new = _check_intact(app_paths, vault, catalog, filled, PASS)
    assert new.check_value() == report.new_check
    assert not list(app_paths.data_dir.glob(f"*{REKEY_SUFFIX}"))


def test_keyring_mode_rotation_drops_the_old_entry(
    keyring_session: KeyringSession, app_paths: AppPaths, catalog: Catalog, tmp_path: Path
) -> None:
    backend = keyring_session.backend
    vault = _vault(app_paths, backend)
    filled = _fill(app_paths, vault, catalog, tmp_path, None)
    old = vault.unlock()
    assert backend.get_password(SERVICE, vault.account)

    report = rotate(app_paths, vault)

    assert backend.get_password(SERVICE, vault.account) is None, "the old key is gone"
    assert vault.info().account == f"{vault.account}:{report.new_check}"
    assert vault.info().retired is None
    second = rotate(app_paths, vault)  # from a rotated key to the next one
    assert backend.get_password(SERVICE, f"{vault.account}:{report.new_check}") is None
    assert backend.get_password(SERVICE, f"{vault.account}:{second.new_check}")
    vault.use_keyring(vault.unlock())  # back to the default account: the rotated one is dropped
    assert backend.get_password(SERVICE, f"{vault.account}:{second.new_check}") is None
    assert vault.info().account is None and backend.get_password(SERVICE, vault.account)
    _old_key_is_useless(app_paths, old, filled)
    _check_intact(app_paths, vault, catalog, filled, None)


def test_wrong_passphrase_or_store_in_use_changes_nothing(
    app_paths: AppPaths, catalog: Catalog, tmp_path: Path
) -> None:
    vault = _vault(app_paths)
    filled = _fill(app_paths, vault, catalog, tmp_path, PASS)
    before = (app_paths.database.read_bytes(), vault.file.read_bytes())
    with pytest.raises(WrongPassphrase):
        rotate(app_paths, vault, passphrase="không phải mật khẩu")
    local = open_store(app_paths, vault, passphrase=PASS)  # the window is open
    try:
        with pytest.raises(StorageEnvironmentError) as caught:
            rotate(app_paths, vault, passphrase=PASS)
        assert "open elsewhere" in caught.value.message_en
    finally:
        local.close()
    assert vault.file.read_bytes() == before[1] and vault.info().state == "ready"
    _check_intact(app_paths, vault, catalog, filled, PASS)


@pytest.mark.parametrize("stop_after", ["begin", "database", "one_file"])
def test_a_rotation_cut_short_is_finished_by_the_next_open(
    app_paths: AppPaths, catalog: Catalog, tmp_path: Path, stop_after: str
) -> None:
    """The rotation's own steps, run one by one up to a point; then the app opens the store."""
    vault = _vault(app_paths)
    filled = _fill(app_paths, vault, catalog, tmp_path, PASS)
    old = vault.unlock(PASS)
    new = vault.begin_rotation(PASS)
    if stop_after in ("database", "one_file"):
        replace_by_export(
            app_paths.database, new.database_key(), REKEY_SUFFIX, source_key=old.database_key()
        )
    if stop_after == "one_file":
        files = AttachmentStore(app_paths.attachments_dir, cipher=new.attachment_cipher())
        first = sorted(filled.files)[0]
        files._encrypt_one(files.path_for(first), old.attachment_cipher())
    assert vault.info().state == "rotating"

    key = _check_intact(app_paths, vault, catalog, filled, PASS)

    assert key.check_value() == new.check_value() and vault.info().state == "ready"
    _old_key_is_useless(app_paths, old, filled)


def test_a_file_damaged_before_the_rotation_does_not_stop_it(
    app_paths: AppPaths, catalog: Catalog, tmp_path: Path
) -> None:
    """It was unreadable already; it must not make the whole store unopenable."""
    vault = _vault(app_paths)
    filled = _fill(app_paths, vault, catalog, tmp_path, PASS)
    damaged = sorted(filled.files)[0]
    files = AttachmentStore(app_paths.attachments_dir)
    blob = bytearray(files.path_for(damaged).read_bytes())
    blob[-3] ^= 1
    files.path_for(damaged).write_bytes(bytes(blob))

    report = rotate(app_paths, vault, passphrase=PASS)

    assert (report.files_reencrypted, report.files_unreadable) == (1, 1)
    local = open_store(app_paths, vault, passphrase=PASS)
    try:
        with pytest.raises(TamperedError):
            local.files.read_bytes(damaged)
        for sha in set(filled.files) - {damaged}:
            assert local.files.read_bytes(sha) == filled.files[sha]
    finally:
        local.close()


def test_one_process_at_a_time_converts_the_store(
    app_paths: AppPaths, catalog: Catalog, tmp_path: Path
) -> None:
    """A rotation left unfinished is not resumed by a second process while one holds the lock."""
    vault = _vault(app_paths)
    filled = _fill(app_paths, vault, catalog, tmp_path, PASS)
    vault.begin_rotation(PASS)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(app_paths.data_dir / LOCK_FILE)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(StorageEnvironmentError) as caught:
            open_store(app_paths, vault, passphrase=PASS)
        assert "Another Helper" in caught.value.message_en
        assert vault.info().state == "rotating", "nothing was done without the lock"
    finally:
        holder.kill()
        holder.wait(timeout=10)
    _check_intact(app_paths, vault, catalog, filled, PASS)  # the lock died with its holder
    assert vault.info().state == "ready"


def test_rotate_key_finishes_an_unfinished_rotation_instead_of_starting_another(
    app_paths: AppPaths, catalog: Catalog, tmp_path: Path
) -> None:
    vault = _vault(app_paths)
    filled = _fill(app_paths, vault, catalog, tmp_path, PASS)
    old, new = _cut_after_the_database(app_paths, vault)
    report = rotate(app_paths, vault, passphrase=PASS)
    assert report.new_check == new.check_value() and not report.database_rekeyed
    assert report.files_reencrypted == len(filled.files)
    _check_intact(app_paths, vault, catalog, filled, PASS)


def test_the_key_is_not_moved_or_rewrapped_mid_rotation(
    app_paths: AppPaths, catalog: Catalog, tmp_path: Path
) -> None:
    """Re-wrapping then would drop the new key the database may already be encrypted with."""
    vault = _vault(app_paths)
    filled = _fill(app_paths, vault, catalog, tmp_path, PASS)
    old, new = _cut_after_the_database(app_paths, vault)
    attempts: tuple[Callable[[], object], ...] = (
        lambda: vault.change_passphrase(PASS, "mật khẩu mới hơn"),
        lambda: vault.use_passphrase(old, "mật khẩu mới hơn"),
        lambda: vault.use_keyring(old),
    )
    for attempt in attempts:
        with pytest.raises(VaultError) as caught:
            attempt()
        assert "open the app once" in caught.value.message_en
    assert vault.info().state == "rotating"
    _check_intact(app_paths, vault, catalog, filled, PASS)
    vault.change_passphrase(PASS, "mật khẩu mới hơn")  # fine once finished
    _check_intact(app_paths, vault, catalog, filled, "mật khẩu mới hơn")


def test_rotate_key_killed_at_random_moments_never_loses_anything(
    app_paths: AppPaths, catalog: Catalog, tmp_path: Path
) -> None:
    """SIGKILL of the real command at random moments; every time the store opens intact."""
    vault = _vault(app_paths)
    filled = _fill(app_paths, vault, catalog, tmp_path, PASS, extra_files=24)
    env = {**os.environ, "HELPER_PASSPHRASE": PASS}
    base = [sys.executable, "-m", "helper_app.cli", "--data-dir", str(app_paths.data_dir)]
    command = [*base, "security", "rotate-key", "--json"]

    def timed(args: list[str]) -> float:
        started = time.perf_counter()
        subprocess.run(args, env=env, check=True, capture_output=True, timeout=120)
        return time.perf_counter() - started

    startup = timed([*base, "security", "status"])  # the same imports, no work
    work = max(0.05, timed(command) - startup)  # the rotation's own part of a run
    checks = {vault.info().check}
    states: list[str] = []
    rng = random.Random(2026)
    for attempt in range(8):
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if attempt % 2:  # anywhere, start-up included
            time.sleep(rng.uniform(0, startup + work))
        else:  # once the vault says the rotation began: inside its work, however slow the machine
            deadline = time.monotonic() + 60
            while process.poll() is None and time.monotonic() < deadline:
                if json.loads(vault.file.read_text(encoding="utf-8"))["state"] == "rotating":
                    break
                time.sleep(0.005)
            time.sleep(rng.uniform(0, work))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        states.append(vault.info().state)
        _check_intact(app_paths, vault, catalog, filled, PASS)
        checks.add(vault.info().check)
    print(f"startup {startup:.2f} s, rotation {work:.2f} s, vault after each kill: {states}")  # noqa: T201
    assert len(checks) >= 2, "rotations began, and each was completed or finished on open"
