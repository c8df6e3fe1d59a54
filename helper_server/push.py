"""``POST /sync/push``: apply a batch of volunteer mutations, each exactly once.

Contract:

* Idempotency is a database constraint, not a check: an op id is stored (with its answer) by an
  ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` in the same transaction as the revisions it
  made, sorted (so two batches never deadlock on op ids). An op id that the insert did not
  return was claimed by a concurrent request (PostgreSQL waits for that request's commit): the
  whole batch is then rolled back and run again, and the second attempt first reads the stored
  answers and repeats them as ``duplicate``.
* The first attempt does not read the op table: a resent op is rare, and finding it costs only
  that retry. Every later attempt reads the stored answers before deciding anything.
* Validation (pure CPU) runs before the transaction opens; the transaction then reads the
  dossiers (locked in id order) and the complete blobs, decides every mutation, then writes the
  op rows, the dossiers and the feed with one multi-row statement each, and commits once.
* ``missing_blobs`` (and a mutation that crashed the validator) do not use up the op id: no op
  row is written, so the same mutation can be sent again.
* A concurrent batch that created the same new dossier first makes the insert fail; the whole
  batch is then retried from the start (it now sees that dossier), bounded, with jitter.
"""

from __future__ import annotations

import logging
import random
import time
import uuid
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
import sqlalchemy.exc
from sqlmodel import Session, SQLModel

from helper_app.sync.lifecycle import EDITABLE_ON_CLIENT, WITHDRAWABLE, DossierStatus
from helper_app.sync.protocol import (
    ChangeAction,
    FieldError,
    Mutation,
    MutationKind,
    MutationResult,
    Outcome,
    PushRequest,
    PushResponse,
)
from helper_server.db import Database, insert_rows
from helper_server.dossiers import State, load_states, revise, server_view, write_revisions
from helper_server.forms_catalog import FormsCatalog
from helper_server.models import User, utcnow
from helper_server.validation import Checked, check_submission, field_error
from helper_server.visibility import may_see

log = logging.getLogger(__name__)

OPS = SQLModel.metadata.tables["ops"]
DOSSIERS = SQLModel.metadata.tables["dossiers"]
BLOBS = SQLModel.metadata.tables["blobs"]
MAX_ATTEMPTS = 6


class _RetryBatchError(Exception):
    """The batch raced a concurrent one; run it again from the start."""


@dataclass
class _Prepared:
    """A mutation with its validation done outside the transaction."""

    mutation: Mutation
    checked: Checked | None
    crashed: bool = False


@dataclass
class _BatchState:
    """What one transaction accumulates before it writes."""

    user: User
    states: dict[uuid.UUID, State]
    complete_blobs: dict[str, int]
    created: dict[uuid.UUID, State]
    order: list[State]


