"""A hypothesis state machine over the whole sync system: random local edits, official edits and
status changes, sync passes, answers lost after the server applied them, app restarts, conflict
resolutions (keep mine, take the server's, type another value). No dossier is ever ``queued``
with nothing left to send and no conflict to resolve (invariant 8). After a final quiet pass
the laptop and the server agree on every dossier, every op was applied at most once, and no
edit was lost: each field ends with the value of its last edit, unless a conflict was recorded
for it (the volunteer then chose).

Kept small for CI; ``HELPER_LONG_STATE_MACHINE=1`` runs many more examples.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlmodel import col, select

from helper_app.forms.catalog import Catalog
from helper_app.store.models import Conflict, Dossier, OutboxEntry
from helper_app.sync import conflicts, errors
from helper_app.sync.lifecycle import EDITABLE_ON_CLIENT, FINAL
from tests.helpers.live_server import LiveServer
from tests.helpers.sync_world import AnswerLosingClient, Laptop, Officer

LONG = bool(os.environ.get("HELPER_LONG_STATE_MACHINE"))
FIELDS = ["child_birthplace", "requester_id_issuer", "signed_place"]
VALUES = st.sampled_from(
    ["Bệnh viện A", "Trạm y tế xã Tam Đa", "Nhà riêng", "Công an tỉnh", "Phường Kinh Bắc"]
)


def make_machine(server: LiveServer) -> type[RuleBasedStateMachine]:
    class SyncSystem(RuleBasedStateMachine):
        dossiers = Bundle("dossiers")

        def __init__(self) -> None:
            super().__init__()
            self.tmp = Path(tempfile.mkdtemp(prefix="sm-"))
            volunteer = server.create_user(role="volunteer")
            official = server.create_user(role="officer", ward=volunteer.ward)
            self.volunteer = volunteer
            self.laptop = Laptop.open(self.tmp / "laptop", server, volunteer)
            self.http = server.client(server.login(official))
            self.officer = Officer(self.http)
            self.clock = itertools.count()
            self.edits: dict[tuple[str, str], list[tuple[int, str, Any]]] = {}
            self.known: list[str] = []

        def teardown(self) -> None:
            self.laptop.close()
            self.http.close()

        def _server(self, dossier_id: str) -> dict[str, Any] | None:
            r = self.http.get(f"/api/v1/officer/dossiers/{dossier_id}")
            return dict(r.json()) if r.status_code == 200 else None

        def _note(self, dossier_id: str, field: str, who: str, value: Any) -> None:
            self.edits.setdefault((dossier_id, field), []).append((next(self.clock), who, value))

        def _new(self, place: str) -> str:
            dossier_id = self.laptop.new_birth_dossier(self.tmp, child_birthplace=place)
            self._note(dossier_id, "child_birthplace", "local", place)
            self.known.append(dossier_id)
            return dossier_id

        # Two dossiers from the start, so that every run exercises their histories.
        @initialize(target=dossiers, place=VALUES)
        def first_dossier(self, place: str) -> str:
            return self._new(place)

        @initialize(target=dossiers, place=VALUES)
        def second_dossier(self, place: str) -> str:
            return self._new(place)

        @precondition(lambda self: len(self.known) < 4)
        @rule(target=dossiers, place=VALUES)
        def new_dossier(self, place: str) -> str:
            return self._new(place)

        @rule(dossier_id=dossiers, field=st.sampled_from(FIELDS), value=VALUES)
        def local_edit(self, dossier_id: str, field: str, value: str) -> None:
            view = self.laptop.dossiers.get(dossier_id)
            if view.status not in EDITABLE_ON_CLIENT:
                return
            if conflicts.open_conflicts(self.laptop.store, dossier_id):
                return
            try:
                self.laptop.dossiers.update_fields(dossier_id, {field: value})
            except Exception as exc:  # noqa: BLE001
                assert "sync" in str(exc).lower() or "đồng bộ" in str(exc).lower()
                return
            self._note(dossier_id, field, "local", value)
            self.laptop.dossiers.finalize(dossier_id)

        @rule(dossier_id=dossiers, field=st.sampled_from(FIELDS), value=VALUES)
        def official_edit(self, dossier_id: str, field: str, value: str) -> None:
            current = self._server(dossier_id)
            if current is None or current["status"] in {s.value for s in FINAL}:
                return
            r = self.http.patch(
                f"/api/v1/officer/dossiers/{dossier_id}",
                json={"base_rev": current["rev"], "data": {field: value}},
            )
            assert r.status_code == 200, r.text
            self._note(dossier_id, field, "server", value)

        @rule(dossier_id=dossiers)
        def request_supplement(self, dossier_id: str) -> None:
            current = self._server(dossier_id)
            if current is None or current["status"] not in {"submitted", "received", "processing"}:
                return
            self.officer.set_status(
                dossier_id, "supplement_requested", message="Bổ sung", checklist=["x"]
            )

        @rule()
        def sync(self) -> None:
            self.laptop.sync()

        @rule()
        def sync_losing_the_answer(self) -> None:
            try:
                self.laptop.sync(AnswerLosingClient(self.laptop.client()))
            except errors.OfflineError:
                pass

        @rule()
        def restart_app(self) -> None:
            self.laptop.close()
            self.laptop = Laptop.open(self.tmp / "laptop", server, self.volunteer)

        @rule(how=st.sampled_from(["local", "server", "edited"]), typed=VALUES)
        def resolve_conflicts(self, how: str, typed: str) -> None:
            """Keep mine, take the server's, or type another value, for every open conflict."""
            for dossier_id in {c.dossier_id for c in conflicts.open_conflicts(self.laptop.store)}:
                open_ = conflicts.open_conflicts(self.laptop.store, dossier_id)
                choice: conflicts.Choice = ("value", typed) if how == "edited" else how  # type: ignore[assignment]
                conflicts.resolve(
                    self.laptop.store,
                    dossier_id,
                    {c.path: choice for c in open_},
                    actor="t",
                    catalog=Catalog.bundled(),
                )
                for c in open_:
                    value = {"local": c.local, "server": c.server}.get(how, typed)
                    self._note(dossier_id, c.path, "resolution", value)

        @invariant()
        def no_dossier_stranded(self) -> None:
            """Invariant 8: a queued dossier always has something that will move it on.

            An entry that will leave the laptop (pending, in flight, or refused and shown for a
            fix), or an open conflict the volunteer is asked to resolve (nothing is sent until
            then; the resolution settles it).
            """
            with self.laptop.store.read() as session:
                queued = set(
                    session.exec(select(Dossier.id).where(Dossier.status == "queued")).all()
                )
                waiting = set(
                    session.exec(
                        select(OutboxEntry.dossier_id).where(
                            col(OutboxEntry.state).in_(("pending", "in_flight", "quarantined"))
                        )
                    ).all()
                )
                asked = set(
                    session.exec(
                        select(Conflict.dossier_id).where(col(Conflict.resolved_at).is_(None))
                    ).all()
                )
            stuck = queued - waiting - asked
            assert not stuck, f"queued with nothing to send: {sorted(stuck)}"

        @invariant()
        def nothing_doubled_on_server(self) -> None:
            queue = self.officer.queue()
            ids = [d["dossier_id"] for d in queue]
            assert len(ids) == len(set(ids))

        def quiet_and_check(self) -> None:
            for _ in range(4):
                self.resolve_conflicts(how="local", typed="")
                self.laptop.sync()
            assert conflicts.open_conflicts(self.laptop.store) == []
            with self.laptop.store.read() as session:
                had_conflict = {(c.dossier_id, c.path) for c in session.exec(select(Conflict))}
            for dossier_id in self.known:
                local = self.laptop.dossiers.get(dossier_id)
                server_side = self._server(dossier_id)
                assert server_side is not None, "a finalized dossier never reached the server"
                assert local.data == server_side["data"]
                assert local.server_rev == server_side["rev"]
                assert local.status.value == server_side["status"]
                for field in FIELDS:
                    events = self.edits.get((dossier_id, field))
                    if not events:
                        continue
                    last = events[-1][2]
                    if (dossier_id, field) in had_conflict:
                        continue
                    assert server_side["data"].get(field) == last, (dossier_id, field, events)

    return SyncSystem


@pytest.mark.timeout(900)
def test_sync_state_machine(server: LiveServer) -> None:
    machine = make_machine(server)

    class Checked(machine):  # type: ignore[valid-type,misc]
        def teardown(self) -> None:
            try:
                self.quiet_and_check()
            finally:
                super().teardown()

    run_state_machine_as_test(
        Checked,
        settings=settings(
            max_examples=300 if LONG else 20,
            stateful_step_count=50 if LONG else 30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
