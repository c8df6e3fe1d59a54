"""Resumable uploads: offsets, size and hash checks (resume after a cut connection:
``test_blobs_wire.py``)."""

from __future__ import annotations

import hashlib

from tests.helper_server.world import OCTETS, Ward, blob_of, mutation, patch_chunk, push, upload
from tests.helpers.app_server import AppServer


def test_chunked_upload_with_head_offsets(ward: Ward) -> None:
    content = bytes(range(256)) * 40
    sha = blob_of(content)
    assert ward.vol.head(f"/api/v1/blobs/{sha}").status_code == 404
    for start in range(0, len(content), 3000):
        response = patch_chunk(ward, sha, content[start : start + 3000], start, len(content))
        assert response.status_code == 200
        head = ward.vol.head(f"/api/v1/blobs/{sha}")
        assert int(head.headers["Upload-Offset"]) == min(start + 3000, len(content))
        assert head.headers["Upload-Length"] == str(len(content))
    assert head.headers["Blob-Complete"] == "true"
    body = ward.off.get(f"/api/v1/blobs/{sha}")
    assert body.status_code == 200 and body.content == content


def test_wrong_offset_is_409_with_the_right_one(ward: Ward) -> None:
    content = b"x" * 1000
    sha = blob_of(content)
    patch_chunk(ward, sha, content[:400], 0, 1000)
    response = ward.vol.patch(
        f"/api/v1/blobs/{sha}",
        content=content[600:],
        headers={"Upload-Offset": "600", "Upload-Length": "1000", "Content-Type": OCTETS},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "blob.offset_mismatch"
    assert response.json()["offset"] == 400
    assert response.headers["Upload-Offset"] == "400"
    fresh = blob_of(b"never")
    late = patch_chunk(ward, fresh, b"ver", 2, 5)
    assert late.status_code == 409
    assert late.json()["offset"] == 0


def test_hash_mismatch_discards_the_bytes(ward: Ward) -> None:
    content = b"real content" * 10
    wrong_sha = hashlib.sha256(b"something else").hexdigest()
    response = patch_chunk(ward, wrong_sha, content, 0, len(content))
    assert response.status_code == 422
    assert response.json()["code"] == "blob.hash_mismatch"
    head = ward.vol.head(f"/api/v1/blobs/{wrong_sha}")
    assert head.headers["Upload-Offset"] == "0"


def test_oversized_upload_is_413_before_the_body(ward: Ward) -> None:
    sha = blob_of(b"huge")
    response = ward.vol.patch(
        f"/api/v1/blobs/{sha}",
        content=b"a",
        headers={"Upload-Offset": "0", "Upload-Length": str(10**12), "Content-Type": OCTETS},
    )
    assert response.status_code == 413
    assert response.json()["code"] == "blob.too_large"
    assert ward.vol.head(f"/api/v1/blobs/{sha}").status_code == 404


def test_chunk_past_declared_length_is_refused_and_dropped(ward: Ward) -> None:
    content = b"y" * 100
    sha = blob_of(content)
    response = patch_chunk(ward, sha, content + b"extra", 0, 100)
    assert response.status_code == 413
    assert response.json()["code"] == "blob.beyond_length"
    assert ward.vol.head(f"/api/v1/blobs/{sha}").headers["Upload-Offset"] == "0"


def test_traversal_names_never_reach_the_filesystem(ward: Ward, server: AppServer) -> None:
    for name in ("..%2F..%2Fetc%2Fpasswd", "../../etc/passwd", "A" * 64, "0" * 63):
        response = ward.vol.head(f"/api/v1/blobs/{name}")
        assert response.status_code in (404, 422)
    content = b"passport scan"
    ref = upload(ward.vol, content)
    hostile = {**ref, "filename": "../../../etc/passwd\x00.jpg"}
    m = mutation(attachments=[hostile])
    [result] = push(ward.vol, m)
    assert result["outcome"] == "applied"
    shown = ward.off.get(f"/api/v1/officer/dossiers/{m['dossier_id']}").json()
    assert shown["attachments"][0]["filename"] == "passwd.jpg"
    stored = [p for p in server.blob_dir.rglob("*") if p.is_file()]
    assert stored and all(p.resolve().is_relative_to(server.blob_dir.resolve()) for p in stored)
    assert not any("passwd" in p.name or blob_of(content) in p.name for p in stored)


def test_complete_blob_answers_without_rewriting(ward: Ward) -> None:
    content = b"done" * 10
    upload(ward.vol, content)
    again = patch_chunk(ward, blob_of(content), content, 0, len(content))
    assert again.status_code == 409
    assert again.json()["offset"] == len(content)
    at_end = patch_chunk(ward, blob_of(content), b"", len(content), len(content))
    assert at_end.status_code == 200
    assert at_end.json()["complete"] is True


def test_volunteers_cannot_download(ward: Ward) -> None:
    ref = upload(ward.vol, b"private")
    assert ward.vol.get(f"/api/v1/blobs/{ref['sha256']}").status_code == 403


def test_empty_file(ward: Ward) -> None:
    response = patch_chunk(ward, blob_of(b""), b"", 0, 0)
    assert response.status_code == 200
    assert response.json()["complete"] is True
