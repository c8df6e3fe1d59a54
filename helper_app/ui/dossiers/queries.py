"""Read-only dossier questions the list and the dossier window ask (plain Python, no Qt).

The list must stay fast with 50,000 dossiers: it reads one page at a time, ordered by
``updated_at`` (indexed), and never decodes the data column in Python. The person a dossier is
about is read with ``json_extract`` from the name fields of the procedures (every text field
whose id ends in ``full_name``, the subject's before the requester's); searching folds those
names with the store's ``helper_fold`` SQL function, so "nguyen van an" finds "Nguyễn Văn An".

Badges: *supplement requested* is the status; *conflict* is an unresolved row of ``conflicts``;
*quarantined* is an outbox entry the server refused (state ``quarantined``); a ``superseded``
entry (replaced by a merge, a resolution or a fix) is history, not a badge.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text

from helper_app.forms import Catalog
from helper_app.forms.model import FieldType
from helper_app.store.audit import events_for
from helper_app.store.db import Store
from helper_app.sync.outbox_states import OutboxState
from helper_app.text import fold, spelling_twin

PAGE_SIZE = 200
_REQUESTER_HINTS = ("requester", "declarant", "head")


@dataclass(frozen=True)
class DossierFilter:
    """What the list shows: one status (None = all) and a name search ("" = all)."""

    status: str | None = None
    search: str = ""


@dataclass(frozen=True)
class DossierRow:
    """One line of the dossiers list."""

    id: str
    procedure: str
    form_version: int
    status: str
    person: str
    updated_at: dt.datetime
    receipt_code: str | None
    conflict: bool
    quarantined: bool


@dataclass(frozen=True)
class HistoryEntry:
    """One audit event of a dossier, as the history panel shows it."""

    at: dt.datetime
    actor: str
    action: str
    details: dict[str, object]


def name_fields(catalog: Catalog) -> list[str]:
    """Ids of the name fields of every procedure: subjects first, requesters last."""
    subjects: list[str] = []
    others: list[str] = []
    for definition in catalog.all_versions():
        for field in definition.iter_fields():
            if field.type is FieldType.TEXT and field.id.endswith("full_name"):
                bucket = others if field.id.startswith(_REQUESTER_HINTS) else subjects
                if field.id not in subjects and field.id not in others:
                    bucket.append(field.id)
    return subjects + others


def _aware(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _escaped(token: str) -> str:
    return token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like_pattern(token: str) -> str:
    return f"%{_escaped(token)}%"


class DossierQueries:
    """Paged, filtered reads of the dossiers table.

    Args:
        store: the open local store.
        fields: the name fields (see :func:`name_fields`); ids are identifiers, checked here.
    """

    def __init__(self, store: Store, fields: list[str]) -> None:
        if not all(f.isidentifier() and f.isascii() for f in fields):
            raise ValueError("name field ids must be identifiers")
        self._store = store
        extracts = [f"NULLIF(json_extract(d.data, '$.{f}'), '')" for f in fields]
        self._person_sql = f"COALESCE({', '.join(extracts)}, '')" if extracts else "''"
        joined = " || ' ' || ".join(f"COALESCE(json_extract(d.data, '$.{f}'), '')" for f in fields)
        # padded with spaces, so an i/y twin can be matched as a whole word (" si ")
        self._search_sql = f"(' ' || helper_fold({joined}) || ' ')" if fields else "''"

    def _where(self, flt: DossierFilter) -> tuple[str, dict[str, object]]:
        clauses: list[str] = []
        params: dict[str, object] = {}
        if flt.status:
            clauses.append("d.status = :status")
            params["status"] = flt.status
        tokens = fold(flt.search).split()
        if tokens:
            key = self._search_sql
            for i, token in enumerate(tokens[:6]):
                clause = f"{key} LIKE :t{i} ESCAPE '\\'"
                params[f"t{i}"] = _like_pattern(token)
                twin = spelling_twin(token)  # Sĩ for "sy", as a whole word only
                if twin is not None:
                    clause = f"({clause} OR {key} LIKE :w{i} ESCAPE '\\')"
                    params[f"w{i}"] = f"% {_escaped(twin)} %"
                clauses.append(clause)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def count(self, flt: DossierFilter) -> int:
        """How many dossiers match."""
        where, params = self._where(flt)
        with self._store.read() as session:
            sql = text(f"SELECT count(*) FROM dossiers d{where}")
            return int(session.execute(sql, params).scalar_one())

    def page(self, flt: DossierFilter, offset: int, limit: int = PAGE_SIZE) -> list[DossierRow]:
        """One page of matching dossiers, most recently changed first."""
        where, params = self._where(flt)
        sql = text(
            f"SELECT d.id, d.procedure, d.form_version, d.status, {self._person_sql}, "
            "d.updated_at, d.receipt_code, "
            "EXISTS (SELECT 1 FROM conflicts c WHERE c.dossier_id = d.id "
            "AND c.resolved_at IS NULL), "
            "EXISTS (SELECT 1 FROM outbox o WHERE o.dossier_id = d.id "
            "AND o.state = :quarantined) "
            f"FROM dossiers d{where} ORDER BY d.updated_at DESC, d.id LIMIT :n OFFSET :o"
        )
        with self._store.read() as session:
            rows = session.execute(
                sql,
                {**params, "n": limit, "o": offset, "quarantined": OutboxState.QUARANTINED.value},
            ).all()
        return [
            DossierRow(
                id=r[0],
                procedure=r[1],
                form_version=int(r[2]),
                status=r[3],
                person=str(r[4] or ""),
                updated_at=_aware(r[5]),
                receipt_code=r[6],
                conflict=bool(r[7]),
                quarantined=bool(r[8]),
            )
            for r in rows
        ]


def history(store: Store, dossier_id: str) -> list[HistoryEntry]:
    """The audit events of one dossier, oldest first."""
    with store.read() as session:
        return [
            HistoryEntry(at=e.at, actor=e.actor, action=e.action, details=dict(e.details))
            for e in events_for(session, "dossier", dossier_id)
        ]