class PushService:
    """Applies pushes against one database with one forms catalog.

    Args:
        db: the database.
        forms: the catalog submissions are validated with.
    """

    def __init__(self, db: Database, forms: FormsCatalog) -> None:
        self.db = db
        self.forms = forms

    def push(self, *, user: User, request: PushRequest) -> PushResponse:
        """Apply ``request`` for ``user``; one result per mutation, in order."""
        prepared = [self._prepare(m) for m in request.mutations]
        for attempt in range(MAX_ATTEMPTS):
            try:
                with self.db.write() as session:
                    results = self._apply(
                        session, user, request.device_id, prepared, read_ops=attempt > 0
                    )
                break
            except (_RetryBatchError, sqlalchemy.exc.IntegrityError) as exc:
                if attempt == MAX_ATTEMPTS - 1:
                    raise
                log.info("push retry %d after %s", attempt + 1, type(exc).__name__)
                time.sleep(random.uniform(0, 0.01 * 2**attempt))
            except sqlalchemy.exc.OperationalError as exc:
                if attempt == MAX_ATTEMPTS - 1 or not _is_transient(exc):
                    raise
                log.info("push retry %d after a deadlock/serialization failure", attempt + 1)
                time.sleep(random.uniform(0, 0.01 * 2**attempt))
        counts = Counter(r.outcome.value for r in results)
        log.info("push device batch of %d: %s", len(results), dict(counts))
        return PushResponse(results=results)

    def _prepare(self, mutation: Mutation) -> _Prepared:
        if mutation.kind is not MutationKind.SUBMIT:
            return _Prepared(mutation, None)
        try:
            checked = check_submission(
                self.forms,
                procedure=mutation.procedure,
                form_version=mutation.form_version,
                data=mutation.data,
                attachments=mutation.attachments,
            )
        except Exception as exc:  # noqa: BLE001 - one bad dossier must not stop the batch
            log.error("validator crashed on op %s: %s", mutation.op_id, type(exc).__name__)
            return _Prepared(mutation, None, crashed=True)
        return _Prepared(mutation, checked)

    def _apply(
        self,
        session: Session,
        user: User,
        device_id: str,
        prepared: Sequence[_Prepared],
        *,
        read_ops: bool,
    ) -> list[MutationResult]:
        """One attempt at the batch inside ``session``'s transaction.

        Args:
            read_ops: read the stored answers first (a retry: some op ids may be taken).
        """
        first_of: dict[uuid.UUID, _Prepared] = {}
        for p in prepared:
            first_of.setdefault(p.mutation.op_id, p)
        stored = self._stored_answers(session, list(first_of)) if read_ops else {}
        fresh = [p for op_id, p in first_of.items() if op_id not in stored]
        batch = _BatchState(
            user=user,
            states=load_states(session, ids=[p.mutation.dossier_id for p in fresh], lock=True),
            complete_blobs=self._complete_blobs(session, user.ward_code, fresh),
            created={},
            order=[],
        )
        answers: dict[uuid.UUID, MutationResult] = {}
        release: set[uuid.UUID] = set()
        for op_id, p in first_of.items():
            if op_id in stored:
                answers[op_id] = _replay(op_id, stored[op_id], user)
                continue
            result = self._decide(batch, p)
            answers[op_id] = result
            if result.outcome is Outcome.MISSING_BLOBS or p.crashed:
                release.add(op_id)
        self._claim(session, user, device_id, first_of, answers, stored.keys() | release)
        self._write(session, batch)
        out: list[MutationResult] = []
        seen: set[uuid.UUID] = set()
        for p in prepared:
            op_id = p.mutation.op_id
            answer = answers[op_id]
            if op_id in seen and op_id not in release:
                answer = _as_duplicate(answer)
            seen.add(op_id)
            out.append(answer)
        return out

    def _claim(
        self,
        session: Session,
        user: User,
        device_id: str,
        first_of: dict[uuid.UUID, _Prepared],
        answers: dict[uuid.UUID, MutationResult],
        skip: Collection[uuid.UUID],
    ) -> None:
        """Store the op ids with their answers; a lost race on any of them retries the batch."""
        now = utcnow()
        rows = [
            {
                "op_id": op_id,
                "ward_code": user.ward_code,
                "user_id": user.id,
                "device_id": device_id,
                "dossier_id": first_of[op_id].mutation.dossier_id,
                "result": answers[op_id].model_dump(mode="json", exclude_none=True),
                "created_at": now,
            }
            for op_id in sorted(answers)
            if op_id not in skip
        ]
        if not rows:
            return
        claimed = insert_rows(session, OPS, rows, skip_conflicts=True, returning=OPS.c.op_id)
        if len(claimed) != len(rows):
            raise _RetryBatchError

    def _stored_answers(
        self, session: Session, op_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, _StoredOp]:
        if not op_ids:
            return {}
        stmt = (
            sa.select(
                OPS.c.op_id,
                OPS.c.ward_code,
                OPS.c.user_id,
                OPS.c.result,
                DOSSIERS.c.ward_code.label("d_ward"),
                DOSSIERS.c.created_by,
                DOSSIERS.c.team_id,
            )
            .select_from(OPS.outerjoin(DOSSIERS, DOSSIERS.c.id == OPS.c.dossier_id))
            .where(OPS.c.op_id.in_(op_ids))
        )
        stored: dict[uuid.UUID, _StoredOp] = {}
        for row in session.execute(stmt):
            owners = {"ward_code": row.d_ward, "created_by": row.created_by, "team_id": row.team_id}
            dossier = owners if row.d_ward is not None else None
            stored[row.op_id] = _StoredOp(row.ward_code, row.user_id, row.result, dossier)
        return stored

    def _complete_blobs(
        self, session: Session, ward_code: str, prepared: Sequence[_Prepared]
    ) -> dict[str, int]:
        wanted = {a.sha256 for p in prepared for a in p.mutation.attachments}
        if not wanted:
            return {}
        stmt = sa.select(BLOBS.c.sha256, BLOBS.c.size).where(
            sa.and_(
                BLOBS.c.ward_code == ward_code,
                BLOBS.c.complete.is_(True),
                BLOBS.c.sha256.in_(sorted(wanted)),
            )
        )
        return {row.sha256: row.size for row in session.execute(stmt)}

    def _decide(self, batch: _BatchState, p: _Prepared) -> MutationResult:
        m = p.mutation
        if p.crashed:
            return _rejected(m, [_error("", "server.validation_failed", _CRASHED)])
        current = batch.states.get(m.dossier_id)
        taken = current is not None and not may_see(batch.user, current)
        if taken:
            # Another volunteer's dossier, or another ward's: from here on answered exactly as
            # an unknown id (same checks, same order). Only a create cannot be: the id is taken.
            current = None
        if m.kind is MutationKind.WITHDRAW:
            return self._withdraw(batch, m, current)
        assert p.checked is not None
        if p.checked.errors:
            return _rejected(m, p.checked.errors, p.checked.warnings)
        missing, wrong_size = _blob_problems(batch.complete_blobs, m)
        if wrong_size:
            return _rejected(m, wrong_size)
        if missing:
            return MutationResult(
                op_id=m.op_id, outcome=Outcome.MISSING_BLOBS, missing_blobs=missing
            )
        return self._submit(batch, m, current, p.checked, taken=taken)

    def _submit(
        self,
        batch: _BatchState,
        m: Mutation,
        current: State | None,
        checked: Checked,
        *,
        taken: bool = False,
    ) -> MutationResult:
        now = utcnow()
        attachments = [
            {**a.model_dump(mode="json"), "filename": display_name(a.filename)}
            for a in m.attachments
        ]
        if current is None:
            if m.base_rev is not None:
                return _rejected(m, [_error("base_rev", "dossier.not_found", _NOT_FOUND)])
            if taken:
                return _rejected(m, [_error("dossier_id", "dossier.unavailable", _UNAVAILABLE)])
            base: State = {
                "id": m.dossier_id,
                "ward_code": batch.user.ward_code,
                "rev": 0,
                "created_by": batch.user.id,
                "team_id": batch.user.team_id,
                "created_at": now,
                "receipt_code": None,
                "message": None,
                "checklist": None,
            }
        else:
            if m.base_rev != current["rev"]:
                return _conflict(m, current)
            if DossierStatus(current["status"]) not in EDITABLE_ON_CLIENT:
                return _rejected(m, [_lifecycle_error(current["status"], "submit")])
            base = current  # a resubmission keeps the official's last message and checklist
        new = revise(
            base,
            actor=batch.user,
            at=now,
            action=ChangeAction.SUBMIT,
            procedure=m.procedure,
            form_version=m.form_version,
            data=checked.data,
            attachments=attachments,
            status=str(DossierStatus.SUBMITTED),
            op_id=m.op_id,
        )
        if current is None:
            batch.created[m.dossier_id] = new
        return self._applied(batch, m, new, checked.warnings)

    def _withdraw(self, batch: _BatchState, m: Mutation, current: State | None) -> MutationResult:
        if current is None:
            return _rejected(m, [_error("dossier_id", "dossier.not_found", _NOT_FOUND)])
        if m.base_rev != current["rev"]:
            return _conflict(m, current)
        if DossierStatus(current["status"]) not in WITHDRAWABLE:
            return _rejected(m, [_lifecycle_error(current["status"], "withdraw")])
        new = revise(
            current,
            actor=batch.user,
            at=utcnow(),
            action=ChangeAction.WITHDRAW,
            status=str(DossierStatus.WITHDRAWN),
            op_id=m.op_id,
        )
        return self._applied(batch, m, new, [])

    def _applied(
        self, batch: _BatchState, m: Mutation, new: State, warnings: list[FieldError]
    ) -> MutationResult:
        batch.states[m.dossier_id] = new
        if m.dossier_id in batch.created:
            batch.created[m.dossier_id] = new
        batch.order.append(new)
        return MutationResult(
            op_id=m.op_id, outcome=Outcome.APPLIED, rev=new["rev"], warnings=warnings or None
        )

    def _write(self, session: Session, batch: _BatchState) -> None:
        created = list(batch.created.values())
        created_ids = set(batch.created)
        touched = {s["id"]: s for s in batch.order if s["id"] not in created_ids}
        write_revisions(
            session,
            ward_code=batch.user.ward_code,
            actor=batch.user,
            created=created,
            updated=list(touched.values()),
            order=batch.order,
        )


