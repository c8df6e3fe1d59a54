"""Dossier rows, their revisions in the changes feed, and the views the API answers with.

Shared by the push, the officer actions and the feed. A new revision is always two writes in
one transaction: the ``dossiers`` row and a ``changes`` row. The change's cursor comes from the
ward's counter, taken with an ``UPDATE ... RETURNING`` right before commit (on PostgreSQL in
the same statement as the feed insert): the row lock it takes on PostgreSQL (and the single
writer on SQLite) makes cursors commit in increasing order, so a reader that has seen cursor N
can never later find a change below N appear.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from helper_app.sync.lifecycle import DossierStatus
from helper_app.sync.protocol import (
    FEED_CURSOR_AHEAD,
    FEED_CURSOR_UNKNOWN,
    Actor,
    AttachmentRef,
    Change,
    ChangeAction,
    ChangesPage,
    Role,
    ServerDossier,
)
from helper_server.db import insert_rows, rows_json
from helper_server.errors import ApiError
from helper_server.identity import ServerIdentity
from helper_server.models import User

DOSSIERS = SQLModel.metadata.tables["dossiers"]
CHANGES = SQLModel.metadata.tables["changes"]
WARDS = SQLModel.metadata.tables["wards"]

State = dict[str, Any]
"""A dossier row as a plain dict of column values (what the services work on)."""

_SHARED = (
    "rev",
    "status",
    "procedure",
    "form_version",
    "data",
    "attachments",
    "op_id",
    "action",
    "message",
    "checklist",
    "receipt_code",
)


def _revision(
    row: Mapping[str, Any], *, actor_username: str, actor_role: str, at: str
) -> dict[str, Any]:
    """The fields of one dossier revision, as a ``dossiers`` row and a ``changes`` row hold them.

    The two tables name the writer and the time differently; everything else is the same, so
    :func:`server_view` and :func:`change_view` cannot drift apart.
    """
    return {
        "rev": row["rev"],
        "status": DossierStatus(row["status"]),
        "procedure": row["procedure"],
        "form_version": row["form_version"],
        "data": row["data"],
        "attachments": [AttachmentRef.model_validate(a) for a in row["attachments"]],
        "op_id": row["op_id"],
        "action": ChangeAction(row["action"]),
        "message": row["message"],
        "checklist": row["checklist"],
        "receipt_code": row["receipt_code"],
        "updated_by": Actor(username=row[actor_username], role=Role(row[actor_role])),
        "updated_at": row[at],
    }


def server_view(state: Mapping[str, Any]) -> ServerDossier:
    """The API view of a dossier row."""
    return ServerDossier(
        dossier_id=state["id"],
        **_revision(
            state,
            actor_username="updated_by_username",
            actor_role="updated_by_role",
            at="updated_at",
        ),
    )


def load_states(
    session: Session, *, ids: Sequence[uuid.UUID], lock: bool
) -> dict[uuid.UUID, State]:
    """Dossier rows by id (any ward: callers check), locked in id order when ``lock``."""
    if not ids:
        return {}
    stmt = sa.select(DOSSIERS).where(DOSSIERS.c.id.in_(sorted(set(ids)))).order_by(DOSSIERS.c.id)
    if lock and session.get_bind().dialect.name != "sqlite":
        stmt = stmt.with_for_update()
    return {row.id: dict(row._mapping) for row in session.execute(stmt)}


def load_in_ward(
    session: Session, *, dossier_id: uuid.UUID, ward_code: str, lock: bool = False
) -> State | None:
    """One dossier of ``ward_code`` (``None`` if missing or in another ward)."""
    state = load_states(session, ids=[dossier_id], lock=lock).get(dossier_id)
    if state is None or state["ward_code"] != ward_code:
        return None
    return state


def revise(
    state: State, *, actor: User, at: dt.datetime, action: ChangeAction, **values: Any
) -> State:
    """A copy of ``state`` at the next revision, changed by ``values``."""
    new = dict(state)
    new.update(values)
    new["rev"] = state["rev"] + 1
    new["action"] = str(action)
    new["updated_by_username"] = actor.username
    new["updated_by_role"] = str(actor.role)
    new["updated_at"] = at
    return new


def allocate_cursors(session: Session, *, ward_code: str, count: int) -> int:
    """Reserve ``count`` consecutive feed cursors in the ward; return the first."""
    result = session.execute(
        sa.update(WARDS)
        .where(WARDS.c.code == ward_code)
        .values(change_seq=WARDS.c.change_seq + count)
        .returning(WARDS.c.change_seq)
    )
    last = int(result.scalar_one())
    return last - count + 1


def write_revisions(
    session: Session,
    *,
    ward_code: str,
    actor: User,
    created: Sequence[State],
    updated: Sequence[State],
    order: Sequence[State],
) -> None:
    """Insert new dossiers, update changed ones, and append every revision to the feed.

    ``order`` lists every revision (intermediate ones too) in the order they happened.
    """
    if created:
        # One statement for the batch, in id order like the row locks.
        insert_rows(session, DOSSIERS, sorted(created, key=lambda s: s["id"]))
    if updated:
        fixed = ("id", "ward_code", "created_by", "team_id", "created_at")  # set at creation
        cols = [c for c in DOSSIERS.c.keys() if c not in fixed]
        stmt = (
            sa.update(DOSSIERS)
            .where(DOSSIERS.c.id == sa.bindparam("b_id"))
            .values({c: sa.bindparam(f"b_{c}") for c in cols})
        )
        session.connection().execute(
            stmt, [{"b_id": s["id"], **{f"b_{c}": s[c] for c in cols}} for s in updated]
        )
    if not order:
        return
    rows = [
        {
            "ward_code": ward_code,
            "dossier_id": s["id"],
            **{k: s[k] for k in _SHARED},
            "actor_id": actor.id,
            "actor_username": actor.username,
            "actor_role": str(actor.role),
            "at": s["updated_at"],
        }
        for s in order
    ]
    append_feed(session, ward_code=ward_code, rows=rows)


def append_feed(session: Session, *, ward_code: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Give ``rows`` (``changes`` rows without a cursor) the ward's next cursors and insert them.

    This is the last write before commit (see the module docstring). On PostgreSQL the counter
    update and the insert are ONE statement, so the ward's row lock is held for that statement
    and the commit only, not for an extra round trip in between.
    """
    if session.get_bind().dialect.name != "postgresql":
        first = allocate_cursors(session, ward_code=ward_code, count=len(rows))
        insert_rows(session, CHANGES, [{**r, "cursor": first + i} for i, r in enumerate(rows)])
        return
    quote = session.get_bind().dialect.identifier_preparer.quote
    cols = [quote(c) for c in rows[0]]
    seq, cursor = quote(WARDS.c.change_seq.name), quote(CHANGES.c.cursor.name)
    # A missing ward makes the scalar subquery NULL: the NOT NULL cursor refuses the insert
    # instead of silently inserting nothing.
    sql = (
        f"WITH w AS (UPDATE {quote(WARDS.name)} SET {seq} = {seq} + :n"
        f" WHERE {quote(WARDS.c.code.name)} = :ward RETURNING {seq})"
        f" INSERT INTO {quote(CHANGES.name)} ({', '.join(cols)}, {cursor})"
        f" SELECT {', '.join('r.' + c for c in cols)},"
        f" (SELECT {seq} FROM w) - :n + r.ordinality"
        f" FROM jsonb_populate_recordset(NULL::{quote(CHANGES.name)}, CAST(:rows AS jsonb))"
        " WITH ORDINALITY AS r ORDER BY r.ordinality"
    )
    session.execute(sa.text(sql), {"n": len(rows), "ward": ward_code, "rows": rows_json(rows)})


