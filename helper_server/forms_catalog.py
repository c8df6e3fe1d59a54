"""The procedure catalog as the server serves it and validates against, with ETags.

Built once at start-up from :class:`helper_app.forms.Catalog` (the bundled definitions, or a
directory given with ``--forms-dir``). Each definition's ETag is the SHA-256 of its canonical JSON,
so a client asking ``If-None-Match`` gets 304 until a definition actually changes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helper_app.forms import Catalog, ProcedureDefinition
from helper_app.sync.protocol import FormsIndex, FormSummary


def _etag(payload: Any) -> str:
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return '"' + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32] + '"'


@dataclass(frozen=True)
class ServedForm:
    """One definition with its JSON and ETag, ready to serve."""

    definition: ProcedureDefinition
    payload: dict[str, Any]
    etag: str


class FormsCatalog:
    """The catalog the server validates dossiers with and serves to clients.

    Args:
        catalog: the loaded definitions (see :meth:`load`).
    """

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._forms: dict[tuple[str, int], ServedForm] = {}
        for definition in catalog.all_versions():
            payload = definition.model_dump(mode="json")
            self._forms[(definition.code, definition.version)] = ServedForm(
                definition, payload, _etag(payload)
            )
        summaries = [
            FormSummary(
                code=f.definition.code,
                version=f.definition.version,
                title_vi=f.definition.title_vi,
                title_en=f.definition.title_en,
                effective_from=f.definition.effective_from,
                etag=f.etag,
            )
            for f in sorted(
                self._forms.values(), key=lambda s: (s.definition.code, s.definition.version)
            )
        ]
        self.index_etag = _etag([s.model_dump(mode="json") for s in summaries])
        self.index = FormsIndex(forms=summaries, etag=self.index_etag)

    @classmethod
    def load(cls, forms_dir: Path | None) -> FormsCatalog:
        """From ``forms_dir``, or the bundled definitions when ``None``."""
        catalog = Catalog.bundled() if forms_dir is None else Catalog.from_directory(forms_dir)
        return cls(catalog)

    def served(self, code: str, version: int) -> ServedForm | None:
        """The served form ``code`` version ``version``, if the catalog has it."""
        return self._forms.get((code, version))

    def definition(self, code: str, version: int) -> ProcedureDefinition | None:
        """The definition ``code`` version ``version``, if the catalog has it."""
        served = self._forms.get((code, version))
        return served.definition if served else None


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """True when an ``If-None-Match`` header names ``etag`` (or ``*``); weak tags compare equal."""
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag in tags
