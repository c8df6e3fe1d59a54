"""What dossier operations return and raise: plain frozen views and bilingual errors.

Split from :mod:`helper_app.dossiers` (which re-exports every name) so the service module stays
about the operations themselves. Views are built from ORM rows inside a transaction and never
hold a live row, so the UI can keep them after the session is gone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from helper_app.forms import Problem
from helper_app.store.models import Attachment, Dossier
from helper_app.sync.lifecycle import DossierStatus
from helper_app.text import BilingualError


class DossierError(BilingualError):
    """An operation on a dossier cannot be done; the message says why and what to do."""


class DossierNotFound(DossierError):
    """No dossier with that id on this laptop."""


class NotEditable(DossierError):
    """The dossier's status does not allow this change."""


class WaitForSync(DossierError):
    """The dossier's outbox entry is being sent; the change must wait for the answer."""


class FinalizeBlocked(DossierError):
    """Validation found errors; nothing was changed. ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        errors = [p for p in problems if p.is_error]
        paths = ", ".join(p.path or "(hồ sơ)" for p in errors)
        super().__init__(
            f"Chưa thể hoàn tất hồ sơ: {len(errors)} lỗi ({paths}).",
            f"The dossier cannot be finalized: {len(errors)} error(s) ({paths}).",
        )
        self.problems = problems


class ConsentError(DossierError):
    """Consent must be given explicitly, to both the volunteer's help and the processing."""


class SlotError(DossierError):
    """The document slot is unknown to the procedure, or already holds its maximum of files."""


@dataclass(frozen=True)
class AttachmentInfo:
    """One attached file as the UI and commands see it."""

    id: str
    slot: str
    sha256: str
    size: int
    mime: str
    filename: str
    created_at: dt.datetime


@dataclass(frozen=True)
class DossierSummary:
    """A dossier in a list: no data, no attachments."""

    id: str
    procedure: str
    form_version: int
    status: DossierStatus
    server_rev: int | None
    receipt_code: str | None
    updated_at: dt.datetime


@dataclass(frozen=True)
class DossierView:
    """A whole dossier: data, stored warnings, attachments, sync facts."""

    id: str
    procedure: str
    form_version: int
    status: DossierStatus
    data: dict[str, Any]
    warnings: tuple[Problem, ...]
    attachments: tuple[AttachmentInfo, ...]
    server_rev: int | None
    receipt_code: str | None
    last_message: str | None
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    official_checklist: tuple[str, ...] = ()
    consent_at: dt.datetime | None = None
    consent_by: str | None = None


def attachment_info(row: Attachment) -> AttachmentInfo:
    return AttachmentInfo(
        id=row.id,
        slot=row.slot,
        sha256=row.sha256,
        size=row.size,
        mime=row.mime,
        filename=row.filename,
        created_at=row.created_at,
    )


def dossier_view(row: Dossier, attachments: Iterable[Attachment]) -> DossierView:
    return DossierView(
        id=row.id,
        procedure=row.procedure,
        form_version=row.form_version,
        status=DossierStatus(row.status),
        data=dict(row.data),
        warnings=tuple(Problem.model_validate(w) for w in row.warnings),
        attachments=tuple(attachment_info(a) for a in attachments),
        server_rev=row.server_rev,
        receipt_code=row.receipt_code,
        last_message=row.last_message,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        official_checklist=tuple(row.official_checklist or ()),
        consent_at=row.consent_at,
        consent_by=row.consent_by,
    )


def dossier_summary(row: Dossier) -> DossierSummary:
    return DossierSummary(
        id=row.id,
        procedure=row.procedure,
        form_version=row.form_version,
        status=DossierStatus(row.status),
        server_rev=row.server_rev,
        receipt_code=row.receipt_code,
        updated_at=row.updated_at,
    )


def not_editable(status: str) -> NotEditable:
    return NotEditable(
        f"Hồ sơ đang ở trạng thái '{status}' nên không sửa được; chỉ sửa được hồ sơ nháp, "
        "đang chờ gửi hoặc được yêu cầu bổ sung.",
        f"The dossier is '{status}' and cannot be edited; only draft, queued and "
        "supplement_requested dossiers can be.",
    )


def wait_for_sync() -> WaitForSync:
    return WaitForSync(
        "Hồ sơ đang được gửi lên máy chủ; hãy chờ đồng bộ xong rồi thử lại.",
        "The dossier is being sent to the server; wait for sync to finish, then try again.",
    )
