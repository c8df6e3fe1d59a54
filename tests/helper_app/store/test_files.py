"""One atomic write for every small file of the laptop (helper_app/store/files.py).

A crash leaves the old content or the new: a writer killed with SIGKILL at random moments never
leaves a half file or a stray temporary. The rename is made durable by syncing the directory,
which no test can observe without pulling the power: the one double here wraps the real
``os.fsync`` to record that a directory was synced after the rename.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helper_app.store import files
from helper_app.store.files import replace_and_wipe, write_atomic

_WRITER = """
import sys
from pathlib import Path
from helper_app.store.files import write_atomic
target = Path(sys.argv[1])
n = 0
while True:
    letter = b"AB"[n % 2:n % 2 + 1]
    write_atomic(target, letter * 300_000)
    n += 1
"""


def test_write_replaces_the_content_with_the_mode_asked(tmp_path: Path) -> None:
    target = tmp_path / "new-folder" / "settings.json"
    write_atomic(target, b"first")
    write_atomic(target, "thứ hai".encode(), mode=0o644)
    assert target.read_bytes() == "thứ hai".encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert sorted(p.name for p in target.parent.iterdir()) == ["settings.json"]


def test_default_mode_is_the_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "vault.json"
    write_atomic(target, b"{}")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_failed_rename_keeps_the_old_content_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "units.json"
    write_atomic(target, b"old")

    def full_disk(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["units.json"]


def test_the_directory_is_synced_after_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[tuple[bool, bool]] = []
    real_fsync = os.fsync
    target = tmp_path / "pin.json"

    def recording_fsync(fd: int) -> None:
        synced.append((stat.S_ISDIR(os.fstat(fd).st_mode), target.exists()))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    write_atomic(target, b"{}")
    # the file's bytes first (before the rename), then the folder, once the name is in it
    assert synced == [(False, False), (True, True)]


def test_sigkill_during_writes_leaves_old_or_new_never_half(tmp_path: Path) -> None:
    target = tmp_path / "definition.json"
    write_atomic(target, b"A" * 300_000)
    for delay in (0.05, 0.11, 0.17, 0.23, 0.31):
        child = subprocess.Popen([sys.executable, "-c", _WRITER, str(target)])
        time.sleep(delay + 0.3)  # the interpreter's start, then writes in a loop
        child.send_signal(signal.SIGKILL)
        child.wait()
        content = target.read_bytes()
        assert content in (b"A" * 300_000, b"B" * 300_000)
    # a killed writer may leave its temporary (never under the target's name); nothing else
    assert {p.name for p in tmp_path.iterdir()} - {"definition.json"} <= {
        p.name for p in tmp_path.glob(".definition.json.*.tmp")
    }


def test_replace_and_wipe_zeroes_the_replaced_bytes(tmp_path: Path) -> None:
    target = tmp_path / "helper.sqlite3"
    target.write_bytes(b"Nguyen Van A 001090000001" * 100)
    new = tmp_path / "helper.sqlite3.new"
    new.write_bytes(b"ciphertext")
    with target.open("rb") as old_handle:  # the old file's inode, still reachable
        replace_and_wipe(new, target)
        old_handle.seek(0)
        assert old_handle.read() == bytes(len(b"Nguyen Van A 001090000001") * 100)
    assert target.read_bytes() == b"ciphertext"
    assert not new.exists()


def test_fsync_dir_of_a_missing_folder_is_a_no_op(tmp_path: Path) -> None:
    files.fsync_dir(tmp_path / "gone")