def display_name(filename: str) -> str:
    """A client's file name reduced to something safe to show: no directories, no controls.

    It is only ever displayed; bytes are stored under server-made keys.
    """
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip().lstrip(".")
    return cleaned[:255]


def _is_transient(exc: sqlalchemy.exc.OperationalError) -> bool:
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return code in ("40P01", "40001")


def _blob_problems(complete: dict[str, int], m: Mutation) -> tuple[list[str], list[FieldError]]:
    missing: list[str] = []
    wrong: list[FieldError] = []
    for i, a in enumerate(m.attachments):
        size = complete.get(a.sha256)
        if size is None:
            if a.sha256 not in missing:
                missing.append(a.sha256)
        elif size != a.size:
            wrong.append(
                _error(
                    f"attachments[{i}].size",
                    "attachment.size_mismatch",
                    (
                        f"The uploaded file has {size} bytes, the attachment says {a.size}.",
                        f"Tệp đã tải lên có {size} byte, hồ sơ ghi {a.size}.",
                    ),
                )
            )
    return missing, wrong


@dataclass(frozen=True)
class _StoredOp:
    """Who sent an op already answered, the answer, and the owners of its dossier (if any)."""

    ward_code: str
    user_id: uuid.UUID
    result: dict[str, Any] | None
    dossier: dict[str, Any] | None


