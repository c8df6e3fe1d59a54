"""Procedure definitions that arrive after installation: downloaded, kept forever, merged.

The bundle ships the definitions known at build time; the ward's server publishes new versions
(a changed decree, a corrected form) and laptops receive them through sync or a provisioning
file. They are kept in the data directory, ``catalog/forms/<code>.v<version>.json``, and never
deleted: a draft pins the ``(code, version)`` it was started with, so that version must stay
openable and finalizable long after the server has moved on (the server keeps accepting it too).

:func:`load_catalog` is what the app should use instead of ``Catalog.bundled()``: bundled plus
downloaded definitions in one :class:`~helper_app.forms.Catalog`, where a downloaded copy of the
same ``(code, version)`` wins (the server validates with its copy). A downloaded file that does
not load is skipped with a warning: one bad file must not stop the app from starting.
:class:`CatalogSync` asks the server's index with ``If-None-Match`` (one request, ``304`` when
nothing changed) and downloads only the versions it does not hold yet.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helper_app.config import AppPaths
from helper_app.forms import Catalog, DefinitionError, ProcedureDefinition, UnitDirectory
from helper_app.forms.catalog import definition_from_object, load_definition
from helper_app.forms.units import UnitsError
from helper_app.store.files import write_atomic
from helper_app.sync import errors
from helper_app.sync.http import ApiSession
from helper_app.sync.protocol import FormsIndex

log = logging.getLogger(__name__)

_SAFE_CODE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
MAX_DEFINITION_BYTES = 4 * 1024 * 1024


def catalog_dir(paths: AppPaths) -> Path:
    """Where downloaded definitions, the provisioned units and the sync state live."""
    return paths.data_dir / "catalog"


def forms_dir(paths: AppPaths) -> Path:
    """The downloaded definitions, one file per ``(code, version)``."""
    return catalog_dir(paths) / "forms"


def units_file(paths: AppPaths) -> Path:
    """The ward's units from a provisioning file (merged with the bundled ones)."""
    return catalog_dir(paths) / "units.json"


def _state_file(paths: AppPaths) -> Path:
    return catalog_dir(paths) / "state.json"


def definition_path(paths: AppPaths, code: str, version: int) -> Path:
    """The file of one downloaded definition (the code is checked: it becomes a file name)."""
    if not _SAFE_CODE.match(code) or version < 1:
        raise DefinitionError(code, [("code", "not a valid procedure code for a file name")])
    return forms_dir(paths) / f"{code}.v{version}.json"


def save_definition(paths: AppPaths, definition: ProcedureDefinition) -> Path:
    """Keep one definition in the data directory (replacing the same code and version)."""
    target = definition_path(paths, definition.code, definition.version)
    text = json.dumps(definition.model_dump(mode="json"), ensure_ascii=False, indent=1)
    write_atomic(target, text.encode("utf-8"), mode=0o644)
    return target


def downloaded_definitions(paths: AppPaths) -> list[ProcedureDefinition]:
    """Every definition kept in the data directory; broken files are skipped with a warning."""
    found: list[ProcedureDefinition] = []
    directory = forms_dir(paths)
    if not directory.is_dir():
        return found
    for file in sorted(directory.glob("*.json")):
        try:
            found.append(load_definition(file))
        except DefinitionError as exc:
            log.warning("skipping a downloaded definition that does not load: %s", exc)
    return found


def merge_definitions(
    bundled: list[ProcedureDefinition], downloaded: list[ProcedureDefinition]
) -> list[ProcedureDefinition]:
    """Bundled and downloaded definitions, one per ``(code, version)``; downloaded wins."""
    merged: dict[tuple[str, int], ProcedureDefinition] = {(d.code, d.version): d for d in bundled}
    for d in downloaded:
        key = (d.code, d.version)
        if key in merged and merged[key] != d:
            log.info("%s: the server's copy replaces the bundled one", d.key)
        merged[key] = d
    return [merged[k] for k in sorted(merged)]


def load_catalog(paths: AppPaths, bundled: Catalog | None = None) -> Catalog:
    """The catalog the app works with: bundled + downloaded definitions.

    Args:
        paths: the data directory.
        bundled: the shipped catalog (loaded from ``resources/forms`` when None).
    """
    base = bundled if bundled is not None else Catalog.bundled()
    return Catalog(merge_definitions(base.all_versions(), downloaded_definitions(paths)))


