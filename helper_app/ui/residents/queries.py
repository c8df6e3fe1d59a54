"""Read-only resident questions the UI asks that the directory does not answer (plain Python)."""

from __future__ import annotations

from sqlmodel import col, select

from helper_app.residents import ResidentDirectory, ResidentView, view_of
from helper_app.store.db import Store
from helper_app.store.models import Resident


def first_residents(store: Store, *, limit: int = 200) -> list[ResidentView]:
    """Residents in name order (accent-insensitive), for the list before anything is typed."""
    with store.read() as session:
        query = select(Resident).order_by(col(Resident.name_folded)).limit(limit)
        return [view_of(r) for r in session.exec(query)]


def find_residents(
    store: Store, directory: ResidentDirectory, query: str, *, limit: int = 200
) -> list[ResidentView]:
    """The directory's search, or the first residents by name when ``query`` is blank."""
    if not query.strip():
        return first_residents(store, limit=limit)
    return directory.search(query, limit=limit)
