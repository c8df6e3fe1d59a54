"""The store's errors and the transaction option writers use (no imports from the store).

Kept apart from :mod:`helper_app.store.db` so that :mod:`helper_app.store.migrations`, which
``db`` runs when it opens a store, can use them without importing ``db`` back (the import
cycle between the two is gone).
"""

from __future__ import annotations

from helper_app.text import BilingualError

BEGIN_OPTION = "helper_begin"
IMMEDIATE: dict[str, str] = {BEGIN_OPTION: "IMMEDIATE"}
"""Execution options that make a connection's transactions ``BEGIN IMMEDIATE`` (writers)."""


class StorageError(BilingualError):
    """Something went wrong with the local store."""


class StorageEnvironmentError(StorageError):
    """A storage problem the user can act on: disk full, locked, permissions, damaged file."""


class StorageBugError(StorageError):
    """A storage failure that is a bug in Helper (a crash report, not a user message)."""


class SchemaTooNewError(StorageEnvironmentError):
    """The file was written by a newer Helper whose schema this version cannot read."""
