"""The ward's figures: dossiers per week by status and procedure, the volunteer share, medians.

Read from the ``dossiers`` and ``changes`` tables of the official's ward only (the
``ward_code`` filter is on every statement), without loading dossier data (no personal data is
needed for any figure).

Definitions (also in docs/console.md):

* a dossier's **week** is the ISO week (Vietnam time) in which the server first received it;
* **through volunteers**: first pushed by a volunteer account, as opposed to any other account
  (admins); every dossier reaches this server through a push, so the share says how much of the
  intake volunteers carry;
* **finalize time**: the mutation carries no finalize time, so the time of the first ``submit``
  revision (when the finalized dossier reached the server) stands in for it; the medians run
  from there to the first ``receive`` and to the first ``complete`` revision.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import SQLModel

from helper_app.sync.lifecycle import DossierStatus
from helper_server.console.i18n import Lang, translate
from helper_server.console.queries import QueueRow
from helper_server.console.rendering import short_code
from helper_server.db import Database
from helper_server.models import User

DOSSIERS = SQLModel.metadata.tables["dossiers"]
CHANGES = SQLModel.metadata.tables["changes"]
USERS = SQLModel.metadata.tables["users"]
VIETNAM = dt.timezone(dt.timedelta(hours=7))
WEEKS_SHOWN = 12
BOM = "\ufeff"
CSV_CHUNK_ROWS = 500


def week_start(moment: dt.datetime) -> dt.date:
    """The Monday (Vietnam time) of the week ``moment`` falls in."""
    day = moment.astimezone(VIETNAM).date()
    return day - dt.timedelta(days=day.weekday())


@dataclass
class Figures:
    """What the figures page shows.

    Attributes:
        weeks: the Mondays of the weeks shown, oldest first.
        by_status: ``{week: {status: count}}``.
        by_procedure: ``{procedure: {week: count}}``.
        total / through_volunteers: dossier counts for the share.
        to_receipt / to_completion: seconds from first submission, one per dossier that got there.
    """

    weeks: list[dt.date] = field(default_factory=list)
    by_status: dict[dt.date, Counter[str]] = field(default_factory=dict)
    by_procedure: dict[str, Counter[dt.date]] = field(default_factory=dict)
    total: int = 0
    through_volunteers: int = 0
    to_receipt: list[float] = field(default_factory=list)
    to_completion: list[float] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        """Share of dossiers first pushed by a volunteer (``None`` without dossiers)."""
        return self.through_volunteers / self.total if self.total else None

    @property
    def median_to_receipt(self) -> float | None:
        """Median seconds from first submission to receipt."""
        return statistics.median(self.to_receipt) if self.to_receipt else None

    @property
    def median_to_completion(self) -> float | None:
        """Median seconds from first submission to completion."""
        return statistics.median(self.to_completion) if self.to_completion else None


def compute(db: Database, *, user: User, today: dt.date | None = None) -> Figures:
    """The figures of the official's ward for the last :data:`WEEKS_SHOWN` weeks."""
    ward = user.ward_code
    with db.read() as session:
        dossiers = session.execute(
            sa.select(DOSSIERS.c.id, DOSSIERS.c.procedure, DOSSIERS.c.status, USERS.c.role)
            .join(USERS, USERS.c.id == DOSSIERS.c.created_by)
            .where(DOSSIERS.c.ward_code == ward)
        ).all()
        firsts = session.execute(
            sa.select(CHANGES.c.dossier_id, CHANGES.c.action, sa.func.min(CHANGES.c.at))
            .where(
                CHANGES.c.ward_code == ward,
                CHANGES.c.action.in_(("submit", "receive", "complete")),
            )
            .group_by(CHANGES.c.dossier_id, CHANGES.c.action)
        ).all()
    first: dict[uuid.UUID, dict[str, dt.datetime]] = defaultdict(dict)
    for dossier_id, action, at in firsts:
        first[dossier_id][action] = _aware(at)
    now_week = week_start(dt.datetime.now(dt.UTC)) if today is None else _monday(today)
    figures = Figures(
        weeks=[now_week - dt.timedelta(weeks=n) for n in range(WEEKS_SHOWN - 1, -1, -1)]
    )
    shown = set(figures.weeks)
    for week in figures.weeks:
        figures.by_status[week] = Counter()
    for dossier_id, procedure, status, role in dossiers:
        figures.total += 1
        figures.through_volunteers += role == "volunteer"
        times = first.get(dossier_id, {})
        submitted = times.get("submit")
        if submitted is None:
            continue
        week = week_start(submitted)
        if week in shown:
            figures.by_status[week][status] += 1
            figures.by_procedure.setdefault(procedure, Counter())[week] += 1
        if "receive" in times:
            figures.to_receipt.append((times["receive"] - submitted).total_seconds())
        if "complete" in times:
            figures.to_completion.append((times["complete"] - submitted).total_seconds())
    return figures


def _aware(value: dt.datetime | str) -> dt.datetime:
    """Aggregates bypass the column type on SQLite: make the UTC zone explicit again."""
    if isinstance(value, str):  # SQLite may return min() of a DateTime as text
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def duration_text(seconds: float | None, lang: Lang) -> str:
    """A duration as officials say it (days and hours, or hours and minutes)."""
    if seconds is None:
        return translate("figures.none", lang)
    minutes = int(seconds // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return translate("duration.days", lang, d=days, h=hours)
    if hours:
        return translate("duration.hours", lang, h=hours, m=mins)
    return translate("duration.minutes", lang, m=mins)


STATUS_ORDER = (
    DossierStatus.SUBMITTED,
    DossierStatus.SUPPLEMENT_REQUESTED,
    DossierStatus.RECEIVED,
    DossierStatus.PROCESSING,
    DossierStatus.COMPLETED,
    DossierStatus.REJECTED,
    DossierStatus.WITHDRAWN,
)


def queue_csv(rows: Iterable[QueueRow], *, lang: Lang, titles: dict[str, str]) -> Iterator[bytes]:
    """The queue as CSV, UTF-8 with a byte-order mark so spreadsheets show Vietnamese right.

    Args:
        rows: the queue rows, in order.
        lang: header and status language.
        titles: procedure code -> title.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    keys = ("code", "id", "procedure", "status", "resident", "volunteer", "receipt", "files")
    buffer.write(BOM)
    writer.writerow(
        [translate(f"csv.{k}", lang) for k in keys]
        + [translate("csv.created", lang), translate("csv.updated", lang)]
    )
    for n, row in enumerate(rows, start=1):
        cells = [
            short_code(row.dossier_id),
            str(row.dossier_id),
            titles.get(row.procedure, row.procedure),
            translate(f"status.{row.status.value}", lang),
            row.resident,
            row.volunteer,
            row.receipt_code or "",
            str(row.attachment_count),
            row.created_at.astimezone(VIETNAM).strftime("%Y-%m-%d %H:%M"),
            row.updated_at.astimezone(VIETNAM).strftime("%Y-%m-%d %H:%M"),
        ]
        # Every cell, not only the resident's: a volunteer's name or a procedure title comes
        # from people too (issue 12 item 8).
        writer.writerow([_cell(c) for c in cells])
        if n % CSV_CHUNK_ROWS == 0:  # one write per chunk, not per row (each is a thread hop)
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> bytes:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text.encode("utf-8")


def _cell(text: str) -> str:
    """Defuse spreadsheet formulas: a cell starting with = + - @ is shown as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
