"""``helper-app security ...``: the data key, retention and erasure, headless.

* ``security status [--json]``: where the key is (keyring or passphrase), migration state.
* ``security set-passphrase``: keep the key wrapped by a passphrase instead of the keyring
  (new passphrase on stdin, twice); ``change-passphrase`` (old, new, new on stdin) re-wraps it;
  ``use-keyring`` moves it back into the OS keyring.
* ``security rotate-key [--json]``: a new data key for the database and every attachment
  (:mod:`helper_app.security.key_rotation`); the app must be closed. Passphrase mode: the
  passphrase as for every command (``HELPER_PASSPHRASE``, a prompt, or one line on stdin).
* ``security purge [--days N]``: remove dossiers the server received more than N days ago.
* ``security erase-resident ID``: remove a resident and their dossiers from this laptop.

Every command opens the store through :func:`helper_app.commands.local.local_storage`
(the passphrase from ``HELPER_PASSPHRASE`` or a prompt).
Exit codes: 0 done, 1 refused (wrong passphrase, nothing to do where something was expected),
2 unusable (no keyring, store cannot be opened).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any

from helper_app.commands.local import ask_passphrase, fail, local_storage
from helper_app.config import resolve_paths
from helper_app.security.key_rotation import rotate
from helper_app.security.retention import DEFAULT_RETENTION_DAYS, erase_resident, purge_received
from helper_app.security.vault import Vault, VaultError, WrongPassphrase
from helper_app.store.errors import StorageError
from helper_app.text import BilingualError


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the security commands to the top-level parser."""
    parser = sub.add_parser("security", help="data key, retention, erasure")
    commands = parser.add_subparsers(dest="security_command", metavar="ACTION", required=True)
    status = commands.add_parser("status", help="where the data key is kept")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=run_status)
    setp = commands.add_parser("set-passphrase", help="wrap the key with a passphrase (stdin)")
    setp.set_defaults(handler=run_set_passphrase)
    change = commands.add_parser("change-passphrase", help="old and new passphrase on stdin")
    change.set_defaults(handler=run_change_passphrase)
    keyring_cmd = commands.add_parser("use-keyring", help="keep the key in the OS keyring")
    keyring_cmd.set_defaults(handler=run_use_keyring)
    rotate_cmd = commands.add_parser("rotate-key", help="re-encrypt everything with a new key")
    rotate_cmd.add_argument("--json", action="store_true")
    rotate_cmd.set_defaults(handler=run_rotate_key)
    purge = commands.add_parser("purge", help="remove dossiers received long ago")
    purge.add_argument("--days", type=int, default=DEFAULT_RETENTION_DAYS)
    purge.add_argument("--json", action="store_true")
    purge.set_defaults(handler=run_purge)
    erase = commands.add_parser("erase-resident", help="remove a resident and their dossiers")
    erase.add_argument("resident_id", metavar="ID")
    erase.add_argument("--actor", default="cli", help="name recorded in the audit trail")
    erase.set_defaults(handler=run_erase)


def _stdin_lines(n: int) -> list[str]:
    lines = [sys.stdin.readline().rstrip("\r\n") for _ in range(n)]
    if any(not line for line in lines):
        fail(ValueError(f"expected {n} non-empty lines on stdin / cần {n} dòng trên stdin"))
    return lines


def run_status(args: argparse.Namespace) -> int:
    """Print where the key is kept (never the key)."""
    vault = Vault(resolve_paths(args.data_dir).database)
    if not vault.exists():
        info: dict[str, Any] = {"mode": None, "state": None}
    else:
        v = vault.info()
        info = {"mode": v.mode, "state": v.state, "changed_at": v.changed_at}
    info["keyring_available"] = vault.keyring_available()
    if args.json:
        sys.stdout.write(json.dumps(info) + "\n")
    else:
        for k, v2 in info.items():
            sys.stdout.write(f"{k}: {v2}\n")
    return 0


def run_set_passphrase(args: argparse.Namespace) -> int:
    """Move the key from the keyring to a passphrase-wrapped copy."""
    with local_storage(args) as local:
        pass
    new, again = _stdin_lines(2)
    if new != again:
        fail(ValueError("Hai lần nhập không khớp. / The two entries differ."), 1)
    assert local.key is not None
    try:
        Vault(local.store.path).use_passphrase(local.key, new)
    except VaultError as exc:
        fail(exc, 1)
    sys.stdout.write("Đã đặt mật khẩu. / Passphrase set.\n")
    return 0


def run_change_passphrase(args: argparse.Namespace) -> int:
    """Re-wrap the key under a new passphrase (nothing is re-encrypted)."""
    old, new, again = _stdin_lines(3)
    if new != again:
        fail(ValueError("Hai lần nhập không khớp. / The two entries differ."), 1)
    try:
        Vault(resolve_paths(args.data_dir).database).change_passphrase(old, new)
    except VaultError as exc:
        fail(exc, 1)
    sys.stdout.write("Đã đổi mật khẩu. / Passphrase changed.\n")
    return 0


def run_use_keyring(args: argparse.Namespace) -> int:
    """Move the key into the OS keyring (the passphrase is no longer needed)."""
    with local_storage(args) as local:
        pass
    assert local.key is not None
    try:
        Vault(local.store.path).use_keyring(local.key)
    except VaultError as exc:
        fail(exc)
    sys.stdout.write("Khoá đã nằm trong kho khoá hệ điều hành. / The key is in the keyring.\n")
    return 0


def run_rotate_key(args: argparse.Namespace) -> int:
    """Replace the data key: the database and every attachment re-encrypted (app closed)."""
    paths = resolve_paths(args.data_dir)
    vault = Vault(paths.database)
    if not vault.exists():
        fail(VaultError("Chưa có kho dữ liệu mã hoá.", "There is no encrypted store yet."), 1)
    passphrase = None
    if vault.info().mode == "passphrase":
        passphrase = ask_passphrase() or _stdin_lines(1)[0]
    try:
        report = rotate(paths, vault, passphrase=passphrase)
    except WrongPassphrase as exc:
        fail(exc, 1)
    except (VaultError, StorageError) as exc:
        fail(exc)
    if args.json:
        sys.stdout.write(json.dumps(asdict(report)) + "\n")
    else:
        sys.stdout.write(
            f"Đã đổi khoá dữ liệu; {report.files_reencrypted} tệp đính kèm được mã hoá lại. / "
            f"Data key replaced; {report.files_reencrypted} attachment(s) re-encrypted.\n"
        )
    return 0


def run_purge(args: argparse.Namespace) -> int:
    """Remove received dossiers older than ``--days``."""
    with local_storage(args) as local:
        report = purge_received(local.store, local.files, days=args.days)
    if args.json:
        sys.stdout.write(json.dumps(report.__dict__) + "\n")
    else:
        sys.stdout.write(
            f"Đã xoá / removed {report.dossiers} hồ sơ / dossiers, {report.files} tệp / files; "
            f"giữ lại (chưa xác nhận tệp) / kept (files unconfirmed): {report.kept_unconfirmed}\n"
        )
    return 0


def run_erase(args: argparse.Namespace) -> int:
    """Erase one resident (and their dossiers) from this laptop."""
    with local_storage(args) as local:
        try:
            report = erase_resident(local.store, local.files, args.resident_id, actor=args.actor)
        except BilingualError as exc:
            fail(exc, 1)
    sys.stdout.write(
        f"Đã xoá cư dân và {report.dossiers} hồ sơ. / Resident erased with {report.dossiers} "
        "dossier(s).\n"
    )
    return 0
