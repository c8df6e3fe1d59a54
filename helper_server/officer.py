"""What officials do with their ward's queue: list, read, move through the lifecycle, edit.

Every action is a new revision (and a feed entry carrying who and when), so volunteers see it
on their next sync. Status changes follow :data:`helper_app.sync.lifecycle.OFFICER_TRANSITIONS`;
``received`` issues a receipt code ``<ward>-<yyyymmdd>-<seq>`` unique in the database (the day in
Vietnam time, the sequence per ward and day from a locked counter row).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from pydantic import BaseModel, Field, StringConstraints
from sqlmodel import Session, SQLModel

from helper_app.sync.lifecycle import FINAL, DossierStatus, officer_may_set
from helper_app.sync.protocol import (
    AttachmentRef,
    Change,
    ChangeAction,
    Revision,
    ServerDossier,
    no_bool,
)
from helper_server.db import Database
from helper_server.dossiers import (
    DOSSIERS,
    State,
    history,
    load_in_ward,
    revise,
    server_view,
    write_revisions,
)
from helper_server.errors import ApiError, not_found
from helper_server.forms_catalog import FormsCatalog
from helper_server.models import User, utcnow
from helper_server.validation import check_submission
from helper_server.visibility import may_see

VIETNAM = dt.timezone(dt.timedelta(hours=7))
RECEIPTS = SQLModel.metadata.tables["receipt_counters"]

_ACTION_FOR: dict[DossierStatus, ChangeAction] = {
    DossierStatus.RECEIVED: ChangeAction.RECEIVE,
    DossierStatus.PROCESSING: ChangeAction.PROCESS,
    DossierStatus.SUPPLEMENT_REQUESTED: ChangeAction.REQUEST_SUPPLEMENT,
    DossierStatus.COMPLETED: ChangeAction.COMPLETE,
    DossierStatus.REJECTED: ChangeAction.REJECT,
}


class DossierSummary(BaseModel):
    """One line of the officer's queue (no personal data beyond what the list needs)."""

    dossier_id: uuid.UUID
    procedure: str
    form_version: int
    status: DossierStatus
    rev: int
    receipt_code: str | None
    attachment_count: int
    created_at: dt.datetime
    updated_at: dt.datetime


class DossiersPublic(BaseModel):
    """A page of the queue and the total matching."""

    data: list[DossierSummary]
    count: int


class DossierDetail(ServerDossier):
    """A dossier with its attachments and its full history of actions."""

    created_at: dt.datetime
    history: list[Change]


NonBlank = Annotated[str, StringConstraints(max_length=4000, pattern=r"\S")]
"""Text with at least one non-space character."""


class _StatusBase(BaseModel):
    """``base_rev``, when given, must be the dossier's current revision (else 409)."""

    base_rev: Revision | None = None

    _rev_not_bool = no_bool("base_rev")


class PlainStatus(_StatusBase):
    """Receive (issues a receipt code), start processing, or complete, with an optional note."""

    status: Literal["received", "processing", "completed"]
    message: Annotated[str, StringConstraints(max_length=4000)] | None = None


class SupplementStatus(_StatusBase):
    """Ask the volunteer to fix things: what (``message``) and where (``checklist``)."""

    status: Literal["supplement_requested"]
    message: NonBlank
    checklist: list[Annotated[str, StringConstraints(max_length=200, pattern=r"\S")]] = Field(
        min_length=1, max_length=100
    )


class RejectStatus(_StatusBase):
    """Reject the dossier; ``message`` is the reason the resident is told."""

    status: Literal["rejected"]
    message: NonBlank


StatusRequest = Annotated[
    PlainStatus | SupplementStatus | RejectStatus, Field(discriminator="status")
]
"""Move a dossier to ``status`` (one of the officer transitions)."""


class EditRequest(BaseModel):
    """Official edit: these fields get these values (``null`` clears one); a new revision."""

    base_rev: Revision
    data: dict[str, Any]

    _rev_not_bool = no_bool("base_rev")


def _rev_mismatch(current: int) -> ApiError:
    return ApiError(
        409,
        "dossier.rev_mismatch",
        f"The dossier changed meanwhile (now revision {current}); reload it and try again.",
        f"Hồ sơ vừa được thay đổi (phiên bản {current}); hãy tải lại rồi thử lại.",
    )


