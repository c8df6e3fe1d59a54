"""Running the real ``helper-app`` commands in tests, as a volunteer would in a terminal.

:func:`run` starts ``helper-app --data-dir DIR ...`` in a subprocess (stdin given, output kept);
:func:`login` signs a data directory in; :func:`queue_dossiers` imports finalized dossiers with a
scan each. :data:`PLAIN_ENV` switches encryption off for tests about the commands themselves
(encryption has its own, in tests/helper_app/security).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers.live_server import LiveServer, TestUser
from tests.helpers.sync_world import birth_example, random_bytes_file

REPO = Path(__file__).resolve().parents[2]
"""The checkout (the subprocesses import the app from it)."""
PLAIN_ENV = {"HELPER_TEST_MODE": "1", "HELPER_INSECURE_NO_ENCRYPTION": "1"}
"""These tests are about the commands; encryption has its own (tests/helper_app/security)."""
HELPER_APP = [str(Path(sys.executable).parent / "helper-app")]


def run(
    data_dir: Path,
    *args: str,
    stdin: str = "",
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """``helper-app --data-dir DATA_DIR ARGS...``, its output kept (``env`` adds variables)."""
    return subprocess.run(
        [*HELPER_APP, "--data-dir", str(data_dir), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def login(
    data_dir: Path, server: LiveServer, user: TestUser, *, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``helper-app login`` as ``user``, the password on stdin."""
    return run(
        data_dir,
        "login",
        "--server",
        server.url,
        "--username",
        user.username,
        "--password-stdin",
        stdin=user.password + "\n",
        env=env,
    )


def queue_dossiers(data_dir: Path, tmp_path: Path, count: int) -> None:
    data, slots = birth_example()
    items = []
    for n in range(count):
        scan = random_bytes_file(tmp_path / f"scan-{n}.pdf", 4000, seed=n)
        items.append(
            {
                "procedure": "birth_registration",
                "data": data,
                "attachments": [{"slot": slots[0], "path": str(scan)}],
                "consent": {"help": True, "processing": True},
                "finalize": True,
            }
        )
    batch = tmp_path / "batch.json"
    batch.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    done = run(data_dir, "dossiers", "import", str(batch))
    assert done.returncode == 0, done.stderr
