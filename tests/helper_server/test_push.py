"""POST /sync/push over real HTTP: every outcome, idempotency under concurrency, lifecycle."""

from __future__ import annotations

import gzip
import json
import threading
import uuid
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

from tests.helper_server.world import (
    Ward,
    blob_of,
    mutation,
    push,
    set_status,
    submitted,
    upload,
)
from tests.helpers.app_server import AppServer


def test_first_submission_is_applied_normalized(ward: Ward) -> None:
    ref = upload(ward.vol, b"scan-1" * 50)
    m = mutation(attachments=[ref])
    [result] = push(ward.vol, m)
    assert result["outcome"] == "applied"
    assert result["rev"] == 1
    server = ward.vol.get(f"/api/v1/dossiers/{m['dossier_id']}").json()
    assert server["status"] == "submitted"
    assert server["data"]["full_name"] == "NGUYỄN VĂN A"
    assert server["data"]["birth_date"] == "1990-01-02"
    assert server["data"]["phone"] == "0912345678"
    assert server["op_id"] == m["op_id"]


def test_repeated_op_id_answers_duplicate_with_first_answer(ward: Ward) -> None:
    ref = upload(ward.vol, b"scan-2" * 50)
    m = mutation(attachments=[ref])
    first, again_in_batch = push(ward.vol, m, m)
    later = push(ward.vol, m)[0]
    assert first["outcome"] == "applied"
    for repeat in (again_in_batch, later):
        assert repeat["outcome"] == "duplicate"
        assert repeat["original_outcome"] == "applied"
        assert repeat["rev"] == first["rev"]
    changes = ward.vol.get("/api/v1/sync/changes").json()["changes"]
    assert len(changes) == 1


def test_repeated_rejected_op_repeats_its_errors(ward: Ward) -> None:
    m = mutation(data={"full_name": ""})
    first = push(ward.vol, m)[0]
    second = push(ward.vol, m)[0]
    assert first["outcome"] == "rejected"
    assert second["outcome"] == "duplicate"
    assert second["original_outcome"] == "rejected"
    assert second["errors"] == first["errors"]


def test_rejection_names_fields_and_does_not_stop_the_batch(ward: Ward) -> None:
    ref = upload(ward.vol, b"scan-3" * 50)
    bad = mutation(data={"full_name": "A", "birth_date": "31/02/2020", "phone": "12"})
    good = mutation(attachments=[ref])
    bad_result, good_result = push(ward.vol, bad, good)
    assert bad_result["outcome"] == "rejected"
    paths = {e["path"] for e in bad_result["errors"]}
    assert {"birth_date", "documents.id_card"} <= paths
    assert all(e["message_vi"] and e["message_en"] for e in bad_result["errors"])
    assert good_result["outcome"] == "applied"


def test_unknown_procedure_and_slot_are_rejected(ward: Ward) -> None:
    ref = upload(ward.vol, b"scan-4" * 50)
    unknown = {**mutation(), "procedure": "no_such_thing"}
    wrong_slot = mutation(attachments=[{**ref, "slot": "passport"}, ref])
    a, b = push(ward.vol, unknown, wrong_slot)
    assert a["outcome"] == "rejected" and a["errors"][0]["code"] == "procedure.unknown"
    assert b["outcome"] == "rejected"
    assert any(e["code"] == "document.unknown_slot" for e in b["errors"])


def test_missing_blobs_do_not_use_up_the_op_and_hide_the_dossier(ward: Ward) -> None:
    content = b"not-yet-uploaded" * 40
    ref = {
        "slot": "id_card",
        "sha256": blob_of(content),
        "size": len(content),
        "mime": "application/pdf",
    }
    m = mutation(attachments=[ref])
    [first] = push(ward.vol, m)
    assert first["outcome"] == "missing_blobs"
    assert first["missing_blobs"] == [ref["sha256"]]
    queue = ward.off.get("/api/v1/officer/dossiers").json()
    assert queue["count"] == 0
    assert ward.off.get(f"/api/v1/officer/dossiers/{m['dossier_id']}").status_code == 404
    upload(ward.vol, content)
    [second] = push(ward.vol, m)
    assert second["outcome"] == "applied"
    assert ward.off.get("/api/v1/officer/dossiers").json()["count"] == 1


def test_attachment_size_must_match_the_upload(ward: Ward) -> None:
    ref = upload(ward.vol, b"sized" * 20)
    [result] = push(ward.vol, mutation(attachments=[{**ref, "size": 5}]))
    assert result["outcome"] == "rejected"
    assert result["errors"][0]["code"] == "attachment.size_mismatch"


