"""The residents directory: residents, households, accent-insensitive search, and prefill.

A resident's name is stored as typed (NFC) next to its folded search key (:func:`fold`), which an
FTS5 index (schema step 1.1, kept in sync by triggers) searches by token prefix: "nguyen van a"
finds "Nguyễn Văn An", whatever the case, accents, or normalization form of either side. A query
that looks like a number searches the 12-digit personal ID and the phone instead (spaces, dots and
a +84 prefix are ignored). :func:`prefill_for` copies a resident's attributes into the fields a
procedure definition's ``person`` field names.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import text
from sqlmodel import Session, col, select

from helper_app.forms import ProcedureDefinition
from helper_app.forms.condition_syntax import Compare, Literal, Name
from helper_app.forms.conditions import parse as parse_condition
from helper_app.forms.model import FieldDef, FieldType
from helper_app.forms.validators import clean_phone
from helper_app.store.db import Store
from helper_app.store.models import Household, Resident, utc_now
from helper_app.text import BilingualError, fold, spelling_twin

_TOKEN = re.compile(r"[^\W_]+")
_NUMBER_QUERY = re.compile(r"^[\d\s.()+\-]+$")
_PID_STRIP = re.compile(r"[\s.\-]")
_GENDER_SYNONYMS: dict[str, frozenset[str]] = {
    "Nam": frozenset({"nam", "male", "m", "trai"}),
    "Nữ": frozenset({"nu", "female", "f", "gai"}),
}


@dataclass(frozen=True)
class ResidentView:
    """A resident as the UI, search results and commands see it."""

    id: str
    full_name: str
    birth_date: str | None
    gender: str | None
    personal_id: str | None
    phone: str | None
    ethnicity: str | None
    nationality: str | None
    address: dict[str, Any]
    household_id: str | None


@dataclass(frozen=True)
class ResidentRecord:
    """Validated values of one resident, ready to store (see :mod:`helper_app.resident_import`).

    ``birth_date`` is ISO, possibly partial (``yyyy`` or ``yyyy-mm``); ``gender`` is ``Nam`` or
    ``Nữ``; ``personal_id`` 12 digits; ``phone`` ``0`` + 9 or 10 digits.
    """

    full_name: str
    birth_date: str | None = None
    gender: str | None = None
    personal_id: str | None = None
    phone: str | None = None
    ethnicity: str | None = None
    nationality: str | None = None
    address: Mapping[str, Any] = field(default_factory=dict)
    household_code: str | None = None
    household_head: bool = False


class ResidentLike(Protocol):
    """What :func:`prefill_for` reads from a resident (a row or a view)."""

    @property
    def id(self) -> str: ...
    @property
    def full_name(self) -> str: ...
    @property
    def birth_date(self) -> str | None: ...
    @property
    def gender(self) -> str | None: ...
    @property
    def personal_id(self) -> str | None: ...
    @property
    def phone(self) -> str | None: ...
    @property
    def ethnicity(self) -> str | None: ...
    @property
    def nationality(self) -> str | None: ...
    @property
    def address(self) -> dict[str, Any]: ...


def view_of(row: Resident) -> ResidentView:
    """The plain view of a resident row."""
    return ResidentView(
        id=row.id,
        full_name=row.full_name,
        birth_date=row.birth_date,
        gender=row.gender,
        personal_id=row.personal_id,
        phone=row.phone,
        ethnicity=row.ethnicity,
        nationality=row.nationality,
        address=dict(row.address),
        household_id=row.household_id,
    )


def ensure_household(
    session: Session, code: str, address: Mapping[str, Any], now: dt.datetime
) -> Household:
    """The household with this book code, created (with ``address``) if new."""
    household = session.exec(select(Household).where(Household.code == code)).first()
    if household is None:
        household = Household(code=code, address=dict(address), created_at=now, updated_at=now)
        session.add(household)
        session.flush()
    return household


def upsert_resident(
    session: Session, record: ResidentRecord, now: dt.datetime
) -> tuple[Resident, bool]:
    """Store ``record``: update the resident with the same personal ID, else insert one.

    Returns:
        The row and True when it was created (False when updated).
    """
    row = _existing(session, record)
    created = row is None
    if row is None:
        row = Resident(full_name=record.full_name, created_at=now)
    _apply(session, row, record, now)
    return row, created


def _apply(session: Session, row: Resident, record: ResidentRecord, now: dt.datetime) -> None:
    """Copy ``record`` onto ``row`` (and its household) and stage it."""
    row.full_name = record.full_name
    row.name_folded = fold(record.full_name)
    row.birth_date = record.birth_date
    row.gender = record.gender
    row.personal_id = record.personal_id
    row.phone = record.phone
    row.ethnicity = record.ethnicity
    row.nationality = record.nationality
    row.address = dict(record.address)
    row.updated_at = now
    household = None
    if record.household_code:
        household = ensure_household(session, record.household_code, record.address, now)
        row.household_id = household.id
    session.add(row)
    if household is not None and record.household_head:
        _make_head(session, household, row, now)


def _make_head(session: Session, household: Household, row: Resident, now: dt.datetime) -> None:
    """``row`` heads ``household`` (flushed first: a new resident has no id before)."""
    session.flush()
    household.head_resident_id = row.id
    household.updated_at = now
    session.add(household)


ADDRESS_PARTS = ("detail", "commune_code", "province_code")
"""The address keys an import may give (``address.<key>`` in :func:`merge_resident`)."""
_LEGACY_ADDRESS = ("legacy", "commune_name", "district_name", "province_name")
_PLAIN_FIELDS = ("birth_date", "gender", "personal_id", "phone", "ethnicity", "nationality")


@dataclass(frozen=True)
class Merged:
    """What :func:`merge_resident` did to one resident.

    Attributes:
        row: the stored row.
        created: True for a new resident.
        cleared: the fields that had a value and were emptied (``birth_date``,
            ``address.detail``, ``household_code``...), in a stable order.
    """

    row: Resident
    created: bool
    cleared: tuple[str, ...]


def merge_resident(
    session: Session, record: ResidentRecord, given: Collection[str], now: dt.datetime
) -> Merged:
    """Store an imported ``record``, touching only the fields the file ``given`` has.

    A re-import with fewer columns must not erase what an earlier import or the volunteer
    stored (issue 11 #6): a field not in ``given`` keeps its stored value; a field in ``given``
    whose value is empty clears it, and is named in :attr:`Merged.cleared` so the report can
    say so. ``given`` holds :class:`ResidentRecord` field names, ``address.<key>`` for the parts
    in :data:`ADDRESS_PARTS`, and ``household_code``; the name is always given. A new resident
    simply gets the record. Setting a commune or province code drops an old-style (pre-2025)
    address's names, which describe the place the code replaces.
    """
    row = _existing(session, record)
    if row is None:
        row = Resident(full_name=record.full_name, created_at=now)
        _apply(session, row, record, now)
        return Merged(row, True, ())
    cleared: list[str] = []
    row.full_name = record.full_name
    row.name_folded = fold(record.full_name)
    for name in _PLAIN_FIELDS:
        if name not in given:
            continue
        value = getattr(record, name)
        if value is None and getattr(row, name) not in (None, ""):
            cleared.append(name)
        setattr(row, name, value)
    address = _merged_address(row.address, record.address, given, cleared)
    row.address = address
    row.updated_at = now
    household: Household | None = None
    if "household_code" in given and record.household_code:
        household = ensure_household(session, record.household_code, address, now)
        row.household_id = household.id
    elif "household_code" in given and row.household_id is not None:
        _leave_household(session, row, now)
        cleared.append("household_code")
    session.add(row)
    if household is not None and record.household_head:
        _make_head(session, household, row, now)
    return Merged(row, False, tuple(cleared))


def _merged_address(
    stored: Mapping[str, Any], new: Mapping[str, Any], given: Collection[str], cleared: list[str]
) -> dict[str, Any]:
    """``stored`` with the given parts of ``new``; an emptied part is appended to ``cleared``."""
    address = dict(stored)
    for key in ADDRESS_PARTS:
        if f"address.{key}" not in given:
            continue
        value = new.get(key)
        if value in (None, ""):
            if address.pop(key, None) not in (None, ""):
                cleared.append(f"address.{key}")
            continue
        if key != "detail" and address.get(key) != value:
            for legacy in _LEGACY_ADDRESS:
                address.pop(legacy, None)
        address[key] = value
    return address


def _leave_household(session: Session, row: Resident, now: dt.datetime) -> None:
    """Take ``row`` out of its household (no longer its head either)."""
    household = session.get(Household, row.household_id)
    if household is not None and household.head_resident_id == row.id:
        household.head_resident_id = None
        household.updated_at = now
        session.add(household)
    row.household_id = None


def _existing(session: Session, record: ResidentRecord) -> Resident | None:
    """The stored resident ``record`` describes: same personal ID; without one, the only
    resident with the same folded name and birth date and no ID of their own."""
    if record.personal_id:
        query = select(Resident).where(Resident.personal_id == record.personal_id)
        return session.exec(query).first()
    if not record.birth_date:
        return None
    query = select(Resident).where(
        Resident.name_folded == fold(record.full_name),
        Resident.birth_date == record.birth_date,
        col(Resident.personal_id).is_(None),
    )
    found = list(session.exec(query.limit(2)))
    return found[0] if len(found) == 1 else None


class ResidentConflict(BilingualError):
    """The personal ID typed belongs to another resident already in the directory."""

    def __init__(self) -> None:
        super().__init__(
            "Số định danh cá nhân này đã thuộc về một cư dân khác trong danh bạ. Hãy kiểm tra lại "
            "số, hoặc tìm và sửa cư dân đó.",
            "This personal ID number already belongs to another resident in the directory. "
            "Check the number, or find and edit that resident.",
        )
        self.field = "personal_id"


class ResidentGone(BilingualError):
    """The resident being edited was erased meanwhile (e.g. "erase this resident")."""

    def __init__(self) -> None:
        super().__init__(
            "Cư dân này không còn trong danh bạ (có thể vừa bị xoá).",
            "This resident is no longer in the directory (it may have just been erased).",
        )


def _id_taken(session: Session, personal_id: str | None, other_than: str | None) -> bool:
    if not personal_id:
        return False
    query = select(Resident.id).where(Resident.personal_id == personal_id)
    if other_than is not None:
        query = query.where(Resident.id != other_than)
    return session.exec(query.limit(1)).first() is not None


def fts_query(text_: str) -> str | None:
    """The FTS5 MATCH expression for a name query: every folded token as a prefix (AND).

    Joined by explicit ``AND`` (FTS5 has no implicit AND next to a parenthesised OR). A token
    ending in an i/y spelled either way also matches its twin as a whole word ("si" finds Sĩ
    and Sỹ, "my" finds Mĩ but not Minh; see :func:`helper_app.text.spelling_twin`). Tokens are
    letters and digits only, quoted, so no query can inject FTS5 syntax.
    """
    tokens = _TOKEN.findall(fold(text_))
    if not tokens:
        return None
    return " AND ".join(_fts_token(t) for t in tokens)


def _fts_token(token: str) -> str:
    twin = spelling_twin(token)
    if twin is None:
        return f'"{token}"*'
    return f'("{token}"* OR "{twin}")'  # the twin as a whole word: "my" finds Mĩ, never Minh


class ResidentDirectory:
    """Residents and households of the local store.

    Args:
        store: the open local store.
        clock: the current time (aware UTC).
    """

    def __init__(self, store: Store, *, clock: Callable[[], dt.datetime] = utc_now) -> None:
        self._store = store
        self._clock = clock

    def save(self, record: ResidentRecord) -> ResidentView:
        """Insert or update (matched by personal ID) one resident (imports, demo data)."""
        with self._store.write() as session:
            row, _created = upsert_resident(session, record, self._clock())
            return view_of(row)

    def add(self, record: ResidentRecord) -> ResidentView:
        """Insert a new resident, as typed in the "add" form.

        Raises:
            ResidentConflict: the personal ID is already someone's; nothing is changed (an
                "add" never silently overwrites another person's record).
        """
        with self._store.write() as session:
            if _id_taken(session, record.personal_id, None):
                raise ResidentConflict()
            now = self._clock()
            row = Resident(full_name=record.full_name, created_at=now)
            _apply(session, row, record, now)
            return view_of(row)

    def update(self, resident_id: str, record: ResidentRecord) -> ResidentView:
        """Replace one resident's details, whatever changed (name, birth date, even the ID).

        Raises:
            ResidentConflict: the new personal ID belongs to another resident.
            ResidentGone: no resident has this id any more.
        """
        with self._store.write() as session:
            row = session.exec(select(Resident).where(Resident.id == resident_id)).first()
            if row is None:
                raise ResidentGone()
            if _id_taken(session, record.personal_id, resident_id):
                raise ResidentConflict()
            _apply(session, row, record, self._clock())
            return view_of(row)

    def get(self, resident_id: str) -> ResidentView | None:
        """One resident by id, or None."""
        with self._store.read() as session:
            row = session.exec(select(Resident).where(Resident.id == resident_id)).first()
            return view_of(row) if row is not None else None

    def members(self, household_code: str) -> list[ResidentView]:
        """The residents of one household, by name."""
        with self._store.read() as session:
            query = (
                select(Resident)
                .join(Household, col(Household.id) == col(Resident.household_id))
                .where(Household.code == household_code)
                .order_by(col(Resident.name_folded))
            )
            return [view_of(r) for r in session.exec(query)]

    def count(self) -> int:
        """How many residents the directory holds."""
        with self._store.read() as session:
            return int(session.execute(text("SELECT count(*) FROM residents")).scalar_one())

    def search(self, query: str, *, limit: int = 20) -> list[ResidentView]:
        """Residents matching ``query``: by name (accent-insensitive prefixes), ID or phone.

        A query of digits (with spaces, dots, dashes, parentheses or +84) matches personal IDs
        and phones, exactly first, then by prefix. Anything else is a name query: residents whose
        name has a word starting with each query word; names that start with the whole query
        come first.
        """
        query = query.strip()
        if not query or limit <= 0:
            return []
        with self._store.read() as session:
            if _NUMBER_QUERY.match(query) and sum(ch.isdigit() for ch in query) >= 3:
                seqs = self._number_matches(session, query, limit)
            else:
                seqs = self._name_matches(session, query, limit)
            return self._rows(session, seqs)

    @staticmethod
    def _name_matches(session: Session, query: str, limit: int) -> list[int]:
        match = fts_query(query)
        if match is None:
            return []
        sql = text("SELECT rowid FROM residents_fts WHERE residents_fts MATCH :m LIMIT :n")
        phrase = '^ "' + " ".join(_TOKEN.findall(fold(query))) + '" *'
        first = [r[0] for r in session.execute(sql, {"m": phrase, "n": limit})]
        if len(first) >= limit:
            return first
        rest = [r[0] for r in session.execute(sql, {"m": match, "n": limit + len(first)})]
        return _merge(first, rest, limit)

    @staticmethod
    def _number_matches(session: Session, query: str, limit: int) -> list[int]:
        pid = _PID_STRIP.sub("", query)
        phone = clean_phone(query)
        exact = text(
            "SELECT seq FROM residents WHERE personal_id = :pid UNION "
            "SELECT seq FROM residents WHERE phone = :phone LIMIT :n"
        )
        found = [r[0] for r in session.execute(exact, {"pid": pid, "phone": phone, "n": limit})]
        if len(found) >= limit:
            return found
        # Two index range scans, each stopping at the limit (a UNION sorted afterwards would
        # read every resident whose number starts with a common prefix such as "027").
        by_pid = text(
            "SELECT seq FROM residents WHERE personal_id >= :k AND personal_id < :k || ':' "
            "ORDER BY personal_id LIMIT :n"
        )
        by_phone = text(
            "SELECT seq FROM residents WHERE phone >= :k AND phone < :k || ':' "
            "ORDER BY phone LIMIT :n"
        )
        n = limit + len(found)
        pids = [r[0] for r in session.execute(by_pid, {"k": pid, "n": n})]
        phones = [r[0] for r in session.execute(by_phone, {"k": phone, "n": n})]
        return _merge(found, pids + phones, limit)

    @staticmethod
    def _rows(session: Session, seqs: list[int]) -> list[ResidentView]:
        if not seqs:
            return []
        rows = {r.seq: r for r in session.exec(select(Resident).where(col(Resident.seq).in_(seqs)))}
        return [view_of(rows[s]) for s in seqs if s in rows]


def _merge(first: Iterable[int], rest: Iterable[int], limit: int) -> list[int]:
    seen: dict[int, None] = dict.fromkeys(first)
    for s in rest:
        if len(seen) >= limit:
            break
        seen.setdefault(s, None)
    return list(seen)[:limit]


# ---------------------------------------------------------------------- prefill


def _person_field(definition: ProcedureDefinition, field_id: str | None) -> FieldDef | None:
    people = [f for f in definition.iter_fields() if f.type is FieldType.PERSON]
    if field_id is None:
        return people[0] if people else None
    return next((f for f in people if f.id == field_id), None)


def _gate(definition: ProcedureDefinition, person: FieldDef) -> FieldDef | None:
    """The yes/no field whose "yes" shows ``person``: its own ``relevant_if`` or its section's,
    when that is the plain ``<yesno> == true`` ("Có khai thông tin người cha")."""
    for section in definition.sections:
        if person not in section.fields:
            continue
        for condition in (person.relevant_if, section.relevant_if):
            expr = parse_condition(condition) if condition else None
            if not (
                isinstance(expr, Compare)
                and expr.op == "=="
                and isinstance(expr.left, Name)
                and len(expr.left.parts) == 1
                and isinstance(expr.right, Literal)
                and expr.right.value is True
            ):
                continue
            gate = next((f for f in definition.iter_fields() if f.id == expr.left.root), None)
            if gate is not None and gate.type is FieldType.YESNO:
                return gate
    return None


def _option_value(target: FieldDef, value: object) -> object:
    """Map a resident's value onto one of the target select's options when one matches."""
    if not target.options or not isinstance(value, str):
        return value
    wanted = {fold(value)}
    for canonical, synonyms in _GENDER_SYNONYMS.items():
        if fold(value) in synonyms:
            wanted |= synonyms | {fold(canonical)}
    for option in target.options:
        labels = {fold(option.value), fold(option.label_vi), fold(option.label_en)}
        if labels & wanted:
            return option.value
    return value


def _attribute(resident: ResidentLike, name: str) -> object:
    head, _, rest = name.partition(".")
    value = getattr(resident, head, None)
    if rest and isinstance(value, Mapping):
        return value.get(rest)
    return value


def prefill_for(
    resident: ResidentLike, definition: ProcedureDefinition, *, field_id: str | None = None
) -> dict[str, object]:
    """The field values a ``person`` field's prefill map takes from ``resident``.

    Args:
        resident: a resident row or view.
        definition: the procedure definition.
        field_id: which person field (the first one of the form when None).

    Returns:
        ``{form_field_id: value}`` for every mapped attribute the resident has (the person field
        itself gets the resident's id). Select values are mapped onto the field's options when
        they match accent- and case-insensitively ("nam"/"Male" -> "Nam"). A yes/no that the
        person field's section waits for (``father_declared == true``) is set to yes.
    """
    person = _person_field(definition, field_id)
    if person is None:
        return {}
    fields = {f.id: f for f in definition.iter_fields()}
    values: dict[str, object] = {person.id: resident.id}
    gate = _gate(definition, person)
    if gate is not None:  # choosing the father means his details are declared
        values[gate.id] = True
    for target_id, attribute in (person.prefill or {}).items():
        value = _attribute(resident, attribute)
        if value in (None, "", {}):
            continue
        target = fields.get(target_id)
        values[target_id] = _option_value(target, value) if target is not None else value
    return values