class OfficerService:
    """Officer actions over one database and catalog.

    Args:
        db: the database.
        forms: the catalog official edits are validated with.
    """

    def __init__(self, db: Database, forms: FormsCatalog) -> None:
        self.db = db
        self.forms = forms

    def queue(
        self, *, user: User, status: DossierStatus | None, limit: int, offset: int
    ) -> DossiersPublic:
        """The ward's dossiers (optionally in one status), oldest update first."""
        where = [DOSSIERS.c.ward_code == user.ward_code]
        if status is not None:
            where.append(DOSSIERS.c.status == status.value)
        with self.db.read() as session:
            count = session.execute(
                sa.select(sa.func.count()).select_from(DOSSIERS).where(*where)
            ).scalar_one()
            rows = session.execute(
                sa.select(DOSSIERS)
                .where(*where)
                .order_by(DOSSIERS.c.updated_at, DOSSIERS.c.id)
                .limit(limit)
                .offset(offset)
            )
            data = [
                DossierSummary(
                    dossier_id=r.id,
                    procedure=r.procedure,
                    form_version=r.form_version,
                    status=DossierStatus(r.status),
                    rev=r.rev,
                    receipt_code=r.receipt_code,
                    attachment_count=len(r.attachments),
                    created_at=r.created_at,
                    updated_at=r.updated_at,
                )
                for r in rows
            ]
        return DossiersPublic(data=data, count=int(count))

    def read(self, *, user: User, dossier_id: uuid.UUID) -> ServerDossier:
        """The current version of one dossier the caller may see (404 otherwise, as if absent)."""
        with self.db.read() as session:
            state = load_in_ward(session, dossier_id=dossier_id, ward_code=user.ward_code)
        if state is None or not may_see(user, state):
            raise not_found("dossier")
        return server_view(state)

    def detail(self, *, user: User, dossier_id: uuid.UUID) -> DossierDetail:
        """One dossier with attachments and history."""
        with self.db.read() as session:
            state = load_in_ward(session, dossier_id=dossier_id, ward_code=user.ward_code)
            if state is None:
                raise not_found("dossier")
            changes = history(session, dossier_id=dossier_id, ward_code=user.ward_code)
        view = server_view(state)
        return DossierDetail(**view.model_dump(), created_at=state["created_at"], history=changes)

    def set_status(
        self, *, user: User, dossier_id: uuid.UUID, request: StatusRequest
    ) -> ServerDossier:
        """Apply a lifecycle transition (409 when the lifecycle refuses it)."""
        target = DossierStatus(request.status)
        message = (request.message or "").strip() or None
        checklist = None
        if isinstance(request, SupplementStatus):
            checklist = [c.strip() for c in request.checklist]
        with self.db.write() as session:
            current = self._locked(session, user, dossier_id, request.base_rev)
            status = DossierStatus(current["status"])
            if not officer_may_set(status, target):
                raise ApiError(
                    409,
                    "lifecycle.refused",
                    f"A dossier in status {status.value!r} cannot be set to {target.value!r}.",
                    f"Hồ sơ ở trạng thái {status.value!r} không thể chuyển sang {target.value!r}.",
                )
            now = utcnow()
            receipt = current["receipt_code"]
            if target is DossierStatus.RECEIVED and receipt is None:
                receipt = _next_receipt(session, ward_code=user.ward_code, now=now)
            new = revise(
                current,
                actor=user,
                at=now,
                action=_ACTION_FOR[target],
                status=target.value,
                op_id=None,
                message=message,
                checklist=checklist,
                receipt_code=receipt,
            )
            write_revisions(
                session,
                ward_code=user.ward_code,
                actor=user,
                created=[],
                updated=[new],
                order=[new],
            )
        return server_view(new)

    def edit(self, *, user: User, dossier_id: uuid.UUID, request: EditRequest) -> ServerDossier:
        """Change fields as an official; validated like a submission (422 with the problems)."""
        with self.db.write() as session:
            current = self._locked(session, user, dossier_id, request.base_rev)
            status = DossierStatus(current["status"])
            if status in FINAL:
                raise ApiError(
                    409,
                    "lifecycle.not_editable",
                    f"A dossier in status {status.value!r} can no longer be edited.",
                    f"Hồ sơ ở trạng thái {status.value!r} không thể sửa được nữa.",
                )
            data = dict(current["data"])
            for key, value in request.data.items():
                if value is None:
                    data.pop(key, None)
                else:
                    data[key] = value
            checked = check_submission(
                self.forms,
                procedure=current["procedure"],
                form_version=current["form_version"],
                data=data,
                attachments=[AttachmentRef.model_validate(a) for a in current["attachments"]],
            )
            if checked.errors:
                raise ApiError(
                    422,
                    "dossier.invalid",
                    "The edited dossier does not validate; see details.",
                    "Hồ sơ sau khi sửa chưa hợp lệ; xem chi tiết.",
                    details=checked.errors,
                )
            new = revise(
                current,
                actor=user,
                at=utcnow(),
                action=ChangeAction.EDIT,
                data=checked.data,
                op_id=None,
            )
            write_revisions(
                session,
                ward_code=user.ward_code,
                actor=user,
                created=[],
                updated=[new],
                order=[new],
            )
        return server_view(new)

    def _locked(
        self, session: Session, user: User, dossier_id: uuid.UUID, base_rev: int | None
    ) -> State:
        current = load_in_ward(session, dossier_id=dossier_id, ward_code=user.ward_code, lock=True)
        if current is None:
            raise not_found("dossier")
        if base_rev is not None and base_rev != current["rev"]:
            raise _rev_mismatch(current["rev"])
        return current


def _next_receipt(session: Session, *, ward_code: str, now: dt.datetime) -> str:
    """The next receipt code of the ward for today (Vietnam time)."""
    day = now.astimezone(VIETNAM).strftime("%Y%m%d")
    insert: Any
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    session.execute(
        insert(RECEIPTS).values(ward_code=ward_code, day=day, last=0).on_conflict_do_nothing()
    )
    seq = session.execute(
        sa.update(RECEIPTS)
        .where(sa.and_(RECEIPTS.c.ward_code == ward_code, RECEIPTS.c.day == day))
        .values(last=RECEIPTS.c.last + 1)
        .returning(RECEIPTS.c.last)
    ).scalar_one()
    return f"{ward_code}-{day}-{int(seq):04d}"
