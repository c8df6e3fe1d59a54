"""Open conflicts grouped by dossier, with procedure and person (plain Python, store worker)."""

from __future__ import annotations

from sqlalchemy import text

from helper_app.store.db import Store
from helper_app.sync.conflicts import OpenConflict, open_conflicts
from helper_app.ui.conflicts.page import ConflictGroup


def conflict_groups(store: Store, name_fields: list[str]) -> list[ConflictGroup]:
    """One group per dossier that has unresolved conflicts, oldest conflict first."""
    by_dossier: dict[str, list[OpenConflict]] = {}
    for conflict in open_conflicts(store):
        by_dossier.setdefault(conflict.dossier_id, []).append(conflict)
    fields = [f for f in name_fields if f.isidentifier() and f.isascii()]
    extracts = [f"NULLIF(json_extract(data, '$.{f}'), '')" for f in fields]
    person = f"COALESCE({', '.join(extracts)}, '')" if extracts else "''"
    groups = []
    with store.read() as session:
        for dossier_id, conflicts in by_dossier.items():
            row = session.execute(
                text(f"SELECT procedure, {person} FROM dossiers WHERE id = :id"),
                {"id": dossier_id},
            ).first()
            procedure, name = (row[0], str(row[1] or "")) if row else ("", "")
            groups.append(ConflictGroup(dossier_id, procedure, name, tuple(conflicts)))
    return groups