def test_stale_base_rev_is_a_conflict_with_the_server_version(ward: Ward) -> None:
    dossier_id, rev = submitted(ward)
    assert (
        set_status(
            ward,
            dossier_id,
            "supplement_requested",
            message="Ảnh mờ",
            checklist=["documents.id_card"],
        ).status_code
        == 200
    )
    ref = upload(ward.vol, b"fixed" * 30)
    stale = mutation(dossier_id=dossier_id, base_rev=rev, attachments=[ref])
    [result] = push(ward.vol, stale)
    assert result["outcome"] == "conflict"
    server = result["server"]
    assert result["rev"] == server["rev"] == rev + 1
    assert server["status"] == "supplement_requested"
    assert server["action"] == "request_supplement"
    assert server["op_id"] is None
    assert server["message"] == "Ảnh mờ"
    assert server["data"]["full_name"] == "NGUYỄN VĂN A"


def test_first_submit_of_an_existing_dossier_is_a_conflict(ward: Ward) -> None:
    dossier_id, _ = submitted(ward)
    ref = upload(ward.vol, b"again" * 30)
    [result] = push(ward.vol, mutation(dossier_id=dossier_id, attachments=[ref]))
    assert result["outcome"] == "conflict"
    assert result["server"]["rev"] == 1
    assert result["server"]["op_id"] is not None


def test_resubmission_after_supplement_request(ward: Ward) -> None:
    dossier_id, rev = submitted(ward)
    answer = set_status(
        ward, dossier_id, "supplement_requested", message="Thiếu ảnh", checklist=["photo"]
    )
    new_rev = answer.json()["rev"]
    ref = upload(ward.vol, b"resub" * 30)
    photo = {**upload(ward.vol, b"photo" * 30), "slot": "photo"}
    m = mutation(dossier_id=dossier_id, base_rev=new_rev, attachments=[ref, photo])
    [result] = push(ward.vol, m)
    assert result["outcome"] == "applied"
    assert result["rev"] == new_rev + 1
    assert ward.vol.get(f"/api/v1/dossiers/{dossier_id}").json()["status"] == "submitted"


def test_lifecycle_refuses_edits_and_withdrawal_after_receipt(ward: Ward) -> None:
    dossier_id, rev = submitted(ward)
    ref = upload(ward.vol, b"edit" * 30)
    [edit] = push(ward.vol, mutation(dossier_id=dossier_id, base_rev=rev, attachments=[ref]))
    assert edit["outcome"] == "rejected"
    assert edit["errors"][0]["code"] == "lifecycle.submit_refused"
    received = set_status(ward, dossier_id, "received").json()
    [withdraw] = push(
        ward.vol, mutation(dossier_id=dossier_id, base_rev=received["rev"], kind="withdraw")
    )
    assert withdraw["outcome"] == "rejected"
    assert withdraw["errors"][0]["code"] == "lifecycle.withdraw_refused"


def test_withdraw_before_receipt(ward: Ward) -> None:
    dossier_id, rev = submitted(ward)
    [result] = push(ward.vol, mutation(dossier_id=dossier_id, base_rev=rev, kind="withdraw"))
    assert result["outcome"] == "applied"
    assert ward.vol.get(f"/api/v1/dossiers/{dossier_id}").json()["status"] == "withdrawn"
    [unknown] = push(ward.vol, mutation(base_rev=1, kind="withdraw"))
    assert unknown["outcome"] == "rejected"
    assert unknown["errors"][0]["code"] == "dossier.not_found"


def test_submit_then_withdraw_in_one_batch(ward: Ward) -> None:
    ref = upload(ward.vol, b"batch" * 30)
    m = mutation(attachments=[ref])
    w = mutation(dossier_id=m["dossier_id"], base_rev=1, kind="withdraw")
    a, b = push(ward.vol, m, w)
    assert (a["outcome"], a["rev"], b["outcome"], b["rev"]) == ("applied", 1, "applied", 2)
    revs = [c["rev"] for c in ward.vol.get("/api/v1/sync/changes").json()["changes"]]
    assert revs == [1, 2]


def test_another_wards_dossier_id_is_unusable(ward: Ward, other_ward: Ward) -> None:
    dossier_id, rev = submitted(other_ward)
    ref = upload(ward.vol, b"steal" * 30)
    a, b = push(
        ward.vol,
        mutation(dossier_id=dossier_id, attachments=[ref]),
        mutation(dossier_id=dossier_id, base_rev=rev, kind="withdraw"),
    )
    for result in (a, b):
        assert result["outcome"] == "rejected"
        assert result.get("server") is None
    assert other_ward.vol.get(f"/api/v1/dossiers/{dossier_id}").json()["status"] == "submitted"


