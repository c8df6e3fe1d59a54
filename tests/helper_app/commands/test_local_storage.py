"""``local_storage``: every headless command opens the store the same way and always closes it.

A command that ends early (a refusal through ``fail``, an error, a return) must still close
the database: SQLite checkpoints and removes the WAL file only when its last connection closes,
so a WAL left beside the database after the block shows a store left open.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
import sqlalchemy as sa

from helper_app.commands.local import PASSPHRASE_ENV, fail, local_storage
from helper_app.config import resolve_paths
from helper_app.security.storage import open_store
from helper_app.text import BilingualError

PASSPHRASE = "mật khẩu đủ dài 2025"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A passphrase-mode store (no keyring involved), its passphrase in the environment."""
    monkeypatch.delenv("HELPER_INSECURE_NO_ENCRYPTION", raising=False)
    folder = tmp_path / "data"
    open_store(resolve_paths(folder), passphrase=PASSPHRASE).close()
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    return folder


def _wal(folder: Path) -> Path:
    database = resolve_paths(folder).database
    return database.with_name(database.name + "-wal")


def _write_something(folder: Path) -> None:
    with local_storage(argparse.Namespace(data_dir=folder)) as local:
        with local.store.write() as session:
            session.execute(sa.text("CREATE TABLE IF NOT EXISTS probe (x INTEGER)"))
        assert _wal(folder).exists()


def test_the_store_is_closed_after_the_block(data_dir: Path) -> None:
    _write_something(data_dir)
    assert not _wal(data_dir).exists()


def test_the_store_is_closed_when_the_command_fails(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as ended:
        with local_storage(argparse.Namespace(data_dir=data_dir)) as local:
            with local.store.write() as session:
                session.execute(sa.text("CREATE TABLE probe (x INTEGER)"))
            fail(BilingualError("Không được.", "Refused."), 1)
    assert ended.value.code == 1
    assert capsys.readouterr().err == "Không được.\nRefused.\n"
    assert not _wal(data_dir).exists()


def test_a_wrong_passphrase_exits_2_naming_the_problem(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, "not the passphrase at all")
    with pytest.raises(SystemExit) as ended:
        with local_storage(argparse.Namespace(data_dir=data_dir)):
            pytest.fail("the block must not run with a wrong passphrase")
    assert ended.value.code == 2
    assert "mật khẩu" in capsys.readouterr().err.lower()
