"""A failed pass says what it had done: the scheduler tells a lossy link from an outage by it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from helper_app.sync import errors
from helper_app.sync.client import SyncClient
from helper_app.sync.engine import PassResult
from helper_app.sync.protocol import Mutation, PushResponse
from tests.helpers.sync_world import Laptop


class _PushCut(SyncClient):
    """Uploads go through; the push's connection is cut (as by a reset on a lossy link)."""

    def push(self, *, device_id: str, mutations: Iterable[Mutation]) -> PushResponse:
        raise errors.OfflineError("POST /api/v1/sync/push: cannot reach the server")


class _UploadCut(SyncClient):
    """The very first chunk's connection is cut: nothing moved."""

    def upload_blob(self, **_: Any) -> Any:
        raise errors.OfflineError("PATCH /api/v1/blobs: cannot reach the server")


def test_a_pass_cut_after_uploads_carries_what_it_did(laptop: Laptop, tmp_path: Path) -> None:
    laptop.new_birth_dossier(tmp_path)
    client = _PushCut(laptop.client().api)
    with pytest.raises(errors.OfflineError) as info:
        laptop.engine(client).run_pass()
    partial = info.value.partial
    assert isinstance(partial, PassResult) and partial.made_progress
    assert partial.uploaded_blobs >= 1 and partial.uploaded_bytes > 0 and partial.pushed == 0


def test_a_pass_cut_before_anything_moved_says_so(laptop: Laptop, tmp_path: Path) -> None:
    laptop.new_birth_dossier(tmp_path)
    client = _UploadCut(laptop.client().api)
    with pytest.raises(errors.OfflineError) as info:
        laptop.engine(client).run_pass()
    partial = info.value.partial
    assert partial is not None and not partial.made_progress