def _replay(op_id: uuid.UUID, stored: _StoredOp, user: User) -> MutationResult:
    """The stored answer again, to whoever sent the op or may see its dossier.

    A teammate on a shared help-point laptop may retry the queue another volunteer left; the
    answer tells them nothing they cannot read. Anyone else holding the op id gets
    ``op_id.taken``: the answer (a revision, a conflict's server copy) does not leak.
    """
    mine = stored.user_id == user.id or (
        stored.dossier is not None and may_see(user, stored.dossier)
    )
    if stored.result is None or stored.ward_code != user.ward_code or not mine:
        return MutationResult(
            op_id=op_id,
            outcome=Outcome.REJECTED,
            errors=[_error("op_id", "op_id.taken", _OP_TAKEN)],
        )
    return _as_duplicate(MutationResult.model_validate(stored.result))


def _as_duplicate(first: MutationResult) -> MutationResult:
    if first.outcome is Outcome.DUPLICATE:
        return first
    return first.model_copy(
        update={"outcome": Outcome.DUPLICATE, "original_outcome": first.outcome}
    )


def _rejected(
    m: Mutation, errors: list[FieldError], warnings: list[FieldError] | None = None
) -> MutationResult:
    return MutationResult(
        op_id=m.op_id, outcome=Outcome.REJECTED, errors=errors, warnings=warnings or None
    )


def _conflict(m: Mutation, current: State) -> MutationResult:
    return MutationResult(
        op_id=m.op_id, outcome=Outcome.CONFLICT, rev=current["rev"], server=server_view(current)
    )


def _error(path: str, code: str, texts: tuple[str, str]) -> FieldError:
    return field_error(path, code, texts[0], texts[1])


def _lifecycle_error(status: str, what: str) -> FieldError:
    verb_en, verb_vi = ("resubmitted", "nộp lại") if what == "submit" else ("withdrawn", "rút")
    return field_error(
        "status",
        f"lifecycle.{what}_refused",
        f"A dossier in status {status!r} cannot be {verb_en} any more.",
        f"Hồ sơ đang ở trạng thái {status!r} nên không thể {verb_vi} được nữa.",
    )


_CRASHED = (
    "The server could not validate this dossier; it was not stored. Send it again later.",
    "Máy chủ chưa kiểm tra được hồ sơ này nên chưa lưu; vui lòng gửi lại sau.",
)
_UNAVAILABLE = (
    "This dossier id cannot be used; create the dossier again.",
    "Không dùng được mã hồ sơ này; vui lòng tạo lại hồ sơ.",
)
_NOT_FOUND = (
    "The server has no such dossier in your ward.",
    "Máy chủ không có hồ sơ này trong phường/xã của bạn.",
)
_OP_TAKEN = (
    "This op_id was already used for another request; make a new op_id.",
    "Mã thao tác (op_id) đã được dùng; hãy tạo mã mới.",
)
