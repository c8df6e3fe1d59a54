"""The changes feed: ordered, paged, ward-scoped, carrying officials' actions."""

from __future__ import annotations

from typing import Any

from tests.helper_server.world import Ward, set_status, submitted


def test_feed_is_ordered_paged_and_complete(ward: Ward) -> None:
    ids = [submitted(ward)[0] for _ in range(5)]
    set_status(ward, ids[0], "received")
    set_status(
        ward, ids[1], "supplement_requested", message="Bổ sung ảnh", checklist=["documents.photo"]
    )
    seen: list[dict[str, Any]] = []
    cursor = 0
    pages = 0
    while True:
        page = ward.vol.get("/api/v1/sync/changes", params={"since": cursor, "limit": 2}).json()
        pages += 1
        seen.extend(page["changes"])
        assert page["next_cursor"] >= cursor
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert pages == 4
    cursors = [c["cursor"] for c in seen]
    assert cursors == sorted(cursors) and len(set(cursors)) == 7
    assert [c["dossier_id"] for c in seen[:5]] == ids
    receive, supplement = seen[5], seen[6]
    assert receive["action"] == "receive" and receive["receipt_code"]
    assert receive["updated_by"]["role"] == "officer"
    assert supplement["status"] == "supplement_requested"
    assert supplement["message"] == "Bổ sung ảnh"
    assert supplement["checklist"] == ["documents.photo"]
    empty = ward.vol.get("/api/v1/sync/changes", params={"since": cursor}).json()
    assert (empty["changes"], empty["next_cursor"], empty["has_more"]) == ([], cursor, False)


def test_feed_is_scoped_to_the_ward(ward: Ward, other_ward: Ward) -> None:
    mine, _ = submitted(ward)
    submitted(other_ward)
    feed = ward.vol.get("/api/v1/sync/changes").json()["changes"]
    assert [c["dossier_id"] for c in feed] == [mine]


def test_bad_paging_parameters(ward: Ward) -> None:
    for params in ({"since": -1}, {"limit": 0}, {"limit": 5000}, {"since": "abc"}):
        response = ward.vol.get("/api/v1/sync/changes", params=params)
        assert response.status_code == 422, params
        assert response.json()["code"] == "invalid_request"
