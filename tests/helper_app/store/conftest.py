"""Fixtures of the store package tests: the shared ones live in tests/helpers/store.py."""

from __future__ import annotations

from tests.helpers.store import catalog, clock, files, service, store, store_template

__all__ = ["catalog", "clock", "files", "service", "store", "store_template"]
