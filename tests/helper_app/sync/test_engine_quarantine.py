"""A mutation the server rejects is quarantined with its reasons; the rest keeps flowing."""

from __future__ import annotations

import json
from pathlib import Path

from helper_app.dossiers import DossierService
from helper_app.forms import Catalog
from helper_app.sync.lifecycle import DossierStatus
from helper_app.sync.service import SyncService
from tests.helpers.store import VALID_DATA, make_png, write_definition
from tests.helpers.sync_world import Laptop, Officer


def test_rejected_dossier_is_quarantined_and_others_flow(
    laptop: Laptop, officer: Officer, tmp_path: Path
) -> None:
    # The laptop knows a procedure the server does not publish: the server must refuse it.
    forms = tmp_path / "forms"
    write_definition(forms)
    for definition in Catalog.bundled().all_versions():
        (forms / f"{definition.code}.v{definition.version}.json").write_text(
            definition.model_dump_json(), encoding="utf-8"
        )
    local = DossierService(laptop.store, Catalog.from_directory(forms), laptop.files, actor="tnv")
    odd = local.create_draft("mini_permit", data=dict(VALID_DATA))
    local.record_consent(odd.id, help_accepted=True, processing_accepted=True)
    local.attach(odd.id, "id_card", make_png(tmp_path / "id.png"))
    local.finalize(odd.id)
    good = laptop.new_birth_dossier(tmp_path)

    result = laptop.sync()
    assert result.quarantined == 1 and result.applied == 1
    assert {d["dossier_id"] for d in officer.queue()} == {good}
    status = SyncService(laptop.store, laptop.files, None).status()
    assert status.quarantined == 1
    (entry,) = status.quarantine
    assert entry["dossier_id"] == odd.id
    reasons = json.loads(entry["errors"])
    assert reasons and all(r["message_vi"] and r["message_en"] for r in reasons)
    # The volunteer reopens it to fix it: it leaves the quarantine and goes back to draft.
    local.update_fields(odd.id, {"full_name": "Nguyễn Văn Bình"})
    assert SyncService(laptop.store, laptop.files, None).status().quarantined == 0
    assert local.get(odd.id).status is DossierStatus.DRAFT
