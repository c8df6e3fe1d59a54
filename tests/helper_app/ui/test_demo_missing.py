"""``helper-app --demo`` in the bundle (no server inside) says so in both languages.

The bundle leaves ``helper_server`` and ``helper_app.demo`` out. A subprocess installs an import
hook that makes those modules unimportable, exactly as in the bundle, and runs the real command
line: it must exit 2 with the bilingual sentence and no traceback, and start nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BLOCKING = """
import sys
from importlib.abc import MetaPathFinder

BLOCKED = {blocked!r}

class Block(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED or name in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None

sys.meta_path.insert(0, Block())
from helper_app.cli import main
sys.exit(main(["--data-dir", {data_dir!r}, "--demo"]))
"""


@pytest.mark.parametrize(
    "blocked",
    [("helper_server",), ("helper_app.demo", "helper_server"), ("helper_app.demo",)],
    ids=["no-server", "bundle", "no-demo-module"],
)
def test_demo_without_the_server_prints_a_bilingual_message(
    tmp_path: Path, blocked: tuple[str, ...]
) -> None:
    data_dir = tmp_path / "data"
    code = BLOCKING.format(blocked=set(blocked), data_dir=str(data_dir))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "Chế độ thử (--demo) không có trong bản đóng gói" in done.stderr
    assert "The demo mode (--demo) is not part of the volunteer bundle" in done.stderr
    assert "./run-demo.sh" in done.stderr
    assert "Helper demo server" not in done.stdout, "no server was started"
