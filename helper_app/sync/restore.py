"""What a laptop does for a server restored from a backup: send again what it lost.

After the laptop learns that the server's history changed (a new feed epoch, or a cursor the
server refuses: :meth:`helper_app.sync.engine.SyncEngine._pull`), it sets the server revision of
every dossier it had sent to 0 and reads the whole feed again. A dossier the new history never
mentions is one the restored server does not have at all: it was first sent after the backup
was taken. Left alone, it would show ``submitted`` (or even ``received``) on the laptop while the
ward has no trace of it. It is queued again as a first submission, with the volunteer's data:
the server applies it once (a new op_id, ``base_rev`` null), asks for any file it lacks, and
officials take it up again (a new receipt code once received).

Only a *restore* does this: the same server id with a new feed epoch, or a cursor the server
refuses. A new server id is another server (a reinstall on an empty database, a ward moved to a
new one); what the old one decided stays on the laptop and nothing is pushed to the new one
unasked.

A dossier whose matter was closed (completed, rejected) or that the volunteer withdrew is not
sent again: that would reopen it at the ward. It stays on the laptop as it was, and the pass
says so.
"""

from __future__ import annotations

import logging

from sqlmodel import Session, col, select

from helper_app import audit
from helper_app.models import Dossier, OutboxEntry, utc_now
from helper_app.sync import state
from helper_app.sync.lifecycle import FINAL, DossierStatus
from helper_app.sync.outbox import ACTIVE_STATES, new_submit_entry

log = logging.getLogger(__name__)

UNSEEN_REV = 0
"""The server revision a dossier holds after a history change until the new feed mentions it."""

RESTORED = "feed_restored"
"""``sync_state`` key: the server's history was restored; the re-read is not finished yet."""


def history_lost(session: Session) -> None:
    """Remember (across passes, until the re-read ends) that the server lost part of its history."""
    state.put(session, RESTORED, utc_now().isoformat())


def resend_lost(session: Session) -> tuple[int, int]:
    """Queue again every dossier the re-read feed never mentioned; (queued, left as they are).

    Called once the feed has been read to its end, in the transaction of its last page; does
    nothing unless :func:`history_lost` was called since the last time.
    """
    if state.get(session, RESTORED) is None:
        return 0, 0
    state.delete(session, RESTORED)
    unseen = session.exec(select(Dossier).where(Dossier.server_rev == UNSEEN_REV)).all()
    queued = kept = 0
    for dossier in unseen:
        busy = session.exec(
            select(OutboxEntry.seq)
            .where(OutboxEntry.dossier_id == dossier.id)
            .where(col(OutboxEntry.state).in_(ACTIVE_STATES))
        ).first()
        if busy is not None:
            continue  # its own entry goes out next pass and gets the server's answer
        status_from = dossier.status
        if DossierStatus(dossier.status) in FINAL:
            dossier.server_rev = None  # not on this server any more; never asked about again
            kept += 1
        else:
            _as_never_sent(dossier)
            session.add(new_submit_entry(session, dossier))
            queued += 1
        session.add(dossier)
        audit.record(
            session,
            at=utc_now(),
            actor="sync",
            action="sync.lost_by_server",
            object_type="dossier",
            object_id=dossier.id,
            details={"status_from": status_from, "status_to": dossier.status},
        )
    if queued or kept:
        log.warning("restored server lacks %d dossier(s): %d sent again", queued + kept, queued)
    return queued, kept


def _as_never_sent(dossier: Dossier) -> None:
    """The dossier as before its first submission, keeping what the volunteer typed."""
    dossier.server_rev = None
    dossier.server_status = None
    dossier.synced_snapshot = None
    dossier.receipt_code = None  # issued by the lost history; the ward issues a new one
    dossier.official_checklist = None
    dossier.status = DossierStatus.QUEUED.value
    dossier.updated_at = utc_now()
