"""Invariants 1 and 7: a change is one transaction; kill -9 at any point leaves a usable store."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlmodel import func, select

from helper_app.dossiers import DossierService
from helper_app.store import audit
from helper_app.store.db import Store
from helper_app.store.models import AuditEvent, Dossier, OutboxEntry
from helper_app.sync.lifecycle import DossierStatus
from tests.helpers.store import VALID_DATA, make_png

REPO = Path(__file__).resolve().parents[3]


def test_a_failure_in_the_middle_of_finalize_leaves_nothing(
    service: DossierService, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = service.create_draft("mini_permit", data=VALID_DATA)
    service.attach(draft.id, "id_card", make_png(tmp_path / "id.png"))
    real_record = audit.record
    flushed: list[int] = []

    def crash_after_the_outbox_row(session: object, **kwargs: object) -> object:
        if kwargs.get("action") == "dossier.finalize":
            # The dossier UPDATE and the outbox INSERT have reached SQLite in this transaction.
            flushed.append(session.exec(select(func.count()).select_from(OutboxEntry)).one())  # type: ignore[attr-defined]
            raise OSError("power cut")
        return real_record(session, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(audit, "record", crash_after_the_outbox_row)
    with pytest.raises(OSError, match="power cut"):
        service.finalize(draft.id)
    assert flushed == [1], "the failure really happened after the outbox row was written"
    monkeypatch.setattr(audit, "record", real_record)
    with store.read() as session:
        row = session.get(Dossier, draft.id)
        assert row is not None and row.status == DossierStatus.DRAFT
        assert row.data == VALID_DATA and row.warnings == []
        assert session.exec(select(func.count()).select_from(OutboxEntry)).one() == 0
        actions = [e.action for e in session.exec(select(AuditEvent))]
    assert "dossier.finalize" not in actions
    assert service.finalize(draft.id).status is DossierStatus.QUEUED  # and it can still be done


CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from helper_app.store.attachments import AttachmentStore
    from helper_app.store.db import Store
    from helper_app.dossiers import DossierService
    from helper_app.forms import Catalog
    from tests.helpers.store import VALID_DATA, make_png, write_definition

    work = Path(sys.argv[1])
    write_definition(work / "forms")
    store = Store.open(work / "data" / "helper.sqlite3")
    service = DossierService(store, Catalog.from_directory(work / "forms"),
                             AttachmentStore(work / "data" / "attachments"), actor="child",
                             require_consent=False)
    png = make_png(work / "id.png")
    while True:
        d = service.create_draft("mini_permit", data=VALID_DATA)
        service.attach(d.id, "id_card", png)
        service.update_fields(d.id, {"phone": "0987654321"})
        service.finalize(d.id)
        print(d.id, flush=True)
    """
)


def test_kill_9_while_writing_leaves_a_store_that_opens(tmp_path: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(CHILD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, str(script), str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    assert child.stdout is not None
    committed = [child.stdout.readline().strip() for _ in range(15)]
    time.sleep(random.uniform(0.0, 0.05))  # land somewhere inside the next operations
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL, child.stderr.read() if child.stderr else ""
    assert all(committed), "the writer stopped early"

    path = tmp_path / "data" / "helper.sqlite3"
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
    store = Store.open(path)
    with store.read() as session:
        rows = {d.id: d for d in session.exec(select(Dossier))}
        entries = list(session.exec(select(OutboxEntry)))
    store.close()
    assert set(committed) <= set(rows), "every finalize the writer saw committed survived"
    queued = {d.id for d in rows.values() if d.status == DossierStatus.QUEUED}
    assert queued == {e.dossier_id for e in entries}, "a queued dossier has its outbox entry"
    assert len(entries) == len(queued)
