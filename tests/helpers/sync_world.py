"""A volunteer's laptop (real store, attachments, engine) against a real server, for sync tests.

:class:`Laptop` wires a :class:`~helper_app.dossiers.DossierService` and a
:class:`~helper_app.sync.engine.SyncEngine` on one data directory, signed in to a live server as
a volunteer. :class:`Officer` drives the officer API over HTTP. Both talk to the real server
process started by :func:`tests.helpers.live_server.live_server`. :class:`AnswerLosingClient`
throws a push's answer away after it arrived, as a dropped link does.
"""

from __future__ import annotations

import copy
import os
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from helper_app.config import AppPaths, resolve_paths
from helper_app.dossiers import DossierService
from helper_app.forms import Catalog
from helper_app.store.attachments import AttachmentStore
from helper_app.store.db import Store
from helper_app.sync import errors
from helper_app.sync.client import SyncClient
from helper_app.sync.engine import PassResult, SyncEngine
from helper_app.sync.http import ApiSession
from helper_app.sync.protocol import Mutation, PushResponse
from tests.helpers.live_server import LiveServer, TestUser

BIRTH = "birth_registration"


def birth_example() -> tuple[dict[str, Any], tuple[str, ...]]:
    """The shipped birth-registration example: its data and the document slots it fills."""
    example = Catalog.bundled().get(BIRTH).examples[0]
    return copy.deepcopy(dict(example.data)), tuple(example.documents)


def random_bytes_file(path: Path, size: int, seed: int) -> Path:
    """A PDF-looking file of ``size`` bytes (content-sniffed as PDF, unique per seed)."""
    rng = random.Random(seed)
    head = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    body = rng.randbytes(max(0, size - len(head) - 6))
    path.write_bytes(head + body + b"\n%%EOF")
    return path


@dataclass
class Laptop:
    """One volunteer's laptop: its own data directory, store, files, services."""

    paths: AppPaths
    store: Store
    files: AttachmentStore
    dossiers: DossierService
    server_url: str
    token: str
    sessions: list[ApiSession] = field(default_factory=list)

    @classmethod
    def open(cls, directory: Path, server: LiveServer, user: TestUser) -> Laptop:
        paths = resolve_paths(directory)
        paths.ensure()
        store = Store.open(paths.database)
        files = AttachmentStore(paths.attachments_dir)
        service = DossierService(store, Catalog.bundled(), files, actor=user.username)
        token = server.login(user, device_id=os.urandom(4).hex())
        return cls(paths, store, files, service, server.url, token)

    def client(self, url: str | None = None, **kwargs: Any) -> SyncClient:
        api = ApiSession(url or self.server_url, token_provider=lambda: self.token, **kwargs)
        self.sessions.append(api)
        return SyncClient(api)

    def engine(self, client: SyncClient | None = None) -> SyncEngine:
        return SyncEngine(self.store, client or self.client(), self.files)

    def sync(self, client: SyncClient | None = None) -> PassResult:
        return self.engine(client).run_pass()

    def new_birth_dossier(self, tmp: Path, *, finalize: bool = True, **overrides: Any) -> str:
        data, slots = birth_example()
        data.update(overrides)
        view = self.dossiers.create_draft(BIRTH, data=data)
        self.dossiers.record_consent(view.id, help_accepted=True, processing_accepted=True)
        for n, slot in enumerate(slots):
            scan = random_bytes_file(tmp / f"{view.id}-{n}.pdf", 3000 + n, seed=hash(view.id) + n)
            self.dossiers.attach(view.id, slot, scan)
        if finalize:
            self.dossiers.finalize(view.id)
        return view.id

    def close(self) -> None:
        for api in self.sessions:
            api.close()
        self.store.close()


@dataclass
class Officer:
    """An official of the same ward, acting through the officer API."""

    http: httpx.Client

    def get(self, dossier_id: str) -> dict[str, Any]:
        r = self.http.get(f"/api/v1/officer/dossiers/{dossier_id}")
        r.raise_for_status()
        return dict(r.json())

    def set_status(self, dossier_id: str, status: str, **body: Any) -> dict[str, Any]:
        r = self.http.post(
            f"/api/v1/officer/dossiers/{dossier_id}/status", json={"status": status, **body}
        )
        assert r.status_code == 200, r.text
        return dict(r.json())

    def edit(self, dossier_id: str, data: dict[str, Any]) -> dict[str, Any]:
        rev = self.get(dossier_id)["rev"]
        r = self.http.patch(
            f"/api/v1/officer/dossiers/{dossier_id}", json={"base_rev": rev, "data": data}
        )
        assert r.status_code == 200, r.text
        return dict(r.json())

    def queue(self, status: str | None = None) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"limit": 500}
        if status:
            params["status"] = status
        r = self.http.get("/api/v1/officer/dossiers", params=params)
        r.raise_for_status()
        return list(r.json()["data"])


class AnswerLosingClient(SyncClient):
    """Sends the push for real, then behaves as if the link dropped before the answer."""

    def __init__(self, inner: SyncClient, losses: int = 1) -> None:
        super().__init__(inner.api)
        self.losses = losses

    def push(self, *, device_id: str, mutations: Iterable[Mutation]) -> PushResponse:
        answer = super().push(device_id=device_id, mutations=mutations)
        if self.losses > 0:
            self.losses -= 1
            raise errors.OfflineError("the answer was lost on the way back")
        return answer


@dataclass
class VolunteerWard:
    """A volunteer account and an officer's HTTP client in one fresh ward (end-to-end tests)."""

    volunteer: TestUser
    officer: httpx.Client
