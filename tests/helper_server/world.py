"""Shared building blocks of the server tests: a tiny procedure catalog, wards, mutations, uploads.

Every test makes its own ward (a unique code) with a volunteer and an officer, so tests share one
live server per module without seeing each other's data.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.helpers.app_server import AppServer
from tests.helpers.live_server import LiveServer, TestUser

PERMIT = {
    "format": 1,
    "code": "test_permit",
    "version": 1,
    "effective_from": "2025-07-01",
    "title_vi": "Giấy phép thử",
    "title_en": "Test permit",
    "sections": [
        {
            "id": "main",
            "title_vi": "Chính",
            "title_en": "Main",
            "fields": [
                {
                    "id": "full_name",
                    "type": "text",
                    "label_vi": "Họ tên",
                    "label_en": "Full name",
                    "required": True,
                    "case": "upper",
                },
                {
                    "id": "birth_date",
                    "type": "date",
                    "label_vi": "Ngày sinh",
                    "label_en": "Birth date",
                    "required": True,
                    "not_future": True,
                },
                {"id": "phone", "type": "phone", "label_vi": "Điện thoại", "label_en": "Phone"},
            ],
        }
    ],
    "documents": [
        {
            "id": "id_card",
            "label_vi": "CCCD",
            "label_en": "ID card",
            "required": True,
            "max_files": 2,
        },
        {"id": "photo", "label_vi": "Ảnh", "label_en": "Photo", "max_files": 1},
    ],
    "examples": [
        {
            "name": "ok",
            "data": {"full_name": "Nguyễn Văn A", "birth_date": "1990-01-02"},
            "documents": ["id_card"],
        }
    ],
}
PERMIT_V2 = {**PERMIT, "version": 2, "effective_from": "2026-01-01", "title_en": "Test permit v2"}

GOOD_DATA = {"full_name": " nguyễn  văn a ", "birth_date": "02/01/1990", "phone": "+84 912 345 678"}


def write_forms(directory: Path) -> Path:
    """The test catalog (two versions of one procedure) written into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    for definition in (PERMIT, PERMIT_V2):
        name = f"{definition['code']}.v{definition['version']}.json"
        (directory / name).write_text(json.dumps(definition, ensure_ascii=False), encoding="utf-8")
    return directory


@dataclass
class Ward:
    """One ward of a test: its code, a volunteer and an officer with signed-in clients."""

    code: str
    volunteer: TestUser
    officer: TestUser
    vol: httpx.Client
    off: httpx.Client

    def close(self) -> None:
        self.vol.close()
        self.off.close()


def make_ward(server: LiveServer | AppServer) -> Ward:
    """A fresh ward with a volunteer and an officer, both signed in."""
    volunteer = server.create_user(role="volunteer")
    officer = server.create_user(role="officer", ward=volunteer.ward)
    return Ward(
        volunteer.ward,
        volunteer,
        officer,
        server.client(server.login(volunteer)),
        server.client(server.login(officer)),
    )


def blob_of(content: bytes) -> str:
    """The wire name of ``content``."""
    return hashlib.sha256(content).hexdigest()


def upload(client: httpx.Client, content: bytes) -> dict[str, Any]:
    """Upload ``content`` in one chunk; return the attachment ref for it."""
    sha = blob_of(content)
    response = client.patch(
        f"/api/v1/blobs/{sha}",
        content=content,
        headers={
            "Upload-Offset": "0",
            "Upload-Length": str(len(content)),
            "Content-Type": "application/offset+octet-stream",
        },
    )
    assert response.status_code == 200, response.text
    return {"slot": "id_card", "sha256": sha, "size": len(content), "mime": "image/jpeg"}


def mutation(
    *,
    dossier_id: str | None = None,
    base_rev: int | None = None,
    kind: str = "submit",
    data: dict[str, Any] | None = None,
    attachments: list[dict[str, Any]] | None = None,
    op_id: str | None = None,
    version: int = 1,
) -> dict[str, Any]:
    """A push mutation (a valid first submission unless told otherwise)."""
    return {
        "op_id": op_id or str(uuid.uuid4()),
        "dossier_id": dossier_id or str(uuid.uuid4()),
        "base_rev": base_rev,
        "kind": kind,
        "procedure": "test_permit",
        "form_version": version,
        "data": dict(GOOD_DATA) if data is None else data,
        "attachments": attachments or [],
    }


def push(client: httpx.Client, *mutations: dict[str, Any]) -> list[dict[str, Any]]:
    """Push ``mutations``; the per-mutation results."""
    response = client.post(
        "/api/v1/sync/push", json={"device_id": "dev-1", "mutations": list(mutations)}
    )
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def submitted(ward: Ward, content: bytes | None = None) -> tuple[str, int]:
    """A dossier submitted by the ward's volunteer (with one attachment); its id and rev."""
    ref = upload(ward.vol, content or uuid.uuid4().bytes * 10)
    m = mutation(attachments=[ref])
    [result] = push(ward.vol, m)
    assert result["outcome"] == "applied", result
    return m["dossier_id"], result["rev"]


def set_status(ward: Ward, dossier_id: str, status: str, **extra: Any) -> httpx.Response:
    """An officer action on a dossier of the ward."""
    return ward.off.post(
        f"/api/v1/officer/dossiers/{dossier_id}/status", json={"status": status, **extra}
    )


OCTETS = "application/offset+octet-stream"


def patch_chunk(ward: Ward, sha: str, chunk: bytes, offset: int, length: int) -> httpx.Response:
    """One resumable-upload chunk (``PATCH`` with its offset and the whole length)."""
    return ward.vol.patch(
        f"/api/v1/blobs/{sha}",
        content=chunk,
        headers={
            "Upload-Offset": str(offset),
            "Upload-Length": str(length),
            "Content-Type": OCTETS,
        },
    )
