"""The console's queue: the ward's dossiers filtered, searched and paged, newest first.

The officer API's queue (:meth:`helper_server.officer.OfficerService.queue`) deliberately
carries no personal data; officials at the counter need the resident's name and a search on it,
so this module reads the same ``dossiers`` table with the same ward scoping
(``ward_code = user.ward_code`` on every statement) and adds what the console needs.

Search is accent-insensitive (:func:`helper_app.text.fold`) over the name fields of each
procedure definition, and also matches the dossier code (the start of its id) and the receipt
code. It filters in Python over the ward's rows that pass the SQL filters: a ward holds
thousands of dossiers, not millions, and docs/console.md records the measured cost; without a
search term, counting and paging happen in SQL.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

from helper_app.forms import ProcedureDefinition
from helper_app.forms.model import FieldType
from helper_app.sync.lifecycle import DossierStatus
from helper_app.text import name_matches
from helper_server.db import Database
from helper_server.forms_catalog import FormsCatalog
from helper_server.models import User

DOSSIERS = SQLModel.metadata.tables["dossiers"]
USERS = SQLModel.metadata.tables["users"]

PAGE_SIZE = 50
MAX_QUERY = 200
_HEX = re.compile(r"[^0-9a-f]")


@dataclass(frozen=True)
class QueueFilter:
    """What the official asked for (every part optional)."""

    q: str = ""
    status: DossierStatus | None = None
    procedure: str | None = None
    volunteer: uuid.UUID | None = None
    page: int = 1
    page_size: int = PAGE_SIZE


@dataclass(frozen=True)
class QueueRow:
    """One line of the console queue."""

    dossier_id: uuid.UUID
    procedure: str
    form_version: int
    status: DossierStatus
    rev: int
    receipt_code: str | None
    attachment_count: int
    resident: str
    volunteer: str
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class QueuePage:
    """A page of rows, the number of rows matching, and the page numbers."""

    rows: list[QueueRow]
    count: int
    page: int
    pages: int


@dataclass(frozen=True)
class Choice:
    """An option of a filter drop-down."""

    value: str
    label: str


def name_fields(definition: ProcedureDefinition) -> tuple[str, ...]:
    """The ids of the fields holding people's names, the dossier's subject first.

    A name field is a text field marked ``person_name``, written in capitals (``case: upper``,
    how civil-status books write the subject's name) or whose id ends in ``full_name``/``_name``.
    """
    subject: list[str] = []
    others: list[str] = []
    for f in definition.iter_fields():
        if f.type is not FieldType.TEXT:
            continue
        if f.case == "upper":
            subject.append(f.id)
        elif f.person_name or f.id.endswith("_name") or f.id == "full_name":
            others.append(f.id)
    return tuple(subject + others)


class QueueQueries:
    """Queue reads over one database, with name fields taken from the catalog.

    Args:
        db: the database.
        forms: the procedure catalog (for name fields and titles).
    """

    def __init__(self, db: Database, forms: FormsCatalog) -> None:
        self.db = db
        self.forms = forms
        self._names: dict[tuple[str, int], tuple[str, ...]] = {}

    def names_of(self, procedure: str, version: int) -> tuple[str, ...]:
        """The name fields of one procedure version (empty when the catalog lacks it)."""
        key = (procedure, version)
        if key not in self._names:
            definition = self.forms.definition(procedure, version)
            self._names[key] = name_fields(definition) if definition else ()
        return self._names[key]

    def resident(self, procedure: str, version: int, data: Mapping[str, Any]) -> str:
        """The name to show for a dossier: the first filled name field."""
        for field_id in self.names_of(procedure, version):
            value = data.get(field_id)
            if isinstance(value, str) and value.strip():
                return value.strip()
        return ""

    def page(self, *, user: User, wanted: QueueFilter) -> QueuePage:
        """One page of the ward's dossiers matching ``wanted``, newest update first."""
        size = max(1, wanted.page_size)
        page = max(1, wanted.page)
        where = self._where(user, wanted)
        needle = wanted.q.strip()[:MAX_QUERY]
        with self.db.read() as session:
            if not needle:
                count = int(
                    session.execute(
                        sa.select(sa.func.count()).select_from(DOSSIERS).where(*where)
                    ).scalar_one()
                )
                pages = max(1, -(-count // size))
                page = min(page, pages)
                stmt = self._select(where).limit(size).offset((page - 1) * size)
                rows = [self._row(r) for r in session.execute(stmt)]
                return QueuePage(rows, count, page, pages)
            matches = [r for r in session.execute(self._select(where)) if self._matches(r, needle)]
        count = len(matches)
        pages = max(1, -(-count // size))
        page = min(page, pages)
        chosen = matches[(page - 1) * size : page * size]
        return QueuePage([self._row(r) for r in chosen], count, page, pages)

    def all_rows(self, *, user: User, wanted: QueueFilter) -> Iterator[QueueRow]:
        """Every matching row (the CSV export), in queue order."""
        needle = wanted.q.strip()[:MAX_QUERY]
        with self.db.read() as session:
            result = list(session.execute(self._select(self._where(user, wanted))))
        for r in result:
            if not needle or self._matches(r, needle):
                yield self._row(r)

    def procedures(self, *, user: User) -> list[Choice]:
        """The procedures the ward has dossiers in (for the filter), with their titles."""
        with self.db.read() as session:
            codes = session.execute(
                sa.select(DOSSIERS.c.procedure)
                .where(DOSSIERS.c.ward_code == user.ward_code)
                .distinct()
            ).scalars()
            found = sorted(set(codes))
        return [Choice(code, code) for code in found]

    def volunteers(self, *, user: User) -> list[Choice]:
        """The ward's accounts that send dossiers (volunteers and admins), by name."""
        with self.db.read() as session:
            rows = session.execute(
                sa.select(USERS.c.id, USERS.c.username)
                .where(
                    USERS.c.ward_code == user.ward_code,
                    USERS.c.role.in_(("volunteer", "admin")),
                )
                .order_by(USERS.c.username)
            )
            return [Choice(str(r.id), r.username) for r in rows]

    def _where(self, user: User, wanted: QueueFilter) -> list[Any]:
        where: list[Any] = [DOSSIERS.c.ward_code == user.ward_code]
        if wanted.status is not None:
            where.append(DOSSIERS.c.status == wanted.status.value)
        if wanted.procedure:
            where.append(DOSSIERS.c.procedure == wanted.procedure)
        if wanted.volunteer is not None:
            where.append(DOSSIERS.c.created_by == wanted.volunteer)
        return where

    @staticmethod
    def _select(where: list[Any]) -> sa.Select[Any]:
        return (
            sa.select(
                DOSSIERS.c.id,
                DOSSIERS.c.procedure,
                DOSSIERS.c.form_version,
                DOSSIERS.c.status,
                DOSSIERS.c.rev,
                DOSSIERS.c.receipt_code,
                DOSSIERS.c.attachments,
                DOSSIERS.c.data,
                DOSSIERS.c.created_at,
                DOSSIERS.c.updated_at,
                USERS.c.username,
            )
            .join(USERS, USERS.c.id == DOSSIERS.c.created_by)
            .where(*where)
            .order_by(DOSSIERS.c.updated_at.desc(), DOSSIERS.c.id.desc())
        )

    def _matches(self, row: Any, needle: str) -> bool:
        code = _HEX.sub("", needle.lower())
        if len(code) >= 4 and row.id.hex.startswith(code):
            return True
        receipt = row.receipt_code or ""
        if receipt and needle.upper() in receipt.upper():
            return True
        if not needle.strip():
            return False
        data = row.data if isinstance(row.data, dict) else {}
        for field_id in self.names_of(row.procedure, row.form_version):
            value = data.get(field_id)
            if isinstance(value, str) and name_matches(needle, value):
                return True
        return False

    def _row(self, r: Any) -> QueueRow:
        data = r.data if isinstance(r.data, dict) else {}
        return QueueRow(
            dossier_id=r.id,
            procedure=r.procedure,
            form_version=r.form_version,
            status=DossierStatus(r.status),
            rev=r.rev,
            receipt_code=r.receipt_code,
            attachment_count=len(r.attachments or []),
            resident=self.resident(r.procedure, r.form_version, data),
            volunteer=r.username,
            created_at=r.created_at,
            updated_at=r.updated_at,
        )
