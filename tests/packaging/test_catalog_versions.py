"""Procedure updates reach laptops through the server's catalog; drafts keep their version.

A real server on 127.0.0.1 publishes ``test_permit`` v1; the laptop fetches it (then gets a 304
for the unchanged index), starts a draft on it, and the server is restarted with v2 published.
After the next refresh the draft still opens and finalizes on v1, and a new draft uses v2.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helper_app.config import AppPaths
from helper_app.dossiers import DossierService
from helper_app.forms import Catalog, DefinitionError
from helper_app.store.attachments import AttachmentStore
from helper_app.store.db import Store
from helper_app.sync.catalog_sync import (
    CatalogSync,
    definition_path,
    forms_dir,
    load_catalog,
    save_definition,
)
from helper_app.sync.http import ApiSession
from helper_app.sync.lifecycle import DossierStatus
from helper_server.forms_catalog import FormsCatalog
from tests.helper_server.world import PERMIT, PERMIT_V2
from tests.helpers.live_server import live_server
from tests.helpers.store import make_png


def _publish(directory: Path, *definitions: dict[str, object]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for d in definitions:
        (directory / f"{d['code']}.v{d['version']}.json").write_text(
            json.dumps(d, ensure_ascii=False), encoding="utf-8"
        )
    return directory


def _service(paths: AppPaths, store: Store) -> DossierService:
    files = AttachmentStore(paths.attachments_dir)
    return DossierService(store, load_catalog(paths), files, actor="test", require_consent=False)


def test_draft_on_v1_stays_openable_and_finalizable_after_v2(
    tmp_path: Path, app_paths: AppPaths
) -> None:
    published = _publish(tmp_path / "forms", PERMIT)
    server_dir = tmp_path / "server"
    with live_server(server_dir, forms_dir=published) as server:
        user = server.create_user()
        token = server.login(user)
        api = ApiSession(server.url, token_provider=lambda: token)
        try:
            first = CatalogSync(api, app_paths).refresh()
            again = CatalogSync(api, app_paths).refresh()
        finally:
            api.close()
    assert first.downloaded == ["test_permit@1"] and not first.not_modified
    assert again.not_modified and again.downloaded == []
    store = Store.open(app_paths.database)
    try:
        draft = _service(app_paths, store).create_draft(
            "test_permit", data={"full_name": "Nguyễn Văn A", "birth_date": "1990-01-02"}
        )
        assert draft.form_version == 1

        _publish(published, PERMIT_V2)
        with live_server(server_dir, forms_dir=published) as server:
            token = server.login(user)
            api = ApiSession(server.url, token_provider=lambda: token)
            try:
                update = CatalogSync(api, app_paths).refresh()
            finally:
                api.close()
        assert update.downloaded == ["test_permit@2"]
        assert definition_path(app_paths, "test_permit", 1).is_file(), "old versions are kept"

        service = _service(app_paths, store)
        reopened = service.get(draft.id)
        assert reopened.form_version == 1
        service.attach(draft.id, "id_card", make_png(tmp_path / "id.png"))
        finalized = service.finalize(draft.id)
        assert finalized.status == DossierStatus.QUEUED and finalized.form_version == 1
        assert service.create_draft("test_permit").form_version == 2
    finally:
        store.close()


def test_downloaded_copy_wins_and_broken_files_are_skipped(app_paths: AppPaths) -> None:
    bundled = Catalog.bundled()
    original = bundled.get("vneid_level2_precheck")
    changed = original.model_copy(update={"title_en": "Changed by the server"})
    save_definition(app_paths, changed)
    (forms_dir(app_paths) / "broken.v1.json").write_text("{not json", encoding="utf-8")
    merged = load_catalog(app_paths)
    assert merged.get("vneid_level2_precheck", original.version).title_en == "Changed by the server"
    assert len(merged) == len(bundled)


def test_served_catalog_round_trips_into_the_client(tmp_path: Path, app_paths: AppPaths) -> None:
    served = FormsCatalog.load(_publish(tmp_path / "forms", PERMIT, PERMIT_V2))
    for definition in served.catalog.all_versions():
        save_definition(app_paths, definition)
    merged = load_catalog(app_paths)
    assert merged.get("test_permit").version == 2
    assert merged.get("test_permit", 1).title_en == "Test permit"


@pytest.mark.parametrize("code", ["../evil", "a/b", "", "UPPER", "x" * 80])
def test_hostile_codes_never_become_paths(app_paths: AppPaths, code: str) -> None:
    with pytest.raises(DefinitionError):
        definition_path(app_paths, code, 1)
