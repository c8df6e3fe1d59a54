"""The server side of provisioning: the signing key, the CLI command and the API endpoints.

The key is made once with 0600 permissions and refused when others can read it; the command
writes a file a laptop accepts; the live server publishes the same public key at
``/api/v1/provisioning/key`` and lets only an admin download a file for their own ward.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import httpx
import pytest

from helper_app.provisioning.format import fingerprint, parse_envelope, verify
from helper_server.cli import main as server_main
from helper_server.migrations import upgrade
from helper_server.provisioning import (
    KEY_ENV,
    SigningKeyError,
    load_or_create_signing_key,
    public_bytes,
)
from tests.helper_server.world import write_forms
from tests.helpers.live_server import live_server

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


@posix_only
def test_key_is_created_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "signing.pem"
    first = load_or_create_signing_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert public_bytes(load_or_create_signing_key(path)) == public_bytes(first)


@posix_only
def test_key_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "signing.pem"
    load_or_create_signing_key(path)
    path.chmod(0o644)
    with pytest.raises(SigningKeyError, match="chmod 600"):
        load_or_create_signing_key(path)


def test_garbage_key_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "signing.pem"
    path.write_text("not a key")
    path.chmod(0o600)
    with pytest.raises(SigningKeyError):
        load_or_create_signing_key(path)


def _make_ward(db_url: str, code: str) -> None:
    from helper_server.accounts import ensure_ward
    from helper_server.db import Database, make_engine

    engine = make_engine(db_url, pool_size=1)
    try:
        with Database(engine).write() as session:
            ensure_ward(session, code=code, name="Phường Thử")
    finally:
        engine.dispose()


def test_command_writes_a_file_the_laptop_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    upgrade(db_url)
    _make_ward(db_url, "09193")
    key_file = tmp_path / "signing.pem"
    out = tmp_path / "ward.json"
    common = ["provision", "--db", db_url, "--key", str(key_file), "--out", str(out)]
    code = server_main(
        [*common, "--ward", "09193", "--server-url", "https://ward.example", "--days", "7"]
    )
    assert code == 0
    printed = capsys.readouterr().out
    key_fp = fingerprint(public_bytes(load_or_create_signing_key(key_file)))
    assert key_fp in printed
    verified = verify(parse_envelope(out.read_bytes()))
    assert verified.payload.ward_name == "Phường Thử"
    assert verified.payload.expires_at - verified.payload.issued_at == dt.timedelta(days=7)
    assert verified.units is not None and verified.units.commune("09193") is not None
    assert {d.code for d in verified.definitions} >= {"birth_registration"}

    unknown = server_main([*common, "--ward", "00000", "--server-url", "https://ward.example"])
    assert unknown == 2 and "unknown ward" in capsys.readouterr().err
    bad_url = server_main([*common, "--ward", "09193", "--server-url", "ward.example"])
    assert bad_url == 2
    bad_ca = tmp_path / "ca.pem"
    bad_ca.write_text("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
    with_bad_ca = server_main(
        [*common, "--ward", "09193", "--server-url", "https://w.example", "--ca", str(bad_ca)]
    )
    assert with_bad_ca == 2 and "PEM certificate" in capsys.readouterr().err


def test_live_server_publishes_the_key_and_serves_admins_only(tmp_path: Path) -> None:
    key_file = tmp_path / "signing.pem"
    forms = write_forms(tmp_path / "forms")
    with live_server(tmp_path / "srv", forms_dir=forms, env={KEY_ENV: str(key_file)}) as server:
        key_url = f"{server.url}/api/v1/provisioning/key"
        assert httpx.get(key_url, timeout=30).status_code == 404, "a read never makes the key"
        assert not key_file.exists()
        key = load_or_create_signing_key(key_file)
        published = httpx.get(key_url, timeout=30).json()
        assert published["fingerprint"] == fingerprint(public_bytes(key))
        admin = server.create_user(role="admin", ward="09193")
        volunteer = server.create_user(role="volunteer", ward="09193")
        body = {"server_url": "https://ward.example", "days": 3}
        with server.client(server.login(volunteer)) as client:
            assert client.post("/api/v1/provisioning", json=body).status_code == 403
        with server.client(server.login(admin)) as client:
            answer = client.post("/api/v1/provisioning", json=body)
            assert answer.status_code == 200, answer.text
            refused = client.post("/api/v1/provisioning", json={**body, "days": 0})
            assert refused.status_code == 422
        with server.client() as anonymous:
            assert anonymous.post("/api/v1/provisioning", json=body).status_code == 401
    verified = verify(parse_envelope(answer.content))
    assert verified.payload.ward_code == "09193"
    assert verified.fingerprint == published["fingerprint"]
    assert {d.key for d in verified.definitions} == {"test_permit@1", "test_permit@2"}
