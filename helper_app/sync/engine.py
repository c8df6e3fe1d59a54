"""One sync pass: upload attachment bytes -> push the outbox -> pull the changes feed -> apply.

Contract (DESIGN.md invariants, each covered by tests):

* Every step commits its own progress before the next request, so a pass killed at any instant
  (kill -9, flat battery, dropped link) resumes where it stopped: confirmed blobs are remembered,
  an outbox entry is ``in_flight`` from just before its push until its answer is stored, the
  feed cursor moves in the same transaction as the changes it covers.
* Nothing is doubled: an entry is resent with the same ``op_id`` until an answer is stored, and
  the server applies an op_id once.
* An answer lost after the server applied our op is not a conflict with ourselves: the server's
  version names the op that produced it, and when that op is one of ours its payload (kept in
  the outbox) is the merge base.
* Concurrent edits merge field by field (:mod:`helper_app.sync.merge`); a field both sides
  changed becomes a :class:`~helper_app.store.models.Conflict` row and nothing is sent for that
  dossier until the volunteer resolves it (:mod:`helper_app.sync.conflicts`).
* A mutation the server rejects is quarantined with the server's reasons; the rest of the queue
  keeps flowing.

The engine never touches Qt. Progress goes to a plain callback; the UI wraps it in a worker.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from helper_app.store import audit
from helper_app.store.attachments import AttachmentStore
from helper_app.store.db import Store
from helper_app.store.models import Conflict, Dossier, OutboxEntry, utc_now
from helper_app.sync import errors, outbox, restore, state
from helper_app.sync.client import SyncClient
from helper_app.sync.lifecycle import EDITABLE_ON_CLIENT, WITHDRAWABLE, DossierStatus
from helper_app.sync.merge import MISSING, three_way_merge
from helper_app.sync.outbox import ACTIVE_STATES, OutboxState, to_mutation
from helper_app.sync.policy import AdaptiveBatch
from helper_app.sync.protocol import (
    Change,
    MetaResponse,
    MutationKind,
    MutationResult,
    Outcome,
    ServerDossier,
)

log = logging.getLogger(__name__)


UPLOADING = "uploading"
PUSHING = "pushing"
PULLING = "pulling"
STAGES = (UPLOADING, PUSHING, PULLING)
"""The stages of a pass, in order."""


@dataclass(frozen=True)
class SyncProgress:
    """One progress report: ``done`` of ``total`` items of ``stage`` (``total`` may be 0)."""

    stage: str
    done: int
    total: int
    bytes_sent: int = 0


@dataclass
class PassResult:
    """What one pass did, and what is left."""

    uploaded_blobs: int = 0
    uploaded_bytes: int = 0
    pushed: int = 0
    applied: int = 0
    conflicts: int = 0
    quarantined: int = 0
    pulled: int = 0
    resent: int = 0
    """Dossiers a restored server lacked, queued again (:mod:`helper_app.sync.restore`)."""
    remaining: int = 0
    stage_reached: str = UPLOADING
    notes: list[str] = field(default_factory=list)

    @property
    def drained(self) -> bool:
        """True when nothing is waiting to be sent."""
        return self.remaining == 0

    @property
    def made_progress(self) -> bool:
        """True when the pass moved work the server holds (even if it failed afterwards).

        Bytes or files uploaded, pushed entries answered, feed changes pulled: each is committed
        as it happens, so a later failure does not undo it.
        """
        return bool(self.uploaded_bytes or self.uploaded_blobs or self.pushed or self.pulled)


ProgressCallback = Callable[[SyncProgress], None]


def _no_progress(_: SyncProgress) -> None:
    return None


class SyncEngine:
    """Runs sync passes of one local store against one server.

    Args:
        store: the open local store.
        client: protocol calls to the server (its session carries the token).
        files: the attachment bytes.
        batch: mutations per push, adapted to the link (kept across passes by the scheduler).
        pull_limit: changes per page of the feed.
        upload_parallel: attachment uploads in flight at once.
    """

    def __init__(
        self,
        store: Store,
        client: SyncClient,
        files: AttachmentStore,
        *,
        batch: AdaptiveBatch | None = None,
        pull_limit: int = 200,
        upload_parallel: int = 3,
    ) -> None:
        self.store = store
        self.client = client
        self.files = files
        self.batch = batch or AdaptiveBatch()
        self.pull_limit = pull_limit
        self.upload_parallel = upload_parallel

    # ------------------------------------------------------------------ the pass

    def run_pass(self, on_progress: ProgressCallback | None = None) -> PassResult:
        """Upload, push, pull. Raises a :class:`~errors.SyncError` when the link fails.

        Whatever was committed before the failure stays committed; the next pass resumes.
        """
        report = on_progress or _no_progress
        result = PassResult()
        self._record_pass(UPLOADING, "started")
        try:
            self._send(result, report)
            result.stage_reached = PULLING
            self._pull(result, report)
            if result.resent:  # a restored server lacked them: send them in this same pass
                self._send(result, report)
                result.stage_reached = PULLING
        except errors.SyncError as exc:
            exc.partial = result  # what moved before the failure: the scheduler's backoff asks
            self._record_pass(result.stage_reached, "errored")
            raise
        result.remaining = self._count_active()
        self._record_pass(PULLING, "completed", drained=result.drained)
        return result

    def _send(self, result: PassResult, report: ProgressCallback) -> None:
        """Upload the files the queue needs, then push it; again where the server lacks files."""
        for _round in range(3):  # missing_blobs answers send us back to uploading
            result.stage_reached = UPLOADING
            self._upload(result, report)
            result.stage_reached = PUSHING
            if not self._push(result, report):
                return

    # ------------------------------------------------------------------ upload

    def _upload(self, result: PassResult, report: ProgressCallback) -> None:
        """Upload missing attachment bytes, a few files at once.

        Several uploads in flight keep a slow, high-latency link busy during each request's
        round trip. Each file's completion is committed on its own, so an interrupted stage
        resumes with the files still missing; a file whose upload had started asks the server
        how much it holds, a new one starts at 0 without that round trip.
        """
        todo = self._blobs_to_upload()
        if not todo:
            return
        lock = threading.Lock()
        done = [0]

        def count(n: int) -> None:
            with lock:
                result.uploaded_bytes += n
                report(SyncProgress(UPLOADING, done[0], len(todo), result.uploaded_bytes))

        def upload(sha256: str, size: int) -> None:
            with self.store.write() as session:
                started = state.upload_started(session, sha256)
                if not started:
                    state.mark_upload_started(session, sha256)
            final = self.client.upload_blob(
                sha256=sha256,
                size=size,
                open_bytes=functools.partial(self.files.open, sha256),
                resume=started,
                on_bytes=count,
            )
            if final.complete:
                with self.store.write() as session:
                    state.confirm_blob(session, sha256)
                with lock:
                    result.uploaded_blobs += 1
                    done[0] += 1
                    report(SyncProgress(UPLOADING, done[0], len(todo), result.uploaded_bytes))

        with ThreadPoolExecutor(
            max_workers=self.upload_parallel, thread_name_prefix="helper-upload"
        ) as pool:
            futures = [pool.submit(upload, sha, size) for sha, size in todo]
            failure: BaseException | None = None
            for future in futures:
                try:
                    future.result()
                except BaseException as exc:  # noqa: BLE001 - re-raised below, after the others
                    failure = failure or exc
                    for other in futures:
                        other.cancel()
        if failure is not None:
            raise failure

    def _blobs_to_upload(self) -> list[tuple[str, int]]:
        with self.store.read() as session:
            confirmed = state.confirmed_blobs(session)
            entries = session.exec(
                select(OutboxEntry)
                .where(col(OutboxEntry.state).in_(ACTIVE_STATES))
                .where(OutboxEntry.kind == MutationKind.SUBMIT.value)
                .order_by(col(OutboxEntry.seq))
            ).all()
        wanted: dict[str, int] = {}
        for entry in entries:
            for ref in entry.payload.get("attachments", []):
                sha = ref["sha256"]
                if sha not in confirmed:
                    wanted.setdefault(sha, int(ref["size"]))
        return list(wanted.items())

    # ------------------------------------------------------------------ push

    def _push(self, result: PassResult, report: ProgressCallback) -> bool:
        """Push every active entry; True when some need their blobs uploaded again."""
        skipped: set[int] = set()
        again = False
        total = self._count_active()
        with self.store.write() as session:
            device = state.device_id(session)
        while True:
            with self.store.read() as session:
                query = (
                    select(OutboxEntry)
                    .where(col(OutboxEntry.state).in_(ACTIVE_STATES))
                    .where(col(OutboxEntry.seq).not_in(skipped))
                    .order_by(col(OutboxEntry.seq))
                    .limit(self.batch.size)
                )
                entries = list(session.exec(query).all())
            if not entries:
                return again
            seqs = [e.seq for e in entries if e.seq is not None]
            with self.store.write() as session:
                outbox.mark_in_flight(session, seqs)
            try:
                response = self.client.push(
                    device_id=device, mutations=[to_mutation(e) for e in entries]
                )
            except errors.RequestTimeoutError:
                self.batch.timed_out()
                raise
            self.batch.succeeded()
            for entry, answer in zip(entries, response.results, strict=True):
                with self.store.write() as session:
                    needs_blobs = self._apply_result(session, entry, answer, result)
                if needs_blobs:
                    again = True
                    assert entry.seq is not None
                    skipped.add(entry.seq)
                result.pushed += 1
                report(SyncProgress(PUSHING, result.pushed, total))

    def _apply_result(
        self, session: Session, sent: OutboxEntry, answer: MutationResult, result: PassResult
    ) -> bool:
        entry = session.get(OutboxEntry, sent.seq)
        dossier = session.get(Dossier, sent.dossier_id)
        if entry is None or dossier is None:  # erased locally meanwhile: nothing to update
            return False
        outcome = answer.outcome
        if outcome is Outcome.DUPLICATE:
            outcome = answer.original_outcome or Outcome.APPLIED
        if outcome is Outcome.APPLIED:
            self._applied(session, entry, dossier, answer.rev)
            result.applied += 1
        elif outcome is Outcome.CONFLICT:
            if answer.server is None:
                raise errors.ProtocolError("push: a conflict answer without the server version")
            if entry.kind == MutationKind.WITHDRAW.value:
                self._withdraw_conflict(session, entry, dossier, answer.server, result)
            else:
                outbox.supersede(session, entry)
                if self._merge_server_version(session, dossier, answer.server, had_local_work=True):
                    result.conflicts += 1
        elif outcome is Outcome.REJECTED:
            outbox.quarantine(session, entry, [e.model_dump() for e in answer.errors or []])
            if _refused_by_lifecycle(answer):
                _mirror_server(dossier)
                session.add(dossier)
            result.quarantined += 1
            log.info("op %s quarantined by the server", entry.op_id)
        elif outcome is Outcome.MISSING_BLOBS:
            for sha in answer.missing_blobs or []:
                state.forget_blob(session, sha)
            outbox.move(entry, OutboxState.PENDING)
            session.add(entry)
            return True
        return False

    def _withdraw_conflict(
        self,
        session: Session,
        entry: OutboxEntry,
        dossier: Dossier,
        server: ServerDossier,
        result: PassResult,
    ) -> None:
        """A withdrawal made on an older revision: retry on the new one, or say why not."""
        self._take_server_version(dossier, server, keep_local_status=True)
        if server.status in WITHDRAWABLE:
            outbox.supersede(session, entry)
            outbox.enqueue(session, dossier, MutationKind.WITHDRAW)  # on the server's revision
            session.add(dossier)
            return
        outbox.quarantine(session, entry, [_TOO_LATE])
        dossier.status = server.status.value
        session.add(dossier)
        result.quarantined += 1

    def _applied(
        self, session: Session, entry: OutboxEntry, dossier: Dossier, rev: int | None
    ) -> None:
        outbox.move(entry, OutboxState.DONE)
        session.add(entry)
        status_from = dossier.status
        if rev is not None and (dossier.server_rev is None or rev > dossier.server_rev):
            dossier.server_rev = rev
        if entry.kind == MutationKind.SUBMIT.value:
            dossier.synced_snapshot = dict(entry.payload.get("data", {}))
            dossier.server_status = DossierStatus.SUBMITTED.value
            if dossier.status == DossierStatus.QUEUED.value:
                dossier.status = DossierStatus.SUBMITTED.value
        elif entry.kind == MutationKind.WITHDRAW.value:
            dossier.server_status = DossierStatus.WITHDRAWN.value
            dossier.status = DossierStatus.WITHDRAWN.value
        dossier.updated_at = utc_now()
        session.add(dossier)
        _audit(
            session,
            dossier.id,
            "sync.applied",
            "sync",
            {
                "op_id": entry.op_id,
                "kind": entry.kind,
                "status_from": status_from,
                "status_to": dossier.status,
            },
        )

    # ------------------------------------------------------------------ pull

    def _pull(self, result: PassResult, report: ProgressCallback) -> None:
        """Read the changes feed from our position in it, page by page.

        The position belongs to one server and one feed epoch (DESIGN.md invariant 9), read
        from ``/meta`` first: a reinstalled server (new id) or a restored one (new epoch) is
        read from 0, and so is one that refuses our cursor as beyond or outside its feed
        (restored without a new epoch). Re-reading is safe: changes at or below a dossier's
        server revision are skipped, and when the history changed those revisions are reset
        first, so the new history's (possibly lower) revisions are taken as the truth.
        """
        feed = self._enter_feed(self.client.meta(), result)
        restarts = 0
        while True:
            with self.store.read() as session:
                position = state.feed_position(session, feed)
            try:
                page = self.client.changes(
                    since=position.cursor, limit=self.pull_limit, anchor=position.anchor
                )
            except errors.ConflictError as exc:
                if exc.code not in restore.FEED_REFUSALS or position.cursor == 0:
                    raise
                restarts = _count_restart(restarts, exc.code or "")
                with self.store.write() as session:
                    refusal = restore.cursor_refused(session, feed, position.cursor, exc.code or "")
                result.notes.append(refusal)
                continue
            if feed is not None and page.server_id and page.feed_epoch:
                served = state.FeedId(page.server_id, page.feed_epoch)
                if served != feed:  # the server was replaced between /meta and this page
                    restarts = _count_restart(restarts, "identity changed")
                    feed = self._enter_feed(served, result)
                    continue
            with self.store.write() as session:
                for change in page.changes:
                    if self._apply_change(session, change):
                        result.conflicts += 1
                    result.pulled += 1
                if page.next_cursor < position.cursor:
                    raise errors.ProtocolError("changes: the cursor went backwards")
                state.set_feed_position(
                    session, feed, state.FeedPosition(page.next_cursor, page.next_anchor)
                )
                resent, note = (0, None) if page.has_more else restore.resend_lost(session)
            report(SyncProgress(PULLING, result.pulled, 0))
            if not page.has_more:
                result.resent += resent
                if note is not None:
                    result.notes.append(note)
                return

    def _enter_feed(
        self, served: MetaResponse | state.FeedId, result: PassResult
    ) -> state.FeedId | None:
        """Make the served feed ours; None for a server that does not name itself (legacy)."""
        if isinstance(served, MetaResponse):
            if not served.server_id or not served.feed_epoch:
                return None
            served = state.FeedId(served.server_id, served.feed_epoch)
        with self.store.write() as session:
            note = restore.enter_feed(session, served)
        if note is not None:
            result.notes.append(note)
        return served

    def _apply_change(self, session: Session, change: Change) -> bool:
        """Bring one server revision in; True when it produced conflicts."""
        dossier = session.get(Dossier, str(change.dossier_id))
        if dossier is None:
            return False  # another laptop's dossier: not kept here (data minimisation)
        if dossier.server_rev is not None and change.rev <= dossier.server_rev:
            return False
        active = outbox.active_entries(session, dossier.id)
        if any(e.state == OutboxState.IN_FLIGHT for e in active):
            return False  # its answer comes first; the feed will be read again
        if change.op_id is not None and self._is_our_op(session, str(change.op_id)):
            self._take_server_version(dossier, change, keep_local_status=bool(active))
            session.add(dossier)
            return False
        # An official's action (or another device's op): recorded in the dossier's history.
        _audit(
            session,
            dossier.id,
            f"server.{change.action.value}",
            change.updated_by.username,
            {"status_from": dossier.status, "status_to": change.status.value},
        )
        local_dirty = bool(active) or dossier.data != (dossier.synced_snapshot or {})
        if not local_dirty:
            dossier.data = dict(change.data)
            self._take_server_version(dossier, change, keep_local_status=False)
            session.add(dossier)
            return False
        for entry in active:  # never sent (no in_flight): superseded by the merged version
            outbox.supersede(session, entry)
        return self._merge_server_version(session, dossier, change, had_local_work=bool(active))

    # ------------------------------------------------------------------ merging

    def _merge_server_version(
        self, session: Session, dossier: Dossier, server: ServerDossier, *, had_local_work: bool
    ) -> bool:
        """Three-way merge the server's version into the dossier; True when conflicts remain."""
        base = self._merge_base(session, dossier, server)
        merged = three_way_merge(base, dossier.data, server.data)
        dossier.data = merged.merged
        self._take_server_version(dossier, server, keep_local_status=True)
        if merged.conflicts:
            now = utc_now()
            for c in merged.conflicts:
                for old in session.exec(
                    select(Conflict)
                    .where(Conflict.dossier_id == dossier.id)
                    .where(Conflict.path == c.path)
                    .where(col(Conflict.resolved_at).is_(None))
                ).all():
                    session.delete(old)
                session.add(
                    Conflict(
                        dossier_id=dossier.id,
                        path=c.path,
                        base=_jsonable(c.base),
                        local=_jsonable(c.local),
                        server=_jsonable(c.server),
                        server_rev=server.rev,
                        created_at=now,
                    )
                )
            if had_local_work:
                dossier.status = DossierStatus.QUEUED.value
            session.add(dossier)
            _audit(
                session,
                dossier.id,
                "sync.conflict",
                "sync",
                {"fields": sorted(c.path for c in merged.conflicts)},
            )
            log.info("dossier %s: %d field conflict(s)", dossier.id, len(merged.conflicts))
            return True
        if had_local_work and merged.merged != server.data:
            dossier.status = DossierStatus.QUEUED.value
            outbox.enqueue(session, dossier, MutationKind.SUBMIT)
        elif had_local_work:
            dossier.status = server.status.value  # our changes are already on the server
        session.add(dossier)
        return False

    def _merge_base(
        self, session: Session, dossier: Dossier, server: ServerDossier
    ) -> dict[str, Any]:
        if server.op_id is not None:
            ours = session.exec(
                select(OutboxEntry).where(OutboxEntry.op_id == str(server.op_id))
            ).first()
            if ours is not None and ours.kind == MutationKind.SUBMIT.value:
                # The server's version is what our own op sent (its answer was lost).
                return dict(ours.payload.get("data", {}))
        return dict(dossier.synced_snapshot or {})

    @staticmethod
    def _take_server_version(
        dossier: Dossier, server: ServerDossier, *, keep_local_status: bool
    ) -> None:
        dossier.server_rev = server.rev
        dossier.server_status = server.status.value
        dossier.synced_snapshot = dict(server.data)
        if not keep_local_status:
            dossier.status = server.status.value
        # Every revision carries the code once issued; none means none (a restored server
        # may not have issued the one an older history did).
        dossier.receipt_code = server.receipt_code
        if server.message is not None:
            dossier.last_message = server.message
        dossier.official_checklist = list(server.checklist) if server.checklist else None
        dossier.updated_at = utc_now()

    # ------------------------------------------------------------------ queries

    @staticmethod
    def _is_our_op(session: Session, op_id: str) -> bool:
        return (
            session.exec(select(OutboxEntry.seq).where(OutboxEntry.op_id == op_id)).first()
            is not None
        )

    def _count_active(self) -> int:
        with self.store.read() as session:
            return outbox.waiting(session)

    def _record_pass(self, stage: str, status: str, *, drained: bool = False) -> None:
        with self.store.write() as session:
            now = utc_now().isoformat()
            state.put(session, state.LAST_PASS, {"stage": stage, "status": status, "at": now})
            if status == "completed" and drained:
                state.put(session, state.LAST_SUCCESS, now)


