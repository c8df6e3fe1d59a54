"""The outbox's states and the transitions between them (owned by :mod:`helper_app.sync.outbox`).

A leaf module (no imports from the app) so the table's column type can use the enum without an
import cycle; every write of a state goes through :func:`helper_app.sync.outbox.move`, which
checks this table.
"""

from __future__ import annotations

from enum import StrEnum


class OutboxState(StrEnum):
    """Where an outbox entry is on its way to the server."""

    PENDING = "pending"
    """Waiting to be sent."""
    IN_FLIGHT = "in_flight"
    """Sent; the answer has not been applied yet (a crash leaves it here: it is sent again)."""
    DONE = "done"
    """Applied by the server; kept so the engine recognises its op_id in the feed."""
    QUARANTINED = "quarantined"
    """Refused by the server; shown with its reasons until fixed or acknowledged."""
    SUPERSEDED = "superseded"
    """Replaced (a newer version, a merge, a fix, an acknowledged refusal); op_id kept."""


ACTIVE_STATES: tuple[OutboxState, ...] = (OutboxState.PENDING, OutboxState.IN_FLIGHT)
"""States of an entry that still has to reach the server."""

TRANSITIONS: dict[OutboxState, frozenset[OutboxState]] = {
    OutboxState.PENDING: frozenset({OutboxState.IN_FLIGHT, OutboxState.SUPERSEDED}),
    OutboxState.IN_FLIGHT: frozenset(
        {
            OutboxState.IN_FLIGHT,  # sent again after a crash or a lost answer
            OutboxState.PENDING,  # its files must be uploaded first
            OutboxState.DONE,
            OutboxState.QUARANTINED,
            OutboxState.SUPERSEDED,  # a conflict answer, or a resolution replaced it
        }
    ),
    OutboxState.QUARANTINED: frozenset({OutboxState.SUPERSEDED}),
    OutboxState.DONE: frozenset(),
    OutboxState.SUPERSEDED: frozenset(),
}
"""Allowed moves; an entry is deleted (dropped) only while pending (:func:`drop_pending`)."""
