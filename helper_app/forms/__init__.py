"""Procedure definitions: the format, the condition language, validation and the catalog.

Everyone else (desktop UI, dossiers, sync, the server) uses this package through the names
re-exported here; see ``docs/forms.md``.
"""

from __future__ import annotations

from helper_app.forms.catalog import Catalog, DefinitionError, UnknownProcedure
from helper_app.forms.model import ProcedureDefinition
from helper_app.forms.problems import Problem
from helper_app.forms.units import UnitDirectory
from helper_app.forms.validate import is_required, normalize, relevant_paths, validate

__all__ = [
    "Catalog",
    "DefinitionError",
    "Problem",
    "ProcedureDefinition",
    "UnitDirectory",
    "UnknownProcedure",
    "is_required",
    "normalize",
    "relevant_paths",
    "validate",
]
