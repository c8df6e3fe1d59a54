"""The demo's temporary directory (the server's plaintext SQLite) never outlives the demo.

Killing the demo with SIGTERM used to leave ``$TMPDIR/helper-demo-*`` behind. Here the real
``helper-app --demo`` runs as a subprocess (Qt offscreen, a TMPDIR of the test's own) and is
sent SIGTERM or SIGINT once its server answers, or SIGTERM while it is still setting up; and
directories left by a demo that died (SIGKILL) are removed at the next start, by their pid
file, while a live demo's directory is kept.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from helper_app import demo
from helper_app.demo import DemoError, prepare_demo
from helper_app.demo_dirs import (
    DEMO_PREFIX,
    ORPHAN_AGE_S,
    PID_FILE,
    remove_stale_demos,
    write_pid_file,
)

ROOT = Path(__file__).resolve().parents[2]
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc")


def dead_pid() -> int:
    """The pid of a process that has exited (and was reaped)."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def demo_dir(base: Path, name: str) -> Path:
    path = base / f"{DEMO_PREFIX}{name}"
    (path / "server").mkdir(parents=True)
    (path / "server" / "server.sqlite3").write_bytes(b"SQLite format 3\0plaintext")
    return path


def test_a_dead_owners_directory_is_removed_and_a_live_one_kept(tmp_path: Path) -> None:
    live = demo_dir(tmp_path, "live")
    write_pid_file(live)
    dead = demo_dir(tmp_path, "dead")
    (dead / PID_FILE).write_text(f"{dead_pid()}\n")
    other = tmp_path / "not-a-demo"
    other.mkdir()
    assert remove_stale_demos(tmp_path) == [dead]
    assert live.exists() and other.exists() and not dead.exists()


@linux_only
def test_a_reused_pid_does_not_keep_a_directory(tmp_path: Path) -> None:
    """Our own pid with another start time: the owner died and the pid went to someone else."""
    reused = demo_dir(tmp_path, "reused")
    (reused / PID_FILE).write_text(f"{os.getpid()} 1\n")
    assert remove_stale_demos(tmp_path) == [reused]


def test_a_directory_without_pid_file_is_removed_only_when_old(tmp_path: Path) -> None:
    fresh = demo_dir(tmp_path, "starting")  # may be a demo between mkdtemp and its pid file
    old = demo_dir(tmp_path, "olderversion")
    long_ago = time.time() - ORPHAN_AGE_S - 60
    os.utime(old, (long_ago, long_ago))
    assert remove_stale_demos(tmp_path) == [old]
    assert fresh.exists()


def test_a_failed_start_leaves_no_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def broken(_db_url: str, _blob_dir: Path) -> dict[str, str]:
        raise DemoError("init-demo failed")

    monkeypatch.setattr(demo, "init_server_db", broken)
    with pytest.raises(DemoError):
        prepare_demo()
    assert list(tmp_path.iterdir()) == []


def start_demo(tmp_path: Path) -> tuple[subprocess.Popen[str], Path]:
    """``helper-app --demo`` offscreen with TMPDIR and HOME inside ``tmp_path``."""
    temp, home = tmp_path / "tmp", tmp_path / "home"
    temp.mkdir()
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        TMPDIR=str(temp),
        HOME=str(home),
        XDG_STATE_HOME=str(home / "state"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        PYTHONUNBUFFERED="1",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "helper_app", "--demo"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return process, temp


def read_until(process: subprocess.Popen[str], prefix: str, timeout: float) -> tuple[str, str]:
    """Read the demo's output until a line starts with ``prefix``; (that line, all output)."""
    assert process.stdout is not None
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.5)
        if ready:
            line = process.stdout.readline()
            if not line:
                break
            seen.append(line)
            if line.startswith(prefix):
                return line, "".join(seen)
    raise AssertionError(f"no {prefix!r} line in time; output:\n{''.join(seen)}")


def children(pid: int) -> list[int]:
    """Pids whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if int(text[text.rindex(")") + 2 :].split()[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return state[state.rindex(")") + 2] == "Z"


@linux_only
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_server_and_removes_the_directory(
    tmp_path: Path, signum: signal.Signals
) -> None:
    process, temp = start_demo(tmp_path)
    try:
        line, _ = read_until(process, "Helper demo server: ", timeout=120)
        url = line.split(": ", 1)[1].strip()
        [folder] = list(temp.glob(f"{DEMO_PREFIX}*"))
        assert (folder / "server" / "server.sqlite3").exists()
        assert (folder / PID_FILE).read_text().split()[0] == str(process.pid)
        with urllib.request.urlopen(f"{url}/api/v1/health", timeout=5) as answer:
            assert answer.status == 200
        servers = children(process.pid)
        assert servers, "the demo server is not a child of the app"
        time.sleep(1)  # the window is up and idle (the event loop runs in C++)
        process.send_signal(signum)
        code = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert code == 128 + signum
    assert not folder.exists(), "the demo directory (plaintext server database) was left"
    assert all(gone(pid) for pid in servers)
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{url}/api/v1/health", timeout=2)


@linux_only
def test_sigterm_while_setting_up_still_cleans_up(tmp_path: Path) -> None:
    process, temp = start_demo(tmp_path)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list(temp.glob(f"{DEMO_PREFIX}*/server")):
            time.sleep(0.02)
        [folder] = list(temp.glob(f"{DEMO_PREFIX}*"))
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=90)
        output = process.stdout.read() if process.stdout else ""
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert code == 128 + signal.SIGTERM, output
    assert not folder.exists()
    assert children(process.pid) == []
