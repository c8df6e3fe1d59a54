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

Every command that opens the store goes through :func:`open_local`: in passphrase mode the
passphrase comes from ``HELPER_PASSPHRASE`` or, on a terminal, a prompt that does not echo. On a
first run with no secure keyring the same passphrase creates the store in passphrase mode (a
terminal asks for it twice), as the app's first-start dialog does.
Exit codes: 0 done, 1 refused (wrong passphrase, nothing to do where something was expected),
2 unusable (no keyring, store cannot be opened).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from dataclasses import asdict
from typing import Any, NoReturn

from helper_app.config import resolve_paths
from helper_app.security.key_rotation import rotate
from helper_app.security.retention import DEFAULT_RETENTION_DAYS, erase_resident, purge_received
from helper_app.security.storage import LocalStorage, open_store
from helper_app.security.vault import (
    KeyringUnusable,
    PassphraseRequired,
    Vault,
    VaultError,
    WrongPassphrase,
)
from helper_app.store.errors import StorageError
from helper_app.text import BilingualError

PASSPHRASE_ENV = "HELPER_PASSPHRASE"


def _fail(exc: BaseException, code: int = 2) -> NoReturn:
    if isinstance(exc, BilingualError):
        sys.stderr.write(f"{exc.message_vi}\n{exc.message_en}\n")
    else:
        sys.stderr.write(f"{exc}\n")
    raise SystemExit(code)


def _passphrase(prompt: str = "Mật khẩu / Passphrase: ") -> str | None:
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return None


def _new_passphrase() -> str | None:
    """A passphrase for a new store: ``HELPER_PASSPHRASE``, or typed twice on a terminal."""
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        return None
    first = getpass.getpass("Mật khẩu mới / New passphrase: ")
    if getpass.getpass("Nhập lại / Again: ") != first:
        _fail(ValueError("Hai lần nhập không khớp. / The two entries differ."), 1)
    return first


_NO_KEYRING_HINT = (
    f"Đặt mật khẩu trong biến môi trường {PASSPHRASE_ENV} (hoặc chạy lệnh trong một cửa sổ "
    "dòng lệnh để nhập) rồi chạy lại.\n"
    f"Set the passphrase in the {PASSPHRASE_ENV} environment variable (or run the command in a "
    "terminal to type it) and run it again.\n"
)


def open_local(args: argparse.Namespace) -> LocalStorage:
    """The data directory's store and files, unlocked; on failure print why and exit 2.

    A first run with no secure keyring (:class:`KeyringUnusable` before any key file exists)
    creates the store in passphrase mode with the passphrase of :func:`_new_passphrase`;
    without one it says where to put it. A keyring that fails for a store already kept there
    is not retried: a passphrase cannot open it.
    """
    paths = resolve_paths(args.data_dir)
    vault = Vault(paths.database)
    try:
        try:
            return open_store(paths, vault)
        except PassphraseRequired:
            given = _passphrase()
            if given is None:
                raise
            return open_store(paths, vault, passphrase=given)
        except KeyringUnusable as exc:
            if vault.exists():
                raise
            new = _new_passphrase()
            if new is None:
                sys.stderr.write(f"{exc.message_vi}\n{exc.message_en}\n{_NO_KEYRING_HINT}")
                raise SystemExit(2) from exc
            return open_store(paths, vault, passphrase=new)
    except (VaultError, StorageError) as exc:
        _fail(exc)


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
        _fail(ValueError(f"expected {n} non-empty lines on stdin / cần {n} dòng trên stdin"))
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
    local = open_local(args)
    local.close()
    new, again = _stdin_lines(2)
    if new != again:
        _fail(ValueError("Hai lần nhập không khớp. / The two entries differ."), 1)
    assert local.key is not None
    try:
        Vault(local.store.path).use_passphrase(local.key, new)
    except VaultError as exc:
        _fail(exc, 1)
    sys.stdout.write("Đã đặt mật khẩu. / Passphrase set.\n")
    return 0


def run_change_passphrase(args: argparse.Namespace) -> int:
    """Re-wrap the key under a new passphrase (nothing is re-encrypted)."""
    old, new, again = _stdin_lines(3)
    if new != again:
        _fail(ValueError("Hai lần nhập không khớp. / The two entries differ."), 1)
    try:
        Vault(resolve_paths(args.data_dir).database).change_passphrase(old, new)
    except VaultError as exc:
        _fail(exc, 1)
    sys.stdout.write("Đã đổi mật khẩu. / Passphrase changed.\n")
    return 0


def run_use_keyring(args: argparse.Namespace) -> int:
    """Move the key into the OS keyring (the passphrase is no longer needed)."""
    local = open_local(args)
    local.close()
    assert local.key is not None
    try:
        Vault(local.store.path).use_keyring(local.key)
    except VaultError as exc:
        _fail(exc)
    sys.stdout.write("Khoá đã nằm trong kho khoá hệ điều hành. / The key is in the keyring.\n")
    return 0


def run_rotate_key(args: argparse.Namespace) -> int:
    """Replace the data key: the database and every attachment re-encrypted (app closed)."""
    paths = resolve_paths(args.data_dir)
    vault = Vault(paths.database)
    if not vault.exists():
        _fail(VaultError("Chưa có kho dữ liệu mã hoá.", "There is no encrypted store yet."), 1)
    passphrase = None
    if vault.info().mode == "passphrase":
        passphrase = _passphrase() or _stdin_lines(1)[0]
    try:
        report = rotate(paths, vault, passphrase=passphrase)
    except WrongPassphrase as exc:
        _fail(exc, 1)
    except (VaultError, StorageError) as exc:
        _fail(exc)
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
    local = open_local(args)
    try:
        report = purge_received(local.store, local.files, days=args.days)
    finally:
        local.close()
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
    local = open_local(args)
    try:
        report = erase_resident(local.store, local.files, args.resident_id, actor=args.actor)
    except BilingualError as exc:
        _fail(exc, 1)
    finally:
        local.close()
    sys.stdout.write(
        f"Đã xoá cư dân và {report.dossiers} hồ sơ. / Resident erased with {report.dossiers} "
        "dossier(s).\n"
    )
    return 0