def change_view(row: Mapping[str, Any]) -> Change:
    """The feed entry for one ``changes`` row."""
    return Change(
        cursor=row["cursor"],
        dossier_id=row["dossier_id"],
        **_revision(row, actor_username="actor_username", actor_role="actor_role", at="at"),
    )


def change_anchor(row: Mapping[str, Any]) -> str:
    """A short fingerprint of one ``changes`` row: which revision, of what, written when.

    Two histories that hand out the same cursor for different changes (a database restored from
    an older backup that then took new work) give different anchors for it: the dossier, the
    revision or at least the moment differs. The laptop sends the anchor of the last change it
    read with its cursor, and a mismatch is refused (:data:`FEED_CURSOR_UNKNOWN`).
    """
    key = f"{row['dossier_id']}|{row['rev']}|{row['at'].isoformat()}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def cursor_ahead(since: int, newest: int) -> ApiError:
    """409 for a cursor this feed never handed out (the laptop reads the feed again from 0)."""
    return ApiError(
        409,
        FEED_CURSOR_AHEAD,
        f"Cursor {since} is beyond this server's changes feed (newest: {newest}); this server "
        "was reinstalled or restored from a backup. Read the feed again from since=0.",
        f"Vị trí {since} vượt quá dòng thay đổi của máy chủ (mới nhất: {newest}); máy chủ đã "
        "được cài lại hoặc khôi phục từ bản sao lưu. Hãy đọc lại từ đầu (since=0).",
    )


