"""What a laptop does when the server's history changed under it (DESIGN.md invariant 9).

The engine's pull (:meth:`helper_app.sync.engine.SyncEngine._pull`) learns it three ways:
``/meta`` names another server id (reinstalled) or another feed epoch (restored), or the feed
refuses the laptop's cursor (restored, and the admin forgot ``helper-server new-epoch``). Each
time the dossiers' server revisions stop meaning anything: :func:`forget_server_revisions` sets
them to 0, so every revision of the new history is let in, in order, and the whole feed is read
again (:func:`enter_feed`, :func:`cursor_refused`).

After a *restore* the laptop also sends again what the restored server lost. A dossier the new
history never
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

from sqlmodel import Session, col, select, update

from helper_app.store import audit
from helper_app.store.models import Dossier, utc_now
from helper_app.sync import outbox, state
from helper_app.sync.lifecycle import FINAL, DossierStatus
from helper_app.sync.protocol import FEED_CURSOR_AHEAD, FEED_CURSOR_UNKNOWN, MutationKind

log = logging.getLogger(__name__)

UNSEEN_REV = 0
"""The server revision a dossier holds after a history change until the new feed mentions it."""

RESTORED = "feed_restored"
"""``sync_state`` key: the server's history was restored; the re-read is not finished yet."""


FEED_REFUSALS = (FEED_CURSOR_AHEAD, FEED_CURSOR_UNKNOWN)
"""409 codes meaning our feed cursor belongs to another history of the server's feed."""


def enter_feed(session: Session, served: state.FeedId) -> str | None:
    """Make the served feed ours; a note for the pass when its history is not the one we read."""
    entry = state.enter_feed(session, served)
    if entry not in (state.FeedEntry.NEW_EPOCH, state.FeedEntry.NEW_SERVER):
        return None
    forget_server_revisions(session)
    if entry is state.FeedEntry.NEW_EPOCH:
        _history_lost(session)
    log.warning(
        "server %s, feed epoch %s is new here: reading its feed from 0",
        served.server_id,
        served.feed_epoch,
    )
    return (
        "the server was reinstalled or restored (new server id or feed epoch): "
        "its feed is read again from the start"
    )


def cursor_refused(session: Session, feed: state.FeedId | None, cursor: int, code: str) -> str:
    """The feed refused our cursor (a restore without a new epoch): read it all again; a note."""
    forget_server_revisions(session)
    _history_lost(session)
    state.set_feed_position(session, feed, state.FeedPosition())
    log.warning("feed cursor %d refused (%s): reading again", cursor, code)
    return (
        f"the server refused feed cursor {cursor} ({code}): "
        "it was restored from a backup; its feed is read again from the start"
    )


def forget_server_revisions(session: Session) -> None:
    """The dossiers' server revisions came from another history: stop trusting them.

    A restored server's revisions may be lower than ours (its history lost what came after the
    backup); kept, they would make us skip its changes as already seen. 0 (not None, which means
    "never sent") lets every revision of the new feed in, in order, so each dossier ends at the
    server's current version; the three-way merge keeps local edits, and a later edit's
    ``base_rev`` 0 is answered with the server's version.
    """
    session.execute(
        update(Dossier).where(col(Dossier.server_rev).is_not(None)).values(server_rev=UNSEEN_REV)
    )


def _history_lost(session: Session) -> None:
    """Remember (across passes, until the re-read ends) that the server lost part of its history."""
    state.put(session, RESTORED, utc_now().isoformat())


def resend_lost(session: Session) -> tuple[int, str | None]:
    """Queue again every dossier the re-read feed never mentioned; (how many, a note or None).

    Called once the feed has been read to its end, in the transaction of its last page; does
    nothing unless the history was found restored since the last time.
    """
    if state.get(session, RESTORED) is None:
        return 0, None
    state.delete(session, RESTORED)
    unseen = session.exec(select(Dossier).where(Dossier.server_rev == UNSEEN_REV)).all()
    queued = kept = 0
    for dossier in unseen:
        if outbox.active_entries(session, dossier.id):
            continue  # its own entry goes out next pass and gets the server's answer
        status_from = dossier.status
        if DossierStatus(dossier.status) in FINAL:
            dossier.server_rev = None  # not on this server any more; never asked about again
            kept += 1
        else:
            _as_never_sent(dossier)
            outbox.enqueue(session, dossier, MutationKind.SUBMIT)
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
    if not (queued or kept):
        return 0, None
    log.warning("restored server lacks %d dossier(s): %d sent again", queued + kept, queued)
    return queued, (
        f"the restored server lacked {queued + kept} dossier(s): {queued} queued again, "
        f"{kept} closed or withdrawn ones kept as they were"
    )


def _as_never_sent(dossier: Dossier) -> None:
    """The dossier as before its first submission, keeping what the volunteer typed."""
    dossier.server_rev = None
    dossier.server_status = None
    dossier.synced_snapshot = None
    dossier.receipt_code = None  # issued by the lost history; the ward issues a new one
    dossier.official_checklist = None
    dossier.status = DossierStatus.QUEUED.value
    dossier.updated_at = utc_now()
