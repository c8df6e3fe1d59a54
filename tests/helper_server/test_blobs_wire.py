"""Resumable uploads over a real socket: a connection cut in the middle of a body keeps what
arrived, and the upload resumes from there. Needs the live server (a socket to cut)."""

from __future__ import annotations

import socket
import time
from urllib.parse import urlsplit

from tests.helper_server.world import OCTETS, Ward, blob_of, patch_chunk
from tests.helpers.live_server import LiveServer

LIVE_SERVER = True
"""The ``server`` of the conftest is a real process: this module cuts a socket."""


def test_truncated_upload_keeps_what_arrived_and_resumes(ward: Ward, server: LiveServer) -> None:
    content = bytes(range(200)) * 100
    sha = blob_of(content)
    host = urlsplit(server.url)
    token = ward.vol.headers["Authorization"]
    head = (
        f"PATCH /api/v1/blobs/{sha} HTTP/1.1\r\nHost: {host.netloc}\r\n"
        f"Authorization: {token}\r\nUpload-Offset: 0\r\nUpload-Length: {len(content)}\r\n"
        f"Content-Type: {OCTETS}\r\nContent-Length: {len(content)}\r\n\r\n"
    ).encode()
    with socket.create_connection((host.hostname, host.port)) as sock:
        sock.sendall(head + content[:7000])
        time.sleep(0.5)
    held = 0
    for _ in range(50):
        held = int(ward.vol.head(f"/api/v1/blobs/{sha}").headers["Upload-Offset"])
        if held == 7000:
            break
        time.sleep(0.1)
    assert held == 7000
    response = patch_chunk(ward, sha, content[held:], held, len(content))
    assert response.status_code == 200
    assert response.json()["complete"] is True
    assert ward.off.get(f"/api/v1/blobs/{sha}").content == content
