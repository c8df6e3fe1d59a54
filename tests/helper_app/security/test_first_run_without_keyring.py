"""A first run of a command with no secure keyring and ``HELPER_PASSPHRASE`` set (issue 11 #7c).

It used to stop with "no secure operating-system keyring": :func:`open_local` retried with the
passphrase after ``PassphraseRequired`` but not after ``KeyringUnusable``, which is what a first
start without a keyring raises. Now the passphrase creates the store in passphrase mode. The
real ``helper-app`` runs in a subprocess with keyring's own fallbacks forced, as on a machine
with no Secret Service, Keychain or Windows vault.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HELPER_APP = [sys.executable, "-m", "helper_app"]
REPO = Path(__file__).resolve().parents[3]
PASSPHRASE = "mật khẩu đủ dài 2025"


def _run(
    data_dir: Path, *args: str, backend: str, passphrase: str | None
) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("HELPER_INSECURE_NO_ENCRYPTION", "HELPER_PASSPHRASE", "HELPER_DATA_DIR")
    }
    env.update({"PYTHON_KEYRING_BACKEND": backend, "PYTHONPATH": str(REPO)})
    if passphrase is not None:
        env["HELPER_PASSPHRASE"] = passphrase
    return subprocess.run(
        [*HELPER_APP, "--data-dir", str(data_dir), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


@pytest.mark.parametrize(
    "backend", ["keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"]
)
def test_helper_passphrase_creates_the_store_on_a_first_run(tmp_path: Path, backend: str) -> None:
    csv_file = tmp_path / "r.csv"
    csv_file.write_text("ho_ten,so_dinh_danh\nNguyễn Văn An,027090004815\n", encoding="utf-8")
    data = tmp_path / "data"
    done = _run(data, "residents", "import", str(csv_file), backend=backend, passphrase=PASSPHRASE)
    assert done.returncode == 0, done.stderr
    assert "imported 1" in done.stdout
    status = _run(data, "security", "status", "--json", backend=backend, passphrase=None)
    assert json.loads(status.stdout)["mode"] == "passphrase"
    found = _run(data, "residents", "search", "nguyen", backend=backend, passphrase=PASSPHRASE)
    assert found.returncode == 0 and "Nguyễn Văn An" in found.stdout


def test_without_a_passphrase_it_says_where_to_put_one(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = _run(data, "dossiers", "list", backend="keyring.backends.fail.Keyring", passphrase=None)
    assert done.returncode == 2
    assert "gnome-keyring" in done.stderr and "HELPER_PASSPHRASE" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (data / "helper.sqlite3").exists() or (data / "helper.sqlite3").stat().st_size == 0
