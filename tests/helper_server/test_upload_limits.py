"""One volunteer cannot fill the server's disk with unfinished uploads (issue 12 item 6).

A real server process with a small quota and a short expiry: unfinished uploads past the
quota are refused 413 ``blob.quota_exceeded`` with a message that says what to do, a finished
upload frees its share, another account has its own quota, an upload left unfinished past the
expiry is swept (row and bytes) and can be started again from 0, and /openapi.json states the
real ``max_blob_size`` as the maximum of ``Upload-Length``.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlmodel import select

from helper_server.models import Blob
from tests.helpers.live_server import LiveServer, live_server

QUOTA = 100_000
MAX_BLOB = 60_000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A small quota and upload size; the default week of expiry (nothing swept here)."""
    args = ["--upload-quota", str(QUOTA), "--max-blob-size", str(MAX_BLOB)]
    with live_server(tmp_path_factory.mktemp("limits"), args=args) as running:
        yield running


@pytest.fixture(scope="module")
def sweeping(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Unfinished uploads expire after 3 s (swept every 0.75 s)."""
    args = ["--upload-expiry-seconds", "3"]
    with live_server(tmp_path_factory.mktemp("sweep"), args=args) as running:
        yield running


def _start(client: httpx.Client, content: bytes, sent: int) -> httpx.Response:
    """Begin an upload of ``content`` with only its first ``sent`` bytes."""
    sha = hashlib.sha256(content).hexdigest()
    return client.patch(
        f"/api/v1/blobs/{sha}",
        content=content[:sent],
        headers={
            "Upload-Offset": "0",
            "Upload-Length": str(len(content)),
            "Content-Type": "application/offset+octet-stream",
        },
    )


def test_unfinished_uploads_past_the_quota_are_refused(server: LiveServer) -> None:
    user = server.create_user(role="volunteer")
    other = server.create_user(role="volunteer", ward=user.ward)
    with server.client(server.login(user)) as client:
        held = [os.urandom(40_000), os.urandom(40_000)]
        for content in held:
            assert _start(client, content, 1000).status_code == 200
        refused = _start(client, os.urandom(30_000), 1000)
        assert refused.status_code == 413
        body = refused.json()
        assert body["code"] == "blob.quota_exceeded"
        assert "80000" in body["message"] and str(QUOTA) in body["message"]
        assert "đồng bộ lại" in body["message_vi"]
        # Finishing one frees its share of the quota.
        first = held[0]
        sha = hashlib.sha256(first).hexdigest()
        done = client.patch(
            f"/api/v1/blobs/{sha}",
            content=first[1000:],
            headers={
                "Upload-Offset": "1000",
                "Upload-Length": str(len(first)),
                "Content-Type": "application/offset+octet-stream",
            },
        )
        assert done.status_code == 200 and done.json()["complete"] is True
        assert _start(client, os.urandom(30_000), 1000).status_code == 200
    with server.client(server.login(other)) as client:
        assert _start(client, os.urandom(50_000), 1000).status_code == 200, "a quota per account"


def test_an_upload_left_unfinished_is_swept(sweeping: LiveServer) -> None:
    server = sweeping
    user = server.create_user(role="volunteer")
    content = os.urandom(20_000)
    sha = hashlib.sha256(content).hexdigest()
    with server.client(server.login(user)) as client:
        assert _start(client, content, 5000).status_code == 200
        with server.db.read() as session:
            [blob] = session.exec(select(Blob).where(Blob.sha256 == sha)).all()
        stored = Path(server.blob_dir) / blob.storage_key[:2] / blob.storage_key
        assert stored.stat().st_size == 5000
        deadline = time.monotonic() + 30
        while client.head(f"/api/v1/blobs/{sha}").status_code != 404:
            assert time.monotonic() < deadline, "the unfinished upload was never swept"
            time.sleep(0.5)
        assert not stored.exists(), "the bytes go with the row"
        again = _start(client, content, len(content))
        assert again.status_code == 200 and again.json()["complete"] is True
        time.sleep(4)
        assert client.head(f"/api/v1/blobs/{sha}").status_code == 200, "complete files stay"


def test_openapi_states_the_real_upload_limit(server: LiveServer) -> None:
    spec = httpx.get(f"{server.url}/openapi.json", timeout=30).json()
    params = spec["paths"]["/api/v1/blobs/{sha256}"]["patch"]["parameters"]
    [length] = [p for p in params if p["name"] == "Upload-Length"]
    assert length["schema"]["maximum"] == MAX_BLOB
    user = server.create_user(role="volunteer")
    with server.client(server.login(user)) as client:
        too_big = client.patch(
            f"/api/v1/blobs/{'a' * 64}",
            content=b"x",
            headers={"Upload-Offset": "0", "Upload-Length": str(MAX_BLOB + 1)},
        )
        assert too_big.status_code == 413 and too_big.json()["code"] == "blob.too_large"
