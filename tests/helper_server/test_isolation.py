"""Ward isolation on every endpoint that takes an id, enumerated from the live OpenAPI schema.

For each operation with path parameters, the caller (volunteer, then officer) asks for an id
that belongs to another ward and for an id nobody has: the two answers must be the same, and
404 unless the role is refused first (403 says nothing about other wards). A new endpoint is
covered automatically; one with a path parameter this table does not know fails the test.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.helper_server.world import Ward, blob_of, mutation, push, upload
from tests.helpers.app_server import AppServer

NOT_WARD_SCOPED = {"/api/v1/forms/{code}/{version}", "/api/v1/provisioning/files/{token}"}
"""The procedure catalog is the same for every ward (no ward data behind these ids). A
provisioning link's token is a capability: whoever holds the QR code fetches the file (public
information plus a signature), signed in or not; unknown tokens answer 404
(tests/helper_server/test_provisioning_links.py)."""

BODIES: dict[str, Any] = {
    "StatusRequest": {"status": "received"},
    "EditRequest": {"base_rev": 1, "data": {}},
}


def _body(operation: dict[str, Any]) -> dict[str, Any]:
    content = operation.get("requestBody", {}).get("content", {})
    if "application/octet-stream" in content:
        return {"content": b"abc", "headers": {"Upload-Offset": "3", "Upload-Length": "3"}}
    if "application/json" not in content:
        return {}
    schema = content["application/json"]["schema"]
    ref = schema.get("$ref") or next(
        (s["$ref"] for s in schema.get("oneOf", []) if "$ref" in s), ""
    )
    name = ref.rsplit("/", 1)[-1]
    if name not in BODIES and "oneOf" in schema:
        name = "StatusRequest"
    assert name in BODIES, f"add a valid {name} body to BODIES for the isolation test"
    return {"json": BODIES[name]}


def _signature(response: httpx.Response) -> tuple[int, str | None]:
    if response.request.method == "HEAD" or not response.content:
        return response.status_code, None
    return response.status_code, response.json().get("code")


def test_every_id_endpoint_hides_other_wards(
    server: AppServer, ward: Ward, other_ward: Ward
) -> None:
    theirs_blob = upload(other_ward.vol, b"their scan " + uuid.uuid4().bytes)
    theirs = mutation(attachments=[theirs_blob])
    assert push(other_ward.vol, theirs)[0]["outcome"] == "applied"
    values = {
        "dossier_id": (theirs["dossier_id"], str(uuid.uuid4())),
        "sha256": (theirs_blob["sha256"], blob_of(uuid.uuid4().bytes)),
    }
    schema = server.browser().get("/openapi.json").json()
    checked: list[str] = []
    for path, item in schema["paths"].items():
        if "{" not in path or path in NOT_WARD_SCOPED:
            continue
        for method, operation in item.items():
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
            unknown = [n for n in names if n not in values]
            assert not unknown, f"{method.upper()} {path}: teach the isolation test {unknown}"
            saw_404 = False
            for client in (ward.vol, ward.off):
                answers = []
                for index in (0, 1):
                    url = path
                    for name in names:
                        url = url.replace("{" + name + "}", values[name][index])
                    answers.append(client.request(method.upper(), url, **_body(operation)))
                foreign, absent = (_signature(a) for a in answers)
                assert foreign == absent, f"{method.upper()} {path}: {foreign} vs {absent}"
                assert foreign[0] in (403, 404, 409), f"{method.upper()} {path}: {foreign}"
                saw_404 |= foreign[0] == 404
                if foreign[0] == 409:  # PATCH /blobs is an upsert: it must act as for a new file
                    assert answers[0].json()["offset"] == 0
            assert saw_404 or method == "patch", f"{method.upper()} {path} never answered 404"
            checked.append(f"{method.upper()} {path}")
    assert len(checked) >= 7, checked
    assert other_ward.off.get(f"/api/v1/officer/dossiers/{theirs['dossier_id']}").status_code == 200
