"""The batched push path: one batch mixing every outcome, resent, and raced by concurrent batches.

The push decides a whole batch in memory and writes its op rows, dossiers and feed with one
statement each; these tests pin that the answers, the stored answers (replayed as
``duplicate``) and the feed come out exactly as if the mutations had been applied one by one.
"""

from __future__ import annotations

import random
import threading
from typing import Any

from tests.helper_server.world import Ward, blob_of, mutation, push, submitted, upload
from tests.helpers.app_server import AppServer


def _feed(ward: Ward) -> list[dict[str, Any]]:
    changes: list[dict[str, Any]] = ward.vol.get("/api/v1/sync/changes").json()["changes"]
    return changes


def _mixed_batch(ward: Ward) -> tuple[list[dict[str, Any]], str, str]:
    """Every outcome, for the same and for different dossiers; also the two dossier ids used."""
    existing, rev = submitted(ward)
    ref = upload(ward.vol, b"mixed batch" * 40)
    fresh = mutation(attachments=[ref])
    absent = "ab" * 32
    batch = [
        fresh,  # applied, rev 1 of a new dossier
        mutation(dossier_id=fresh["dossier_id"], base_rev=1, kind="withdraw"),  # applied, rev 2
        fresh,  # the same op again in the batch: duplicate of the first answer
        mutation(dossier_id=existing, base_rev=rev, kind="withdraw"),  # applied on the old one
        mutation(dossier_id=existing, base_rev=rev, kind="withdraw"),  # now stale: conflict
        mutation(dossier_id=existing, attachments=[ref]),  # a first submit of it: conflict
        mutation(data={"full_name": ""}, attachments=[ref]),  # rejected, a third dossier
        mutation(attachments=[{**ref, "sha256": absent}]),  # missing_blobs
        mutation(attachments=[{**ref, "size": ref["size"] + 1}]),  # rejected (size)
    ]
    return batch, fresh["dossier_id"], existing


def test_mixed_batch_answers_in_order_and_feeds_only_applied(ward: Ward) -> None:
    batch, fresh_id, existing = _mixed_batch(ward)
    before = _feed(ward)
    results = push(ward.vol, *batch)
    assert [r["outcome"] for r in results] == [
        "applied",
        "applied",
        "duplicate",
        "applied",
        "conflict",
        "conflict",
        "rejected",
        "missing_blobs",
        "rejected",
    ]
    assert [r.get("rev") for r in results[:4]] == [1, 2, 1, 2]
    assert results[2]["original_outcome"] == "applied"
    assert results[4]["rev"] == 2 and results[4]["server"]["status"] == "withdrawn"
    assert results[5]["server"]["dossier_id"] == existing
    assert results[6]["errors"][0]["path"] == "full_name"
    assert results[7]["missing_blobs"] == ["ab" * 32]
    assert results[8]["errors"][0]["code"] == "attachment.size_mismatch"

    new = _feed(ward)[len(before) :]
    assert [(c["dossier_id"], c["rev"], c["action"]) for c in new] == [
        (fresh_id, 1, "submit"),
        (fresh_id, 2, "withdraw"),
        (existing, 2, "withdraw"),
    ]
    cursors = [c["cursor"] for c in before + new]
    assert cursors == list(range(cursors[0], cursors[0] + len(cursors)))


def test_resent_mixed_batch_repeats_every_stored_answer(ward: Ward) -> None:
    batch, _fresh_id, _existing = _mixed_batch(ward)
    first = push(ward.vol, *batch)
    feed_after_first = _feed(ward)
    again = push(ward.vol, *batch)
    for i, (a, b) in enumerate(zip(first, again, strict=True)):
        if a["outcome"] == "missing_blobs":
            assert b == a, "missing_blobs does not use up the op id"
            continue
        assert b["outcome"] == "duplicate", (i, b)
        assert b["original_outcome"] == (a.get("original_outcome") or a["outcome"])
        assert b.get("rev") == a.get("rev")
        assert b.get("errors") == a.get("errors")
    assert _feed(ward) == feed_after_first


def test_missing_blob_op_applies_once_the_blob_is_uploaded(ward: Ward) -> None:
    content = b"late upload" * 30
    ref = {"slot": "id_card", "sha256": blob_of(content), "size": len(content), "mime": "x/y"}
    ok = mutation(attachments=[upload(ward.vol, b"on time" * 30)])
    late = mutation(attachments=[ref])
    first = push(ward.vol, ok, late)
    assert [r["outcome"] for r in first] == ["applied", "missing_blobs"]
    upload(ward.vol, content)
    second = push(ward.vol, ok, late)
    assert [r["outcome"] for r in second] == ["duplicate", "applied"]


def test_overlapping_batches_racing_apply_each_op_exactly_once(
    server: AppServer, ward: Ward
) -> None:
    ref = upload(ward.vol, b"overlap" * 50)
    ops = [mutation(attachments=[ref]) for _ in range(12)]
    token = ward.vol.headers["Authorization"]
    senders = 8
    barrier = threading.Barrier(senders)
    answers: list[dict[str, Any]] = []
    lock = threading.Lock()

    def send(seed: int) -> None:
        mine = random.Random(seed).sample(ops, k=9)  # overlapping subsets, different orders
        with server.browser() as c:
            c.headers["Authorization"] = token
            barrier.wait()
            response = c.post("/api/v1/sync/push", json={"device_id": "d", "mutations": mine})
        assert response.status_code == 200, response.text
        with lock:
            answers.extend(response.json()["results"])

    threads = [threading.Thread(target=send, args=(seed,)) for seed in range(senders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(answers) == senders * 9
    by_op: dict[str, list[dict[str, Any]]] = {}
    for a in answers:
        by_op.setdefault(a["op_id"], []).append(a)
    for op_id, got in by_op.items():
        outcomes = sorted(a["outcome"] for a in got)
        assert outcomes == ["applied"] + ["duplicate"] * (len(got) - 1), op_id
        assert {a["rev"] for a in got} == {1}
    feed = [c for c in _feed(ward) if c["op_id"] in by_op]
    assert sorted(c["op_id"] for c in feed) == sorted(by_op)
    assert len({c["cursor"] for c in _feed(ward)}) == len(_feed(ward))
    untouched = {m["op_id"] for m in ops} - set(by_op)
    for m in ops:
        if m["op_id"] in untouched:
            assert push(ward.vol, m)[0]["outcome"] == "applied"
