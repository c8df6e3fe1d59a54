"""What every headless command that touches this laptop's data shares: opening the store, and
ending with a reason in both languages and an exit code.

:func:`local_storage` is the one way a command opens the store (and is sure to close it); in
passphrase mode the passphrase comes from ``HELPER_PASSPHRASE`` or, on a terminal, a prompt
that does not echo. On a first run with no secure keyring the same passphrase creates the store
in passphrase mode (a terminal asks for it twice), as the app's first-start dialog does.
A store that cannot be opened ends the command with exit code 2 and says why.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn, Protocol

from helper_app.config import resolve_paths
from helper_app.security.storage import LocalStorage, open_store
from helper_app.security.vault import KeyringUnusable, PassphraseRequired, Vault, VaultError
from helper_app.store.errors import StorageError
from helper_app.text import BilingualError

PASSPHRASE_ENV = "HELPER_PASSPHRASE"

_NO_KEYRING_HINT = (
    f"Đặt mật khẩu trong biến môi trường {PASSPHRASE_ENV} (hoặc chạy lệnh trong một cửa sổ "
    "dòng lệnh để nhập) rồi chạy lại.\n"
    f"Set the passphrase in the {PASSPHRASE_ENV} environment variable (or run the command in a "
    "terminal to type it) and run it again.\n"
)


def say(vi: str, en: str) -> None:
    """Tell the user something on stderr, Vietnamese first."""
    sys.stderr.write(f"{vi}\n{en}\n")


class Bilingual(Protocol):
    """An error that carries its message in both languages (BilingualError, the keyring's and
    the sync client's errors)."""

    @property
    def message_vi(self) -> str: ...

    @property
    def message_en(self) -> str: ...


def tell(exc: Bilingual) -> None:
    """Say a bilingual error's message, Vietnamese first."""
    say(exc.message_vi, exc.message_en)


NOT_SIGNED_IN = (
    "Chưa đăng nhập: hãy chạy `helper-app login`.",
    "Not signed in: run `helper-app login`.",
)
"""What a command that needs the server says before anyone signed in (``say(*NOT_SIGNED_IN)``)."""


def fail(exc: BaseException, code: int = 2) -> NoReturn:
    """End the command with ``code``, saying why (both languages for a bilingual error)."""
    if isinstance(exc, BilingualError):
        tell(exc)
    else:
        sys.stderr.write(f"{exc}\n")
    raise SystemExit(code)


def ask_passphrase(prompt: str = "Mật khẩu / Passphrase: ") -> str | None:
    """The store's passphrase: ``HELPER_PASSPHRASE``, or typed on a terminal; else ``None``."""
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
        fail(ValueError("Hai lần nhập không khớp. / The two entries differ."), 1)
    return first


def open_local(args: argparse.Namespace) -> LocalStorage:
    """The data directory's store and files, unlocked; on failure print why and exit 2.

    Prefer :func:`local_storage`, which also closes it. A first run with no secure keyring
    (:class:`KeyringUnusable` before any key file exists) creates the store in passphrase mode
    with the passphrase of :func:`_new_passphrase`; without one it says where to put it. A
    keyring that fails for a store already kept there is not retried: a passphrase cannot open
    it.
    """
    paths = resolve_paths(args.data_dir)
    vault = Vault(paths.database)
    try:
        try:
            return open_store(paths, vault)
        except PassphraseRequired:
            given = ask_passphrase()
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
        fail(exc)


@contextmanager
def local_storage(args: argparse.Namespace) -> Iterator[LocalStorage]:
    """The unlocked store for the length of a ``with`` block, closed however the block ends
    (a return, an error, or :func:`fail`)."""
    local = open_local(args)
    try:
        yield local
    finally:
        local.close()