MAX_FEED_RESTARTS = 3


def _count_restart(restarts: int, why: str) -> int:
    """One more re-read of the feed from 0 in this pass; a server that keeps changing fails."""
    if restarts >= MAX_FEED_RESTARTS:
        raise errors.ProtocolError(f"changes: the feed restarted {restarts + 1} times ({why})")
    return restarts + 1


_TOO_LATE = {
    "path": "",
    "code": "withdraw.too_late",
    "severity": "error",
    "message_vi": "Không rút được: cán bộ đã tiếp nhận hoặc xử lý hồ sơ này.",
    "message_en": "Cannot withdraw: an official has already received it.",
}
"""Why a withdrawal that met an official's action is refused (shown in the queue)."""


def _audit(
    session: Session,
    dossier_id: str,
    action: str,
    actor: str,
    details: dict[str, audit.AuditValue],
) -> None:
    """Record what sync did to a dossier, for its history (never any field value)."""
    audit.record(
        session,
        at=utc_now(),
        actor=actor,
        action=action,
        object_type="dossier",
        object_id=dossier_id,
        details=details,
    )


def _refused_by_lifecycle(answer: MutationResult) -> bool:
    """True when the server refused only because of the dossier's state there, not its data."""
    found = answer.errors or []
    return bool(found) and all(e.code.startswith("lifecycle.") for e in found)


def _mirror_server(dossier: Dossier) -> None:
    """After a refusal no fix can cure, the laptop shows the dossier as the server holds it.

    The server's state (an official already has the dossier) refuses the op for good, so the
    dossier takes the server's last known status and data instead of staying ``queued`` with
    nothing that could ever be sent. The refused op keeps the volunteer's values and the
    server's reasons in its quarantined outbox entry, shown on the queue page until the volunteer
    acknowledges it (:func:`helper_app.sync.outbox.acknowledge_refusal`).
    """
    known = dossier.server_status
    if known is None or DossierStatus(known) in EDITABLE_ON_CLIENT:
        return  # the server's state is unknown here: the volunteer fixes it as any refusal
    dossier.status = known
    if dossier.synced_snapshot is not None:
        dossier.data = dict(dossier.synced_snapshot)
    dossier.updated_at = utc_now()


def _jsonable(value: Any) -> Any:
    """A merge value for a JSON column (a missing field is stored as a marker object)."""
    return {"$missing": True} if value is MISSING else value