def load_units(paths: AppPaths, bundled: UnitDirectory | None = None) -> UnitDirectory:
    """Bundled units plus the ward's units from provisioning (the provisioned entry wins)."""
    base = bundled if bundled is not None else UnitDirectory.bundled()
    file = units_file(paths)
    if not file.is_file():
        return base
    try:
        extra = UnitDirectory.from_file(file)
    except UnitsError as exc:
        log.warning("provisioned units ignored: %s", exc)
        return base
    provinces = {p.code: p for p in [*base.provinces(), *extra.provinces()]}
    communes = {c.code: c for c in [*base.communes(), *extra.communes()]}
    return UnitDirectory(
        list(provinces.values()),
        list(communes.values()),
        effective_from=extra.effective_from or base.effective_from,
        source=base.source,
    )


@dataclass
class CatalogUpdate:
    """What one catalog refresh did.

    Attributes:
        not_modified: the server answered 304 (nothing changed since the last refresh).
        downloaded: ``code@version`` keys fetched in this refresh.
        known: how many versions the server lists.
    """

    not_modified: bool = False
    downloaded: list[str] = field(default_factory=list)
    known: int = 0


@dataclass
class _State:
    index_etag: str | None = None
    etags: dict[str, str] = field(default_factory=dict)
    checked_at: str | None = None

    @classmethod
    def load(cls, file: Path) -> _State:
        try:
            raw: Any = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        etag, etags = raw.get("index_etag"), raw.get("etags")
        return cls(
            index_etag=etag if isinstance(etag, str) else None,
            etags={str(k): str(v) for k, v in etags.items()} if isinstance(etags, dict) else {},
            checked_at=raw.get("checked_at") if isinstance(raw.get("checked_at"), str) else None,
        )

    def save(self, file: Path) -> None:
        data = {"index_etag": self.index_etag, "etags": self.etags, "checked_at": self.checked_at}
        write_atomic(file, json.dumps(data, indent=1).encode("utf-8"), mode=0o644)


class CatalogSync:
    """Fetch the server's procedure catalog into the data directory.

    Args:
        api: a session on the server, carrying the volunteer's token (the index needs sign-in).
        paths: the data directory.
    """

    def __init__(self, api: ApiSession, paths: AppPaths) -> None:
        self.api = api
        self.paths = paths

    def _get(self, path: str, etag: str | None) -> Any | None:
        """The JSON body, or None on ``304 Not Modified``."""
        headers = {"If-None-Match": etag} if etag else None
        try:
            return self.api.request("GET", path, headers=headers).body
        except errors.ClientRequestError as exc:
            if exc.status == 304:
                return None
            raise

    def refresh(self) -> CatalogUpdate:
        """One refresh: the index (304 when unchanged), then every version not held yet.

        The index ETag is stored only after every download succeeded, so an interrupted refresh
        is simply repeated next time. Nothing is ever deleted.

        Raises:
            SyncError: the link or the server failed (nothing half-written stays behind).
            ProtocolError: the server sent something that is not a valid definition.
        """
        state_file = _state_file(self.paths)
        state = _State.load(state_file)
        body = self._get("/api/v1/forms", state.index_etag)
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        if body is None:
            state.checked_at = now
            state.save(state_file)
            return CatalogUpdate(not_modified=True, known=len(state.etags))
        try:
            index = FormsIndex.model_validate(body)
        except ValueError as exc:
            raise errors.ProtocolError("forms: unexpected index shape") from exc
        update = CatalogUpdate(known=len(index.forms))
        for summary in index.forms:
            key = f"{summary.code}@{summary.version}"
            held = definition_path(self.paths, summary.code, summary.version).is_file()
            if held and state.etags.get(key) == summary.etag:
                continue
            self._download(summary.code, summary.version)
            state.etags[key] = summary.etag
            update.downloaded.append(key)
        state.index_etag = index.etag
        state.checked_at = now
        state.save(state_file)
        if update.downloaded:
            log.info("catalog: %d new procedure versions", len(update.downloaded))
        return update

    def _download(self, code: str, version: int) -> None:
        definition_path(self.paths, code, version)  # refuses a hostile code before the request
        body = self._get(f"/api/v1/forms/{code}/{version}", None)
        try:
            definition = definition_from_object(body, origin=f"server {code}@{version}")
        except DefinitionError as exc:
            raise errors.ProtocolError(
                f"forms: {code}@{version} is not a valid definition"
            ) from exc
        if (definition.code, definition.version) != (code, version):
            raise errors.ProtocolError(f"forms: asked {code}@{version}, got {definition.key}")
        save_definition(self.paths, definition)
