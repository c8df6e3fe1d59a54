"""Fixtures shared by the whole suite.

PostgreSQL: tests marked ``postgres`` use ``HELPER_TEST_PG_URL``. Without it they skip locally,
but when ``HELPER_REQUIRE_PG`` is set (CI sets it after starting a server) a missing or unreachable
database fails the run instead of quietly skipping.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from helper_app.config import AppPaths, resolve_paths

# Wall-clock deadlines make property tests flaky on a loaded 2-core CI machine; correctness is
# what they check, and the benchmarks in bench/ measure speed.
settings.register_profile(
    "helper", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "helper"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", help="also run tests marked slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    pg_url = os.environ.get("HELPER_TEST_PG_URL")
    require_pg = bool(os.environ.get("HELPER_REQUIRE_PG"))
    run_slow = config.getoption("--run-slow")
    if require_pg and not pg_url:
        raise pytest.UsageError("HELPER_REQUIRE_PG is set but HELPER_TEST_PG_URL is not")
    for item in items:
        if "postgres" in item.keywords and not pg_url:
            item.add_marker(pytest.mark.skip(reason="no HELPER_TEST_PG_URL (PostgreSQL)"))
        if "slow" in item.keywords and not run_slow:
            item.add_marker(pytest.mark.skip(reason="slow; pass --run-slow"))


@pytest.fixture
def app_paths(tmp_path: Path) -> Iterator[AppPaths]:
    """A fresh, isolated data directory for one test."""
    paths = resolve_paths(tmp_path / "helper-data")
    paths.ensure()
    yield paths
