"""Schema versions of the local store and the ordered steps that build and upgrade it.

The version lives in ``PRAGMA user_version`` as ``major * 1000 + minor``. Each :class:`Step`
is frozen SQL (never generated from the current models, which will keep changing): a database
made by any earlier release is upgraded by replaying the steps it lacks, all in one ``BEGIN
IMMEDIATE`` transaction with the new ``user_version``, so a crash mid-upgrade leaves the old
version intact. A file whose major version is newer than :data:`CURRENT` is refused
(:class:`~helper_app.store.errors.SchemaTooNewError`); a newer minor of the same major is
opened as is, because a minor step only adds things older code can ignore (indexes, nullable
columns).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Connection

from helper_app.store.errors import IMMEDIATE, SchemaTooNewError, StorageEnvironmentError

Version = tuple[int, int]


@dataclass(frozen=True)
class Step:
    """One schema change: ``apply`` runs inside the upgrade transaction."""

    version: Version
    description: str
    apply: Callable[[Connection], None]


def encode_version(version: Version) -> int:
    """``(1, 1)`` -> ``1001``."""
    major, minor = version
    return major * 1000 + minor


def decode_version(value: int) -> Version:
    """``1001`` -> ``(1, 1)``."""
    return divmod(value, 1000)


def _run(conn: Connection, statements: tuple[str, ...]) -> None:
    for statement in statements:
        conn.exec_driver_sql(statement)


_V1_0 = (
    """CREATE TABLE households (
        id TEXT PRIMARY KEY NOT NULL,
        code TEXT NOT NULL UNIQUE,
        address TEXT NOT NULL DEFAULT '{}',
        head_resident_id TEXT REFERENCES residents(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL)""",
    """CREATE TABLE residents (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        full_name TEXT NOT NULL,
        birth_date TEXT,
        gender TEXT,
        personal_id TEXT UNIQUE,
        phone TEXT,
        ethnicity TEXT,
        nationality TEXT,
        address TEXT NOT NULL DEFAULT '{}',
        household_id TEXT REFERENCES households(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL)""",
    """CREATE TABLE dossiers (
        id TEXT PRIMARY KEY NOT NULL,
        procedure TEXT NOT NULL,
        form_version INTEGER NOT NULL,
        status TEXT NOT NULL,
        data TEXT NOT NULL DEFAULT '{}',
        warnings TEXT NOT NULL DEFAULT '[]',
        server_rev INTEGER,
        synced_snapshot TEXT,
        receipt_code TEXT,
        last_message TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL)""",
    """CREATE TABLE attachments (
        id TEXT PRIMARY KEY NOT NULL,
        dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
        slot TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        mime TEXT NOT NULL,
        filename TEXT NOT NULL,
        created_at TEXT NOT NULL)""",
    """CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY,
        op_id TEXT NOT NULL UNIQUE,
        dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('submit', 'withdraw')),
        base_rev INTEGER,
        payload TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'in_flight', 'done')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL)""",
    """CREATE TABLE sync_state (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT,
        updated_at TEXT NOT NULL)""",
    """CREATE TABLE conflicts (
        id INTEGER PRIMARY KEY,
        dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        base TEXT,
        local TEXT,
        server TEXT,
        server_rev INTEGER,
        created_at TEXT NOT NULL,
        resolved_at TEXT,
        resolution TEXT)""",
    """CREATE TABLE audit_events (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        object_type TEXT NOT NULL,
        object_id TEXT NOT NULL,
        details TEXT NOT NULL DEFAULT '{}')""",
)


def _v1_0(conn: Connection) -> None:
    _run(conn, _V1_0)


_V1_1 = (
    "ALTER TABLE residents ADD COLUMN name_folded TEXT NOT NULL DEFAULT ''",
    "UPDATE residents SET name_folded = helper_fold(full_name)",
    """CREATE VIRTUAL TABLE residents_fts USING fts5(
        name_folded, content='residents', content_rowid='seq', prefix='1 2 3')""",
    """CREATE TRIGGER residents_fts_ai AFTER INSERT ON residents BEGIN
        INSERT INTO residents_fts(rowid, name_folded) VALUES (new.seq, new.name_folded);
    END""",
    """CREATE TRIGGER residents_fts_ad AFTER DELETE ON residents BEGIN
        INSERT INTO residents_fts(residents_fts, rowid, name_folded)
        VALUES ('delete', old.seq, old.name_folded);
    END""",
    """CREATE TRIGGER residents_fts_au AFTER UPDATE OF name_folded ON residents BEGIN
        INSERT INTO residents_fts(residents_fts, rowid, name_folded)
        VALUES ('delete', old.seq, old.name_folded);
        INSERT INTO residents_fts(rowid, name_folded) VALUES (new.seq, new.name_folded);
    END""",
    "INSERT INTO residents_fts(residents_fts) VALUES ('rebuild')",
    "CREATE INDEX ix_residents_name ON residents(name_folded, birth_date)",
    "CREATE INDEX ix_residents_phone ON residents(phone)",
    "CREATE INDEX ix_residents_household ON residents(household_id)",
    "CREATE INDEX ix_dossiers_status_updated ON dossiers(status, updated_at)",
    "CREATE INDEX ix_dossiers_updated ON dossiers(updated_at)",
    "CREATE INDEX ix_attachments_dossier ON attachments(dossier_id)",
    "CREATE INDEX ix_attachments_sha256 ON attachments(sha256)",
    "CREATE INDEX ix_outbox_state ON outbox(state, seq)",
    "CREATE INDEX ix_outbox_dossier ON outbox(dossier_id, state)",
    "CREATE INDEX ix_conflicts_dossier ON conflicts(dossier_id)",
    "CREATE INDEX ix_audit_object ON audit_events(object_type, object_id)",
)


def _v1_1(conn: Connection) -> None:
    _run(conn, _V1_1)


_V1_2 = (
    "ALTER TABLE dossiers ADD COLUMN official_checklist TEXT",
    # SQLite cannot change a CHECK constraint in place: rebuild the outbox with the sync
    # engine's two further states (quarantined by the server, superseded by a merge).
    """CREATE TABLE outbox_v1_2 (
        seq INTEGER PRIMARY KEY,
        op_id TEXT NOT NULL UNIQUE,
        dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('submit', 'withdraw')),
        base_rev INTEGER,
        payload TEXT NOT NULL,
        state TEXT NOT NULL
            CHECK (state IN ('pending', 'in_flight', 'done', 'quarantined', 'superseded')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL)""",
    """INSERT INTO outbox_v1_2 (seq, op_id, dossier_id, kind, base_rev, payload, state,
        attempts, last_error, created_at, updated_at)
        SELECT seq, op_id, dossier_id, kind, base_rev, payload, state, attempts, last_error,
        created_at, updated_at FROM outbox""",
    "DROP TABLE outbox",
    "ALTER TABLE outbox_v1_2 RENAME TO outbox",
    "CREATE INDEX ix_outbox_state ON outbox(state, seq)",
    "CREATE INDEX ix_outbox_dossier ON outbox(dossier_id, state)",
)


def _v1_2(conn: Connection) -> None:
    _run(conn, _V1_2)


_V1_3 = (
    "ALTER TABLE dossiers ADD COLUMN consent_at TEXT",
    "ALTER TABLE dossiers ADD COLUMN consent_by TEXT",
)


def _v1_3(conn: Connection) -> None:
    _run(conn, _V1_3)


_V1_4 = ("ALTER TABLE dossiers ADD COLUMN server_status TEXT",)


def _v1_4(conn: Connection) -> None:
    _run(conn, _V1_4)


_V1_5 = (
    # fold() now maps the eth (Ð/ð) to d as it does Đ/đ: re-fold the stored keys that differ
    # (the FTS index follows through the residents_fts_au trigger).
    "UPDATE residents SET name_folded = helper_fold(full_name) "
    "WHERE name_folded <> helper_fold(full_name)",
)


def _v1_5(conn: Connection) -> None:
    _run(conn, _V1_5)


STEPS: tuple[Step, ...] = (
    Step((1, 0), "create the tables", _v1_0),
    Step((1, 1), "accent-insensitive resident search (folded names, FTS5) and indexes", _v1_1),
    Step(
        (1, 2),
        "the official's checklist of what to fix; quarantined and superseded outbox states",
        _v1_2,
    ),
    Step((1, 3), "the resident's consent to help and processing: when, and which volunteer", _v1_3),
    Step((1, 4), "the dossier's status on the server, as last seen (conflict resolution)", _v1_4),
    Step((1, 5), "residents' search keys folded again (Ð/ð folds to d, like Đ/đ)", _v1_5),
)
"""Every schema step, oldest first. Append; never edit a step that has shipped."""

CURRENT: Version = STEPS[-1].version
"""The schema version this code writes."""


def _too_new(path: Path, found: Version) -> SchemaTooNewError:
    found_s = f"{found[0]}.{found[1]}"
    ours = f"{CURRENT[0]}.{CURRENT[1]}"
    return SchemaTooNewError(
        f"Tệp {path} được tạo bởi phiên bản Helper mới hơn (lược đồ {found_s}); phiên bản này chỉ "
        f"đọc được lược đồ {CURRENT[0]}.x (hiện tại {ours}). Hãy cập nhật Helper.",
        f"{path} was made by a newer Helper (schema {found_s}); this version reads schema "
        f"{CURRENT[0]}.x only (current {ours}). Please update Helper.",
    )


def _has_tables(conn: Connection) -> bool:
    count = conn.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).scalar_one()
    return int(count) > 0


def migrate(conn: Connection, path: Path, *, target: Version = CURRENT) -> tuple[Version, Version]:
    """Bring the database on ``conn`` up to ``target`` in one transaction.

    Args:
        conn: a connection from :func:`helper_app.store.db.create_store_engine` (outside a
            transaction).
        path: the file, named in error messages.
        target: stop after this step (tests build old schemas with it).

    Returns:
        The (before, after) versions.

    Raises:
        SchemaTooNewError: the file's major version is newer than this code's.
        StorageEnvironmentError: the file has tables but no Helper schema version.
    """
    conn.execution_options(**IMMEDIATE)  # two processes opening a new file must not race
    with conn.begin():
        before = decode_version(int(conn.exec_driver_sql("PRAGMA user_version").scalar_one()))
        if before[0] > CURRENT[0]:
            raise _too_new(path, before)
        if before == (0, 0) and _has_tables(conn):
            raise StorageEnvironmentError(
                f"Tệp {path} không phải là kho dữ liệu Helper.",
                f"{path} is not a Helper store (it has tables but no Helper schema version).",
            )
        pending = [s for s in STEPS if before < s.version <= target]
        for step in pending:
            step.apply(conn)
        after = pending[-1].version if pending else before
        if pending:
            conn.exec_driver_sql(f"PRAGMA user_version = {encode_version(after)}")
    return before, after
