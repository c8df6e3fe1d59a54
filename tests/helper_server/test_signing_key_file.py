"""The provisioning signing key can live in a file the admin names, apart from the database
and its backups (issue 12 item 8): a real server started with ``--signing-key-file`` signs with
that key, and a missing, too open or wrong file is refused at start with its name."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from helper_app.demo import server_command
from helper_app.provisioning.format import fingerprint
from helper_server.migrations import upgrade
from helper_server.provisioning import public_bytes
from tests.helpers.live_server import live_server


def _pem(key: Any) -> bytes:
    """The unencrypted PKCS#8 PEM of any private key."""
    pem: bytes = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return pem


def test_the_named_key_signs(tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    secret = tmp_path / "keys" / "ward.pem"
    secret.parent.mkdir(mode=0o700)
    secret.write_bytes(_pem(key))
    secret.chmod(0o600)
    with live_server(tmp_path / "server", args=["--signing-key-file", str(secret)]) as server:
        admin = server.create_user(role="admin")
        with server.client(server.login(admin)) as client:
            made = client.post(
                "/api/v1/provisioning",
                json={"server_url": "https://helper.phuong.vn", "days": 7},
            )
            assert made.status_code == 200, made.text
        answer = httpx.get(f"{server.url}/api/v1/provisioning/key", timeout=30).json()
        assert answer["fingerprint"] == fingerprint(public_bytes(key))
        assert not (tmp_path / "server" / "signing.pem").exists(), "no second key was made"


@pytest.mark.parametrize("problem", ["missing", "too_open", "not_ed25519", "garbage"])
def test_a_bad_key_file_is_refused_naming_it(tmp_path: Path, problem: str) -> None:
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    upgrade(url)
    named = tmp_path / "ward-key.pem"
    if problem == "too_open":
        named.write_bytes(_pem(Ed25519PrivateKey.generate()))
        named.chmod(0o644)
    elif problem == "not_ed25519":
        named.write_bytes(_pem(generate_private_key(SECP256R1())))
        named.chmod(0o600)
    elif problem == "garbage":
        named.write_bytes(b"\xff\xfe not a key")
        named.chmod(0o600)
    started = subprocess.run(
        [*server_command(), "serve", "--db", url, "--signing-key-file", str(named), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert started.returncode == 2, started.stdout + started.stderr
    assert str(named) in started.stderr
    assert "refusing to serve" in started.stderr
