"""The officer API: queue, detail with history, transitions, receipts, edits, refusals."""

from __future__ import annotations

import re
import threading

from tests.helper_server.world import Ward, mutation, push, set_status, submitted, upload


def test_queue_by_status(ward: Ward) -> None:
    first, _ = submitted(ward)
    second, _ = submitted(ward)
    set_status(ward, second, "received")
    queue = ward.off.get("/api/v1/officer/dossiers", params={"status": "submitted"}).json()
    assert [d["dossier_id"] for d in queue["data"]] == [first]
    assert queue["count"] == 1
    everything = ward.off.get("/api/v1/officer/dossiers").json()
    assert everything["count"] == 2
    assert ward.off.get("/api/v1/officer/dossiers", params={"status": "bogus"}).status_code == 422


def test_detail_has_attachments_and_history(ward: Ward) -> None:
    dossier_id, _ = submitted(ward)
    set_status(ward, dossier_id, "received")
    detail = ward.off.get(f"/api/v1/officer/dossiers/{dossier_id}").json()
    assert len(detail["attachments"]) == 1
    assert [h["action"] for h in detail["history"]] == ["submit", "receive"]
    who = [h["updated_by"] for h in detail["history"]]
    assert who == [
        {"username": ward.volunteer.username, "role": "volunteer"},
        {"username": ward.officer.username, "role": "officer"},
    ]
    assert all(h["updated_at"] for h in detail["history"])


def test_full_happy_path_and_receipt_code(ward: Ward) -> None:
    dossier_id, _ = submitted(ward)
    received = set_status(ward, dossier_id, "received").json()
    code = received["receipt_code"]
    assert re.fullmatch(rf"{ward.code}-\d{{8}}-0001", code)
    processing = set_status(ward, dossier_id, "processing").json()
    assert processing["receipt_code"] == code
    done = set_status(ward, dossier_id, "completed", message="Đã cấp giấy").json()
    assert done["status"] == "completed" and done["rev"] == 4


def test_receipt_codes_are_unique_under_concurrency(ward: Ward) -> None:
    ids = [submitted(ward)[0] for _ in range(8)]
    codes: list[str] = []

    def receive(dossier_id: str) -> None:
        response = set_status(ward, dossier_id, "received")
        assert response.status_code == 200, response.text
        codes.append(response.json()["receipt_code"])

    threads = [threading.Thread(target=receive, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(codes)) == 8
    assert sorted(int(c.rsplit("-", 1)[1]) for c in codes) == list(range(1, 9))


def test_supplement_request_needs_message_and_checklist(ward: Ward) -> None:
    dossier_id, _ = submitted(ward)
    for bad in (
        {"checklist": ["photo"]},
        {"message": "   ", "checklist": ["photo"]},
        {"message": "Thiếu"},
        {"message": "Thiếu", "checklist": []},
    ):
        response = set_status(ward, dossier_id, "supplement_requested", **bad)
        assert response.status_code == 422, bad
        assert response.json()["code"] == "invalid_request"
        assert response.json()["details"]
    ok = set_status(
        ward,
        dossier_id,
        "supplement_requested",
        message="Ảnh CCCD mờ",
        checklist=["documents.id_card"],
    )
    assert ok.status_code == 200
    assert ok.json()["checklist"] == ["documents.id_card"]


def test_reject_needs_a_reason(ward: Ward) -> None:
    dossier_id, _ = submitted(ward)
    assert set_status(ward, dossier_id, "rejected").status_code == 422
    rejected = set_status(ward, dossier_id, "rejected", message="Không thuộc thẩm quyền")
    assert rejected.json()["message"] == "Không thuộc thẩm quyền"


def test_lifecycle_refusals(ward: Ward) -> None:
    dossier_id, _ = submitted(ward)
    for target in ("processing", "completed"):
        response = set_status(ward, dossier_id, target)
        assert response.status_code == 409, target
        assert response.json()["code"] == "lifecycle.refused"
    for target in ("submitted", "withdrawn", "draft"):
        assert set_status(ward, dossier_id, target).status_code == 422, target
    set_status(ward, dossier_id, "rejected", message="x")
    assert set_status(ward, dossier_id, "received").status_code == 409


def test_stale_base_rev_is_409(ward: Ward) -> None:
    dossier_id, rev = submitted(ward)
    set_status(ward, dossier_id, "received")
    response = set_status(ward, dossier_id, "processing", base_rev=rev)
    assert response.status_code == 409
    assert response.json()["code"] == "dossier.rev_mismatch"


def test_official_edit_is_a_new_revision_in_the_feed(ward: Ward) -> None:
    dossier_id, rev = submitted(ward)
    response = ward.off.patch(
        f"/api/v1/officer/dossiers/{dossier_id}",
        json={"base_rev": rev, "data": {"full_name": "trần thị b", "phone": None}},
    )
    assert response.status_code == 200, response.text
    edited = response.json()
    assert edited["rev"] == rev + 1
    assert edited["action"] == "edit"
    assert edited["data"]["full_name"] == "TRẦN THỊ B"
    assert "phone" not in edited["data"]
    last = ward.vol.get("/api/v1/sync/changes").json()["changes"][-1]
    assert (last["rev"], last["action"], last["updated_by"]["role"]) == (rev + 1, "edit", "officer")


def test_official_edit_is_validated(ward: Ward) -> None:
    dossier_id, rev = submitted(ward)
    response = ward.off.patch(
        f"/api/v1/officer/dossiers/{dossier_id}",
        json={"base_rev": rev, "data": {"birth_date": "2999-01-01"}},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "dossier.invalid"
    assert response.json()["details"][0]["path"] == "birth_date"


def test_volunteers_cannot_use_officer_endpoints(ward: Ward) -> None:
    dossier_id, _ = submitted(ward)
    for response in (
        ward.vol.get("/api/v1/officer/dossiers"),
        ward.vol.get(f"/api/v1/officer/dossiers/{dossier_id}"),
        ward.vol.post(f"/api/v1/officer/dossiers/{dossier_id}/status", json={"status": "received"}),
    ):
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden.role"


def test_withdrawn_dossier_cannot_be_received(ward: Ward) -> None:
    ref = upload(ward.vol, b"w" * 40)
    m = mutation(attachments=[ref])
    push(ward.vol, m)
    push(ward.vol, mutation(dossier_id=m["dossier_id"], base_rev=1, kind="withdraw"))
    assert set_status(ward, m["dossier_id"], "received").status_code == 409
