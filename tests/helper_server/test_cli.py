"""``helper-server`` commands: migrate, the unmigrated-database refusal, create-user, init-demo."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import httpx

from helper_app.demo import free_port, server_command
from helper_server.db import make_engine
from helper_server.migrations import current_revision, head_revision
from tests.helpers.live_server import live_server


def _run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*server_command(), *args], input=stdin, capture_output=True, text=True, timeout=120
    )


def test_serve_refuses_an_unmigrated_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    result = _run("serve", "--db", url, "--port", str(free_port()))
    assert result.returncode == 2
    assert "helper-server migrate" in result.stderr
    assert "Traceback" not in result.stderr


def test_migrate_then_create_user_then_sign_in(tmp_path: Path, forms_dir: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    migrated = _run("migrate", "--db", url)
    assert migrated.returncode == 0, migrated.stderr
    engine = make_engine(url, pool_size=1)
    assert current_revision(engine) == head_revision()
    engine.dispose()
    created = _run(
        "create-user",
        "--db",
        url,
        "--username",
        "lan",
        "--role",
        "officer",
        "--ward",
        "07627",
        "--password-stdin",
        stdin="mật-khẩu-dài\n",
    )
    assert created.returncode == 0, created.stderr
    again = _run(
        "create-user",
        "--db",
        url,
        "--username",
        "lan",
        "--role",
        "officer",
        "--ward",
        "07627",
        "--password-stdin",
        stdin="another-password\n",
    )
    assert again.returncode == 1 and "already taken" in again.stderr
    with live_server(tmp_path / "run", db_url=url, forms_dir=forms_dir, migrate=False) as server:
        response = httpx.post(
            f"{server.url}/api/v1/auth/login",
            json={"username": "lan", "password": "mật-khẩu-dài", "device_id": "d"},
        )
    assert response.status_code == 200
    assert response.json()["user"]["ward_code"] == "07627"


def test_init_demo_prints_working_credentials(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    result = _run("init-demo", "--db", url)
    assert result.returncode == 0, result.stderr
    creds = dict(re.findall(r"username: (\S+)\s+password: (\S+)", result.stdout))
    assert set(creds) == {"demo-volunteer", "demo-officer"}
    assert "published procedure definitions" in result.stdout
    with live_server(tmp_path / "run", db_url=url, migrate=False) as server:
        for username, password in creds.items():
            response = httpx.post(
                f"{server.url}/api/v1/auth/login",
                json={"username": username, "password": password, "device_id": "d"},
            )
            assert response.status_code == 200
        token = response.json()["access_token"]
        forms = httpx.get(
            f"{server.url}/api/v1/forms", headers={"Authorization": f"Bearer {token}"}
        ).json()
    assert len(forms["forms"]) >= 1