def cursor_unknown(since: int) -> ApiError:
    """409 for a cursor whose change is not the one the laptop read there."""
    return ApiError(
        409,
        FEED_CURSOR_UNKNOWN,
        f"The change at cursor {since} is not the one you read there; this server was restored "
        "from an older backup. Read the feed again from since=0.",
        f"Thay đổi tại vị trí {since} không phải thay đổi bạn đã đọc; máy chủ đã được khôi phục "
        "từ bản sao lưu cũ. Hãy đọc lại từ đầu (since=0).",
    )


def changes_page(
    session: Session,
    *,
    ward_code: str,
    since: int,
    limit: int,
    anchor: str | None = None,
    identity: ServerIdentity | None = None,
    only: sa.Select[Any] | None = None,
) -> ChangesPage:
    """The ward's changes after cursor ``since``, oldest first, at most ``limit``.

    Args:
        anchor: the :func:`change_anchor` of the change at ``since`` as the caller read it;
            checked when given (an old client sends none).
        identity: the server id and feed epoch, reported in the page.
        only: the ids of the dossiers the caller may see (:func:`helper_server.visibility.
            visible_ids`); None for the whole ward. With it, a last page moves the cursor to
            the ward's newest change even when that change is not the caller's, so the next
            poll does not scan the same invisible changes again; the anchor names that change
            (a hash: it tells nothing of it).

    Raises:
        ApiError: 409 :data:`FEED_CURSOR_AHEAD` when ``since`` is beyond the ward's newest
            cursor, 409 :data:`FEED_CURSOR_UNKNOWN` when ``anchor`` does not name the change at
            ``since``. Either means the caller's cursor belongs to another history.
    """
    # Read before the changes: on PostgreSQL each statement has its own snapshot, and cursors
    # commit in order (module docstring), so every change up to ``newest`` is in the next read.
    newest = session.execute(
        sa.select(WARDS.c.change_seq).where(WARDS.c.code == ward_code)
    ).scalar_one_or_none()
    if since > 0:
        if newest is None or since > newest:
            raise cursor_ahead(since, newest or 0)
        if anchor is not None:
            at_since = session.execute(
                sa.select(CHANGES.c.dossier_id, CHANGES.c.rev, CHANGES.c.at).where(
                    sa.and_(CHANGES.c.ward_code == ward_code, CHANGES.c.cursor == since)
                )
            ).first()
            if at_since is None or change_anchor(dict(at_since._mapping)) != anchor:
                raise cursor_unknown(since)
    where = sa.and_(CHANGES.c.ward_code == ward_code, CHANGES.c.cursor > since)
    if only is not None:
        where = sa.and_(where, CHANGES.c.dossier_id.in_(only))
    stmt = sa.select(CHANGES).where(where).order_by(CHANGES.c.cursor).limit(limit + 1)
    rows = [dict(r._mapping) for r in session.execute(stmt)]
    has_more = len(rows) > limit
    rows = rows[:limit]
    changes = [change_view(r) for r in rows]
    next_cursor = changes[-1].cursor if changes else since
    next_anchor = change_anchor(rows[-1]) if rows else anchor
    if only is not None and not has_more and newest is not None and newest > next_cursor:
        last = session.execute(
            sa.select(CHANGES.c.dossier_id, CHANGES.c.rev, CHANGES.c.at).where(
                sa.and_(CHANGES.c.ward_code == ward_code, CHANGES.c.cursor == newest)
            )
        ).first()
        if last is not None:
            next_cursor, next_anchor = newest, change_anchor(dict(last._mapping))
    return ChangesPage(
        changes=changes,
        next_cursor=next_cursor,
        has_more=has_more,
        next_anchor=next_anchor,
        server_id=str(identity.server_id) if identity else None,
        feed_epoch=str(identity.feed_epoch) if identity else None,
    )


def history(session: Session, *, dossier_id: uuid.UUID, ward_code: str) -> list[Change]:
    """Every revision of one dossier, oldest first (the record of who did what, when)."""
    stmt = (
        sa.select(CHANGES)
        .where(sa.and_(CHANGES.c.dossier_id == dossier_id, CHANGES.c.ward_code == ward_code))
        .order_by(CHANGES.c.cursor)
    )
    return [change_view(dict(r._mapping)) for r in session.execute(stmt)]
