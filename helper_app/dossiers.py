"""Domain operations on dossiers: create a draft, edit, attach, finalize, withdraw.

:class:`DossierService` is the only code that changes a dossier on the volunteer's laptop. Each
operation is one ``BEGIN IMMEDIATE`` transaction that also writes its audit event, so a dossier
row, its outbox entry and its audit trail change together or not at all (DESIGN invariant 1).
Operations return plain frozen dataclasses, never live ORM rows.

Editing rules (written up in docs/store.md):

* Only ``draft``, ``queued`` and ``supplement_requested`` dossiers can be edited.
* Editing a ``queued`` dossier whose outbox entry is still ``pending`` takes it out of the queue
  in the same transaction (the pending entry is deleted; the dossier returns to ``draft``, or to
  ``supplement_requested`` when the server already holds it), so a half-edited dossier is never
  sent; it must be finalized again. An ``in_flight`` entry may already be on the server: the edit
  is refused until sync has answered (:class:`WaitForSync`).
* Withdrawing a dossier the server never saw is local only; otherwise a ``withdraw`` outbox
  entry is written with ``base_rev`` = the server revision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, func, select

from helper_app.consent import check_consent, missing_consent_problem
from helper_app.dossier_types import (
    AttachmentInfo,
    ConsentError,
    DossierError,
    DossierNotFound,
    DossierSummary,
    DossierView,
    FinalizeBlocked,
    NotEditable,
    SlotError,
    WaitForSync,
    attachment_info,
    dossier_summary,
    dossier_view,
    not_editable,
    wait_for_sync,
)
from helper_app.forms import Catalog, ProcedureDefinition, UnitDirectory
from helper_app.forms import normalize as normalize_data
from helper_app.forms import validate as validate_data
from helper_app.residents import prefill_for
from helper_app.store import audit
from helper_app.store.attachments import AttachmentStore, StoredFile
from helper_app.store.db import Store
from helper_app.store.models import (
    Attachment,
    Dossier,
    Resident,
    utc_now,
)
from helper_app.sync import outbox
from helper_app.sync.lifecycle import EDITABLE_ON_CLIENT, WITHDRAWABLE, DossierStatus
from helper_app.sync.protocol import MutationKind

VIETNAM_TZ = dt.timezone(dt.timedelta(hours=7))
"""Vietnam has no daylight saving: "today" for date rules is the UTC+7 calendar day."""


__all__ = [
    "AttachmentInfo",
    "ConsentError",
    "DossierError",
    "DossierNotFound",
    "DossierService",
    "DossierSummary",
    "DossierView",
    "FinalizeBlocked",
    "NotEditable",
    "SlotError",
    "WaitForSync",
    "list_dossiers",
]


def list_dossiers(
    store: Store, status: DossierStatus | None = None, *, limit: int | None = None, offset: int = 0
) -> list[DossierSummary]:
    """Dossiers, most recently changed first, optionally of one status (no catalog needed)."""
    query = select(Dossier).order_by(col(Dossier.updated_at).desc()).offset(offset)
    if status is not None:
        query = query.where(Dossier.status == status.value)
    if limit is not None:
        query = query.limit(limit)
    with store.read() as session:
        return [dossier_summary(row) for row in session.exec(query)]


class DossierService:
    """Every change a volunteer makes to a dossier, each in one transaction with its audit.

    Args:
        store: the open local store.
        catalog: procedure definitions (a dossier pins its procedure code and form version).
        files: where attachment bytes go.
        actor: who is acting (the volunteer's name, ``cli`` for headless commands).
        clock: the current time (aware UTC); tests pass a fixed clock.
        units: the administrative-unit directory given to validation, if any.
        require_consent: finalize refuses a dossier without the resident's recorded consent
            (Decree 356/2025: consent must be explicit and recorded). Only unit tests that are
            about something else pass False.
    """

    def __init__(
        self,
        store: Store,
        catalog: Catalog,
        files: AttachmentStore,
        *,
        actor: str,
        clock: Callable[[], dt.datetime] = utc_now,
        units: UnitDirectory | None = None,
        require_consent: bool = True,
    ) -> None:
        self._require_consent = require_consent
        self._store = store
        self._catalog = catalog
        self._files = files
        self._actor = actor
        self._clock = clock
        self._units = units

    # ------------------------------------------------------------------ reading

    def act_as(self, actor: str) -> None:
        """Name ``actor`` in the audit trail from now on (the volunteer who signed in)."""
        self._actor = actor

    def get(self, dossier_id: str) -> DossierView:
        """The whole dossier (raises :class:`DossierNotFound`)."""
        with self._store.read() as session:
            row = self._load(session, dossier_id)
            return dossier_view(row, self._attachments(session, dossier_id))

    def summaries(
        self, status: DossierStatus | None = None, *, limit: int | None = None, offset: int = 0
    ) -> list[DossierSummary]:
        """Dossiers, most recently changed first, optionally of one status."""
        return list_dossiers(self._store, status, limit=limit, offset=offset)

    # ------------------------------------------------------------------ changes

    def create_draft(
        self,
        procedure: str,
        *,
        version: int | None = None,
        data: Mapping[str, object] | None = None,
        prefill_from: Mapping[str, str] | None = None,
    ) -> DossierView:
        """A new draft of ``procedure`` (latest version unless ``version`` is given).

        Args:
            procedure: the procedure code.
            version: pin an older form version.
            data: initial field values (kept as typed; normalized at finalize).
            prefill_from: ``{person_field_id: resident_id}``: fill the person field's prefill
                map from that resident; explicit ``data`` wins over prefilled values.

        Raises:
            UnknownProcedure: no such procedure/version in the catalog.
            DossierError: a resident to prefill from does not exist.
        """
        definition = self._catalog.get(procedure, version)
        now = self._clock()
        with self._store.write() as session:
            values: dict[str, Any] = {}
            for field_id, resident_id in (prefill_from or {}).items():
                values.update(self._prefill(session, definition, field_id, resident_id))
            values.update(data or {})
            row = Dossier(
                procedure=definition.code,
                form_version=definition.version,
                status=DossierStatus.DRAFT.value,
                data=values,
                created_by=self._actor,
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            self._audit(
                session,
                now,
                "dossier.create",
                row.id,
                {
                    "procedure": definition.code,
                    "form_version": definition.version,
                    "fields": sorted(values),
                    "status_to": row.status,
                },
            )
            return dossier_view(row, ())

    def update_fields(self, dossier_id: str, changes: Mapping[str, object]) -> DossierView:
        """Set field values (``None`` removes a field); the rest of the data is kept.

        Raises:
            DossierNotFound, NotEditable, WaitForSync.
        """
        now = self._clock()
        with self._store.write() as session:
            row = self._load(session, dossier_id)
            details = self._prepare_edit(session, row)
            data = dict(row.data)
            for key, value in changes.items():
                if value is None:
                    data.pop(key, None)
                else:
                    data[key] = value
            row.data = data
            row.updated_at = now
            session.add(row)
            self._audit(
                session, now, "dossier.update", row.id, {**details, "fields": sorted(changes)}
            )
            return dossier_view(row, self._attachments(session, dossier_id))

    def attach(self, dossier_id: str, slot: str, source: Path) -> AttachmentInfo:
        """Copy ``source`` into the attachment store and attach it to a document slot.

        The file is checked against the dossier first (editable, known slot, room left), copied
        outside the transaction (a 20 MB copy must not hold the write lock), then recorded.

        Raises:
            DossierNotFound, NotEditable, WaitForSync, SlotError, AttachmentError.
        """
        self._check_attachable(dossier_id, slot)
        return self._record_attachment(dossier_id, slot, self._files.ingest(source))

    def attach_bytes(
        self, dossier_id: str, slot: str, data: bytes, filename: str
    ) -> AttachmentInfo:
        """Attach bytes made in memory (a scaled-down photo): no plaintext file on disk.

        Raises:
            DossierNotFound, NotEditable, WaitForSync, SlotError, AttachmentError.
        """
        self._check_attachable(dossier_id, slot)
        return self._record_attachment(dossier_id, slot, self._files.ingest_bytes(data, filename))

    def _check_attachable(self, dossier_id: str, slot: str) -> None:
        with self._store.read() as session:
            row = self._load(session, dossier_id)
            self._check_slot(session, row, slot)
            if row.status not in EDITABLE_ON_CLIENT:
                raise not_editable(row.status)

    def _record_attachment(self, dossier_id: str, slot: str, stored: StoredFile) -> AttachmentInfo:
        now = self._clock()
        try:
            with self._store.write() as session:
                row = self._load(session, dossier_id)
                details = self._prepare_edit(session, row)
                self._check_slot(session, row, slot)
                att = Attachment(
                    dossier_id=row.id,
                    slot=slot,
                    sha256=stored.sha256,
                    size=stored.size,
                    mime=stored.mime,
                    filename=stored.filename,
                    created_at=now,
                )
                row.updated_at = now
                session.add_all([att, row])
                self._audit(
                    session,
                    now,
                    "attachment.add",
                    row.id,
                    {
                        **details,
                        "slot": slot,
                        "sha256": stored.sha256,
                        "size": stored.size,
                        "mime": stored.mime,
                    },
                )
                return attachment_info(att)
        except BaseException:
            self._forget_file_if_unused(stored.sha256)
            raise

    def remove_attachment(self, dossier_id: str, attachment_id: str) -> None:
        """Detach a file; its stored bytes go when no other attachment uses the same content.

        Raises:
            DossierNotFound (also for an attachment of another dossier), NotEditable, WaitForSync.
        """
        now = self._clock()
        with self._store.write() as session:
            row = self._load(session, dossier_id)
            att = session.get(Attachment, attachment_id)
            if att is None or att.dossier_id != dossier_id:
                raise DossierNotFound(
                    "Không tìm thấy tệp đính kèm này trong hồ sơ.",
                    "This attachment is not part of the dossier.",
                )
            details = self._prepare_edit(session, row)
            sha256 = att.sha256
            session.delete(att)
            row.updated_at = now
            session.add(row)
            self._audit(
                session,
                now,
                "attachment.remove",
                row.id,
                {**details, "slot": att.slot, "sha256": sha256},
            )
        self._forget_file_if_unused(sha256)

    def record_consent(
        self, dossier_id: str, *, help_accepted: bool, processing_accepted: bool
    ) -> DossierView:
        """Record that the resident consented (both boxes ticked by the volunteer, now).

        Raises:
            ConsentError: a box is not ticked (nothing recorded).
            DossierNotFound, NotEditable.
        """
        check_consent(help_accepted=help_accepted, processing_accepted=processing_accepted)
        now = self._clock()
        with self._store.write() as session:
            row = self._load(session, dossier_id)
            if row.status not in EDITABLE_ON_CLIENT:
                raise not_editable(row.status)
            row.consent_at = now
            row.consent_by = self._actor
            session.add(row)
            self._audit(session, now, "dossier.consent", row.id, {})
            return dossier_view(row, self._attachments(session, dossier_id))

    def finalize(self, dossier_id: str) -> DossierView:
        """Validate the dossier and, if nothing blocks, queue it for sending.

        Normalizes the data, validates it with the pinned definition (documents = the slots
        that have an attachment); any error raises :class:`FinalizeBlocked` and changes nothing.
        Otherwise, in ONE transaction: the normalized data and the warnings are stored, the
        status becomes ``queued`` and a ``submit`` outbox entry (``base_rev`` = the server
        revision, null for a first submission) carries the snapshot. Finalizing a dossier that
        is already queued returns it unchanged.

        Raises:
            DossierNotFound, NotEditable, FinalizeBlocked.
        """
        now = self._clock()
        with self._store.write() as session:
            row = self._load(session, dossier_id)
            attachments = self._attachments(session, dossier_id)
            if row.status == DossierStatus.QUEUED and outbox.active_entries(session, row.id):
                return dossier_view(row, attachments)
            if row.status not in EDITABLE_ON_CLIENT:
                raise not_editable(row.status)
            definition = self._catalog.get(row.procedure, row.form_version)
            data = normalize_data(definition, row.data)
            problems = validate_data(
                definition,
                data,
                documents={a.slot for a in attachments},
                today=now.astimezone(VIETNAM_TZ).date(),
                units=self._units,
            )
            if self._require_consent and row.consent_at is None:
                problems = [missing_consent_problem(), *problems]
            if any(p.is_error for p in problems):
                raise FinalizeBlocked(problems)
            warnings = [p for p in problems if not p.is_error]
            status_from = row.status
            row.data = data
            row.warnings = [p.model_dump(mode="json") for p in warnings]
            row.status = DossierStatus.QUEUED.value
            row.updated_at = now
            session.add(row)
            entry = outbox.enqueue(session, row, MutationKind.SUBMIT, now=now)
            session.flush()
            self._audit(
                session,
                now,
                "dossier.finalize",
                row.id,
                {
                    "procedure": row.procedure,
                    "form_version": row.form_version,
                    "op_id": entry.op_id,
                    "warnings": len(warnings),
                    "status_from": status_from,
                    "status_to": row.status,
                },
            )
            return dossier_view(row, attachments)

    def withdraw(self, dossier_id: str) -> DossierView:
        """Withdraw a dossier (allowed until an official has received it).

        A dossier the server never saw is withdrawn locally (its pending submission, if any,
        is dropped). Otherwise a ``withdraw`` outbox entry is written in the same transaction.

        Raises:
            DossierNotFound, NotEditable (status does not allow it), WaitForSync.
        """
        now = self._clock()
        with self._store.write() as session:
            row = self._load(session, dossier_id)
            if row.status not in WITHDRAWABLE:
                raise NotEditable(
                    f"Hồ sơ ở trạng thái '{row.status}' không rút được (chỉ rút được trước khi "
                    "cán bộ tiếp nhận).",
                    f"A '{row.status}' dossier cannot be withdrawn (only before an official "
                    "has received it).",
                )
            details: dict[str, audit.AuditValue] = {"status_from": row.status}
            details.update(_dropped(session, row.id))
            row.status = DossierStatus.WITHDRAWN.value
            row.updated_at = now
            session.add(row)
            if row.server_rev is not None:
                entry = outbox.enqueue(session, row, MutationKind.WITHDRAW, now=now)
                details["op_id"] = entry.op_id
            self._audit(
                session, now, "dossier.withdraw", row.id, {**details, "status_to": row.status}
            )
            return dossier_view(row, self._attachments(session, dossier_id))

    def delete_draft(self, dossier_id: str) -> None:
        """Delete a draft the server never saw, with its attachments (files kept if shared).

        Raises:
            DossierNotFound; NotEditable when the dossier is not a never-sent draft.
        """
        now = self._clock()
        with self._store.write() as session:
            row = self._load(session, dossier_id)
            if row.status != DossierStatus.DRAFT or row.server_rev is not None:
                raise NotEditable(
                    f"Chỉ xoá được hồ sơ nháp chưa gửi (hồ sơ này: '{row.status}').",
                    f"Only a never-sent draft can be deleted (this one is '{row.status}').",
                )
            shas = {a.sha256 for a in self._attachments(session, dossier_id)}
            session.delete(row)
            self._audit(session, now, "dossier.delete", dossier_id, {"procedure": row.procedure})
        for sha256 in shas:
            self._forget_file_if_unused(sha256)

    # ------------------------------------------------------------------ helpers

    def _load(self, session: Session, dossier_id: str) -> Dossier:
        row = session.get(Dossier, dossier_id)
        if row is None:
            raise DossierNotFound(
                f"Không tìm thấy hồ sơ {dossier_id}.", f"No dossier {dossier_id} on this laptop."
            )
        return row

    @staticmethod
    def _attachments(session: Session, dossier_id: str) -> list[Attachment]:
        query = (
            select(Attachment)
            .where(Attachment.dossier_id == dossier_id)
            .order_by(col(Attachment.created_at), col(Attachment.id))
        )
        return list(session.exec(query))

    def _prepare_edit(self, session: Session, row: Dossier) -> dict[str, audit.AuditValue]:
        """Check that ``row`` may be edited; take a queued dossier out of the queue."""
        if row.status not in EDITABLE_ON_CLIENT:
            raise not_editable(row.status)
        if row.status != DossierStatus.QUEUED:
            return {}
        details = _dropped(session, row.id)
        # The server refused it; the volunteer is fixing it. Kept (not deleted) so the op_id
        # stays recognisable, but no longer counted as quarantined.
        outbox.supersede_quarantined(session, row.id)
        back = DossierStatus.DRAFT if row.server_rev is None else DossierStatus.SUPPLEMENT_REQUESTED
        details.update(status_from=row.status, status_to=back.value)
        row.status = back.value
        return details

    def _check_slot(self, session: Session, row: Dossier, slot: str) -> None:
        definition = self._catalog.get(row.procedure, row.form_version)
        doc = next((d for d in definition.documents if d.id == slot), None)
        if doc is None:
            known = ", ".join(d.id for d in definition.documents) or "-"
            raise SlotError(
                f"Thủ tục {row.procedure} không có loại giấy tờ '{slot}' (có: {known}).",
                f"Procedure {row.procedure} has no document slot '{slot}' (known: {known}).",
            )
        count = session.exec(
            select(func.count()).where(Attachment.dossier_id == row.id, Attachment.slot == slot)
        ).one()
        if count >= doc.max_files:
            raise SlotError(
                f"Mục '{doc.label_vi}' đã có đủ {doc.max_files} tệp.",
                f"'{doc.label_en}' already holds its maximum of {doc.max_files} files.",
            )

    def _prefill(
        self, session: Session, definition: ProcedureDefinition, field_id: str, resident_id: str
    ) -> dict[str, object]:
        resident = session.exec(select(Resident).where(Resident.id == resident_id)).first()
        if resident is None:
            raise DossierError(
                f"Không tìm thấy cư dân {resident_id}.", f"No resident {resident_id}."
            )
        return prefill_for(resident, definition, field_id=field_id)

    def _forget_file_if_unused(self, sha256: str) -> None:
        with self._store.read() as session:
            used = session.exec(select(func.count()).where(Attachment.sha256 == sha256)).one()
        if not used:
            self._files.delete(sha256)

    def _audit(
        self,
        session: Session,
        now: dt.datetime,
        action: str,
        object_id: str,
        details: Mapping[str, audit.AuditValue],
    ) -> None:
        audit.record(
            session,
            at=now,
            actor=self._actor,
            action=action,
            object_type="dossier",
            object_id=object_id,
            details=details,
        )


def _dropped(session: Session, dossier_id: str) -> dict[str, audit.AuditValue]:
    """Drop the dossier's pending entries (a newer version replaces them), for the audit.

    Raises:
        WaitForSync: one is being sent right now.
    """
    try:
        dropped = outbox.drop_pending(session, dossier_id)
    except outbox.EntryInFlightError:
        raise wait_for_sync() from None
    return {"dropped_op_id": dropped[-1]} if dropped else {}
