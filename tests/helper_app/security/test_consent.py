"""Consent: recorded explicitly with time and volunteer; finalize refuses without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from helper_app.dossiers import ConsentError, DossierService, FinalizeBlocked
from helper_app.forms import Catalog
from helper_app.store.attachments import AttachmentStore
from helper_app.store.db import Store
from tests.helpers.store import VALID_DATA, FixedClock, make_png


@pytest.fixture
def strict(
    store: Store, catalog: Catalog, files: AttachmentStore, clock: FixedClock
) -> DossierService:
    return DossierService(store, catalog, files, actor="tnv-an", clock=clock, require_consent=True)


def test_finalize_refuses_without_consent_then_accepts(
    strict: DossierService, tmp_path: Path
) -> None:
    view = strict.create_draft("mini_permit", data=VALID_DATA)
    assert view.consent_at is None  # never pre-ticked
    strict.attach(view.id, "id_card", make_png(tmp_path / "id.png"))
    with pytest.raises(FinalizeBlocked) as caught:
        strict.finalize(view.id)
    assert [p.path for p in caught.value.problems if p.is_error] == ["consent"]
    assert strict.get(view.id).status.value == "draft"
    consented = strict.record_consent(view.id, help_accepted=True, processing_accepted=True)
    assert consented.consent_by == "tnv-an" and consented.consent_at is not None
    assert strict.finalize(view.id).status.value == "queued"


@pytest.mark.parametrize(("help_", "processing"), [(True, False), (False, True), (False, False)])
def test_consent_needs_both_boxes(strict: DossierService, help_: bool, processing: bool) -> None:
    view = strict.create_draft("mini_permit", data=VALID_DATA)
    with pytest.raises(ConsentError):
        strict.record_consent(view.id, help_accepted=help_, processing_accepted=processing)
    assert strict.get(view.id).consent_at is None
