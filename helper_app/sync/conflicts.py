"""Field conflicts the volunteer resolves: list them, choose a value, queue the result.

A conflict row holds the base, the volunteer's value and the server's value of one field. Until
every conflict of a dossier is resolved nothing is sent for it. Resolving writes the chosen values,
marks the rows resolved (they are kept, as a record that a choice was made) and either queues a
``submit`` on the server's latest revision or, where nothing is left to send, takes the server's
status (:func:`_settle`), all in one transaction with its audit event.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from sqlmodel import Session, col, select

from helper_app.forms.catalog import Catalog
from helper_app.forms.normalize import normalize_value
from helper_app.store import audit
from helper_app.store.db import Store
from helper_app.store.models import Conflict, Dossier, utc_now
from helper_app.sync import outbox
from helper_app.sync.lifecycle import EDITABLE_ON_CLIENT, DossierStatus
from helper_app.sync.protocol import MutationKind

MISSING_MARK = {"$missing": True}

Choice = Literal["local", "server"] | tuple[Literal["value"], Any]
"""Keep the volunteer's value, take the server's, or enter another value."""


@dataclass(frozen=True)
class OpenConflict:
    """One unresolved field conflict, as the dialog shows it."""

    id: int
    dossier_id: str
    path: str
    base: Any
    local: Any
    server: Any
    server_rev: int | None


class ConflictError(Exception):
    """The resolution does not match the open conflicts."""


def open_conflicts(store: Store, dossier_id: str | None = None) -> list[OpenConflict]:
    """Unresolved conflicts, of one dossier or of all."""
    query = select(Conflict).where(col(Conflict.resolved_at).is_(None))
    if dossier_id is not None:
        query = query.where(Conflict.dossier_id == dossier_id)
    with store.read() as session:
        rows = session.exec(query.order_by(col(Conflict.id))).all()
    return [
        OpenConflict(
            id=r.id or 0,
            dossier_id=r.dossier_id,
            path=r.path,
            base=r.base,
            local=r.local,
            server=r.server,
            server_rev=r.server_rev,
        )
        for r in rows
    ]


def resolve(
    store: Store,
    dossier_id: str,
    choices: Mapping[str, Choice],
    *,
    actor: str,
    catalog: Catalog,
) -> None:
    """Apply one choice per conflicting field and queue the result for the server.

    A value the volunteer typed is put in the form's canonical shape first (as the form editor
    does on save, and as the server does on intake), so what the laptop keeps is what the server
    will hold; without that a typed "a  b" stays double-spaced here and single-spaced there.

    Raises:
        ConflictError: a field is left without a choice, or a choice names no open conflict.
    """
    now = utc_now()
    with store.write() as session:
        rows = session.exec(
            select(Conflict)
            .where(Conflict.dossier_id == dossier_id)
            .where(col(Conflict.resolved_at).is_(None))
        ).all()
        open_paths = {r.path for r in rows}
        if set(choices) != open_paths:
            raise ConflictError(
                f"choose a value for exactly the conflicting fields: {sorted(open_paths)}"
            )
        dossier = session.get(Dossier, dossier_id)
        if dossier is None:
            raise ConflictError(f"no dossier {dossier_id}")
        fields = {
            f.id: f for f in catalog.get(dossier.procedure, dossier.form_version).iter_fields()
        }
        data = dict(dossier.data)
        for row in rows:
            choice = choices[row.path]
            if choice == "local":
                value, how = row.local, "local"
            elif choice == "server":
                value, how = row.server, "server"
            else:
                value, how = choice[1], "edited"
                if row.path in fields:
                    value = normalize_value(fields[row.path], value)
            if value == MISSING_MARK:
                data.pop(row.path, None)
            else:
                data[row.path] = value
            row.resolved_at = now
            row.resolution = how
            session.add(row)
        dossier.data = data
        dossier.updated_at = now
        outbox.supersede_active(session, dossier_id)
        status_from = dossier.status
        _settle(session, dossier)
        session.add(dossier)
        audit.record(
            session,
            at=now,
            actor=actor,
            action="dossier.resolve_conflicts",
            object_type="dossier",
            object_id=dossier_id,
            details={
                "fields": sorted(open_paths),
                "status_from": status_from,
                "status_to": dossier.status,
            },
        )


def _settle(session: Session, dossier: Dossier) -> None:
    """Send the resolved dossier again, or take the server's state where nothing is left to send.

    Invariant 8 (DESIGN.md): no dossier stays ``queued`` without an active outbox entry. A
    finalized dossier is sent again when its data differ from the server's, and also when the
    server still waits for the volunteer's resubmission (``supplement_requested``): the
    resubmission itself is the change, even with the server's values in every field. Otherwise
    the server already holds exactly this dossier, so the laptop takes the server's status.
    A dossier the volunteer has not finalized (a supplement still being edited) keeps its
    status: it goes out when the volunteer finalizes it.
    """
    if dossier.status != DossierStatus.QUEUED.value:
        return
    server_status = dossier.server_status
    if (
        server_status is None
        or DossierStatus(server_status) in EDITABLE_ON_CLIENT
        or dossier.data != (dossier.synced_snapshot or {})
    ):
        outbox.enqueue(session, dossier, MutationKind.SUBMIT)
        return
    dossier.status = server_status
