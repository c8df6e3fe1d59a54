"""Fixtures of the forms-engine tests (data lives in forms_fixtures.py)."""

from __future__ import annotations

import pytest

from helper_app.forms.catalog import definition_from_object
from helper_app.forms.model import ProcedureDefinition
from helper_app.forms.units import UnitDirectory
from tests.helper_app.forms.forms_fixtures import UNITS, birth_raw


@pytest.fixture
def birth() -> ProcedureDefinition:
    return definition_from_object(birth_raw(), origin="test_birth")


@pytest.fixture
def units() -> UnitDirectory:
    return UnitDirectory.from_mapping(UNITS)
