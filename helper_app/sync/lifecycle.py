"""The dossier lifecycle, shared by the client store and the server so the two cannot drift.

``draft`` -> ``queued`` (finalized, validation passed) -> ``submitted`` (server applied it) ->
``received`` (an official accepted it; a receipt code exists) -> ``processing`` -> ``completed`` |
``rejected``. An official may set ``supplement_requested``: the dossier becomes editable again and
goes back through ``queued``. A volunteer may withdraw before ``received``.
"""

from __future__ import annotations

from enum import StrEnum


class DossierStatus(StrEnum):
    """Every state a dossier can be in, on either side."""

    DRAFT = "draft"
    QUEUED = "queued"
    SUBMITTED = "submitted"
    RECEIVED = "received"
    PROCESSING = "processing"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    COMPLETED = "completed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


EDITABLE_ON_CLIENT: frozenset[DossierStatus] = frozenset(
    {DossierStatus.DRAFT, DossierStatus.QUEUED, DossierStatus.SUPPLEMENT_REQUESTED}
)
"""Only these states may be edited on the volunteer's laptop."""

WITHDRAWABLE: frozenset[DossierStatus] = frozenset(
    {
        DossierStatus.DRAFT,
        DossierStatus.QUEUED,
        DossierStatus.SUBMITTED,
        DossierStatus.SUPPLEMENT_REQUESTED,
    }
)
"""A volunteer may withdraw a dossier until an official has received it."""

FINAL: frozenset[DossierStatus] = frozenset(
    {DossierStatus.COMPLETED, DossierStatus.REJECTED, DossierStatus.WITHDRAWN}
)

OFFICER_TRANSITIONS: dict[DossierStatus, frozenset[DossierStatus]] = {
    DossierStatus.SUBMITTED: frozenset(
        {
            DossierStatus.RECEIVED,
            DossierStatus.SUPPLEMENT_REQUESTED,
            DossierStatus.REJECTED,
        }
    ),
    DossierStatus.RECEIVED: frozenset(
        {
            DossierStatus.PROCESSING,
            DossierStatus.SUPPLEMENT_REQUESTED,
            DossierStatus.COMPLETED,
            DossierStatus.REJECTED,
        }
    ),
    DossierStatus.PROCESSING: frozenset(
        {
            DossierStatus.SUPPLEMENT_REQUESTED,
            DossierStatus.COMPLETED,
            DossierStatus.REJECTED,
        }
    ),
}
"""Which status an official may set from which (the server enforces it)."""


def officer_may_set(current: DossierStatus, target: DossierStatus) -> bool:
    """True when an official may move a dossier from ``current`` to ``target``."""
    return target in OFFICER_TRANSITIONS.get(current, frozenset())