def test_op_id_of_another_ward_reveals_nothing(ward: Ward, other_ward: Ward) -> None:
    ref = upload(other_ward.vol, b"theirs" * 30)
    theirs = mutation(attachments=[ref])
    push(other_ward.vol, theirs)
    [result] = push(ward.vol, {**mutation(), "op_id": theirs["op_id"]})
    assert result["outcome"] == "rejected"
    assert result["errors"][0]["code"] == "op_id.taken"
    assert result.get("rev") is None


def test_same_op_from_20_threads_applies_once(server: AppServer, ward: Ward) -> None:
    ref = upload(ward.vol, b"race" * 64)
    m = mutation(attachments=[ref])
    body = {"device_id": "dev-race", "mutations": [m]}
    token = ward.vol.headers["Authorization"]
    barrier = threading.Barrier(20)
    answers: list[dict[str, Any]] = []
    lock = threading.Lock()

    def send() -> None:
        with server.browser() as c:
            c.headers["Authorization"] = token
            barrier.wait()
            response = c.post("/api/v1/sync/push", json=body)
            assert response.status_code == 200, response.text
            with lock:
                answers.append(response.json()["results"][0])

    threads = [threading.Thread(target=send) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    outcomes = sorted(a["outcome"] for a in answers)
    assert outcomes == ["applied"] + ["duplicate"] * 19
    assert {a["rev"] for a in answers} == {1}
    with server.db.read() as session:
        changes = SQLModel.metadata.tables["changes"]
        count = session.execute(
            sa.select(sa.func.count())
            .select_from(changes)
            .where(changes.c.dossier_id == uuid.UUID(m["dossier_id"]))
        ).scalar_one()
    assert count == 1


def test_concurrent_first_submits_of_one_dossier_give_one_winner(
    server: AppServer, ward: Ward
) -> None:
    ref = upload(ward.vol, b"twin" * 64)
    dossier_id = str(uuid.uuid4())
    token = ward.vol.headers["Authorization"]
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def send() -> None:
        body = {"device_id": "d", "mutations": [mutation(dossier_id=dossier_id, attachments=[ref])]}
        with server.browser() as c:
            c.headers["Authorization"] = token
            barrier.wait()
            response = c.post("/api/v1/sync/push", json=body)
            assert response.status_code == 200, response.text
            outcomes.append(response.json()["results"][0]["outcome"])

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["applied"] + ["conflict"] * 7


def test_gzip_body_is_accepted(ward: Ward) -> None:
    ref = upload(ward.vol, b"gz" * 64)
    body = json.dumps({"device_id": "d", "mutations": [mutation(attachments=[ref])]}).encode()
    response = ward.vol.post(
        "/api/v1/sync/push",
        content=gzip.compress(body),
        headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["outcome"] == "applied"


def test_broken_gzip_and_gzip_bombs_are_refused(ward: Ward) -> None:
    headers = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
    broken = ward.vol.post("/api/v1/sync/push", content=b"\x1f\x8bnot gzip", headers=headers)
    assert broken.status_code == 400
    assert broken.json()["code"] == "invalid_gzip"
    bomb = gzip.compress(b"[" + b" " * (40 * 1024 * 1024) + b"]")
    assert len(bomb) < 100_000
    refused = ward.vol.post("/api/v1/sync/push", content=bomb, headers=headers)
    assert refused.status_code == 413
    assert refused.json()["code"] == "too_large"


def test_malformed_requests_get_json_errors(ward: Ward) -> None:
    not_json = ward.vol.post(
        "/api/v1/sync/push", content=b"{oops", headers={"Content-Type": "application/json"}
    )
    assert not_json.status_code == 422
    assert not_json.json()["code"] == "invalid_request"
    assert "Traceback" not in not_json.text
    empty = ward.vol.post("/api/v1/sync/push", json={"device_id": "d", "mutations": []})
    assert empty.status_code == 422
    too_many = ward.vol.post(
        "/api/v1/sync/push", json={"device_id": "d", "mutations": [mutation()] * 201}
    )
    assert too_many.status_code == 422
    bad_id = ward.vol.post(
        "/api/v1/sync/push", json={"device_id": "d", "mutations": [{**mutation(), "op_id": "x"}]}
    )
    assert bad_id.status_code == 422
    assert any(d["path"].endswith("op_id") for d in bad_id.json()["details"])


def test_officers_cannot_push(ward: Ward) -> None:
    response = ward.off.post(
        "/api/v1/sync/push", json={"device_id": "d", "mutations": [mutation()]}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden.role"
