"""The forms catalog endpoints with ETag / If-None-Match."""

from __future__ import annotations

from tests.helper_server.world import Ward


def test_index_lists_every_version_with_etag(ward: Ward) -> None:
    response = ward.vol.get("/api/v1/forms")
    assert response.status_code == 200
    body = response.json()
    assert [(f["code"], f["version"]) for f in body["forms"]] == [
        ("test_permit", 1),
        ("test_permit", 2),
    ]
    assert response.headers["ETag"] == body["etag"]
    again = ward.vol.get("/api/v1/forms", headers={"If-None-Match": body["etag"]})
    assert again.status_code == 304
    assert again.content == b""
    other = ward.vol.get("/api/v1/forms", headers={"If-None-Match": '"stale"'})
    assert other.status_code == 200


def test_definition_with_etag(ward: Ward) -> None:
    response = ward.vol.get("/api/v1/forms/test_permit/2")
    assert response.status_code == 200
    definition = response.json()
    assert definition["code"] == "test_permit" and definition["version"] == 2
    etag = response.headers["ETag"]
    assert etag != ward.vol.get("/api/v1/forms/test_permit/1").headers["ETag"]
    assert (
        ward.vol.get("/api/v1/forms/test_permit/2", headers={"If-None-Match": etag}).status_code
        == 304
    )
    assert (
        ward.vol.get(
            "/api/v1/forms/test_permit/2", headers={"If-None-Match": f"W/{etag}"}
        ).status_code
        == 304
    )


def test_unknown_definition_is_404(ward: Ward) -> None:
    assert ward.vol.get("/api/v1/forms/test_permit/9").status_code == 404
    assert ward.vol.get("/api/v1/forms/nothing/1").json()["code"] == "not_found"
