"""Three-way merge of a dossier's data, field by field (DESIGN.md invariant 5).

``base`` is the last version both sides agreed on (the client's synced snapshot), ``local`` what
the volunteer has now, ``server`` what the server has now. A field changed on one side only takes
that side's value silently; a field changed on both sides to the *same* value is no conflict; a
field changed on both sides to different values is a :class:`FieldConflict` that keeps all three
values, and the merged data keeps the volunteer's value until they choose, so nothing is
overwritten and nothing is lost.

A field is a top-level key of the data. A repeat group (a list of items) is one field: merging
items by position would silently pair up the wrong family members when one side inserts a row.
A key missing on one side is a value of its own (:data:`MISSING`), so deleting a field is a change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final


class _Missing:
    """The value of a key that is absent (distinct from an explicit ``None``)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


@dataclass(frozen=True)
class FieldConflict:
    """One field both sides changed to different values."""

    path: str
    base: Any
    local: Any
    server: Any


@dataclass
class MergeResult:
    """The merged data and the conflicts still to be resolved by the volunteer."""

    merged: dict[str, Any]
    conflicts: list[FieldConflict] = field(default_factory=list)
    changed_locally: list[str] = field(default_factory=list)
    changed_on_server: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """True when nothing needs the volunteer's decision."""
        return not self.conflicts


def three_way_merge(
    base: Mapping[str, Any] | None, local: Mapping[str, Any], server: Mapping[str, Any]
) -> MergeResult:
    """Merge ``local`` and ``server`` against their common ``base`` (``None`` = empty)."""
    base = base or {}
    result = MergeResult(merged={})
    for key in sorted(set(base) | set(local) | set(server)):
        b = base.get(key, MISSING)
        loc = local.get(key, MISSING)
        srv = server.get(key, MISSING)
        if loc == srv:
            value = loc
        elif loc == b:
            value = srv
            result.changed_on_server.append(key)
        elif srv == b:
            value = loc
            result.changed_locally.append(key)
        else:
            value = loc
            result.conflicts.append(FieldConflict(path=key, base=b, local=loc, server=srv))
        if value is not MISSING:
            result.merged[key] = value
    return result


def resolve(merged: Mapping[str, Any], choices: Mapping[str, Any]) -> dict[str, Any]:
    """Apply the volunteer's choices (``path -> value``; :data:`MISSING` removes the field)."""
    out = dict(merged)
    for path, value in choices.items():
        if value is MISSING:
            out.pop(path, None)
        else:
            out[path] = value
    return out
