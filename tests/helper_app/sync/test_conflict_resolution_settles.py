"""Invariant 8: every conflict resolution ends with the dossier sent again or in the server's state.

Each case is a real conflict made against a real server: the volunteer edits "Nơi sinh" of a
dossier sent back for a supplement and finalizes it offline, while the same field changes on the
server, where the dossier is then in one of three states:

* ``supplement_requested``: an official corrected the field and still waits for the volunteer;
* ``submitted``: the volunteer's second laptop resubmitted it first;
* ``received``: ... and an official then received it (a receipt code exists).

For every state and every choice (keep mine, take the server's, type another value) the dossier
must not be left ``queued`` without an active outbox entry (it would never leave the laptop:
issue 11 found exactly that), and after a pass the laptop agrees with the server, or shows
the server's refusal.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlmodel import col, select

from helper_app.forms.catalog import Catalog
from helper_app.store.models import Dossier, OutboxEntry
from helper_app.sync import conflicts
from helper_app.sync.conflicts import Choice
from helper_app.sync.lifecycle import DossierStatus
from helper_app.sync.outbox import ACTIVE_STATES, to_mutation
from helper_app.sync.protocol import Mutation
from tests.helpers.live_server import LiveServer
from tests.helpers.sync_world import Laptop, Officer

FIELD = "child_birthplace"
SERVER_STATES = ("supplement_requested", "submitted", "received")


def stranded(laptop: Laptop) -> list[str]:
    """Dossiers ``queued`` with no active and no refused outbox entry: they would never leave."""
    with laptop.store.read() as session:
        queued = session.exec(
            select(Dossier.id).where(Dossier.status == DossierStatus.QUEUED.value)
        ).all()
        waiting = set(
            session.exec(
                select(OutboxEntry.dossier_id).where(
                    col(OutboxEntry.state).in_((*ACTIVE_STATES, "quarantined"))
                )
            ).all()
        )
    return [d for d in queued if d not in waiting]


def _second_laptop_resubmits(laptop: Laptop, dossier_id: str, value: str) -> None:
    """The same volunteer's other laptop resubmits the dossier with ``value`` in the field."""
    with laptop.store.read() as session:
        entry = session.exec(
            select(OutboxEntry)
            .where(OutboxEntry.dossier_id == dossier_id)
            .where(col(OutboxEntry.state).in_(ACTIVE_STATES))
        ).one()
        mutation = to_mutation(entry)
    other: Mutation = mutation.model_copy(
        update={"op_id": uuid.uuid4(), "data": {**mutation.data, FIELD: value}}
    )
    answer = laptop.client().push(device_id=os.urandom(4).hex(), mutations=[other])
    assert answer.results[0].outcome.value == "applied", answer


def make_conflict(laptop: Laptop, officer: Officer, tmp: Path, server_state: str) -> str:
    """A dossier with one open conflict on ``FIELD``, the server in ``server_state``."""
    dossier_id = laptop.new_birth_dossier(tmp)
    laptop.sync()
    officer.set_status(
        dossier_id, "supplement_requested", message="Kiểm tra nơi sinh", checklist=[FIELD]
    )
    laptop.sync()
    # Offline: the volunteer corrects the birthplace and finalizes the supplement.
    laptop.dossiers.update_fields(dossier_id, {FIELD: "Ở nhà, thôn Đông"})
    laptop.dossiers.finalize(dossier_id)
    if server_state == "supplement_requested":
        officer.edit(dossier_id, {FIELD: "Bệnh viện đa khoa Bắc Ninh"})
    else:
        _second_laptop_resubmits(laptop, dossier_id, "Trạm y tế xã Tam Đa")
        if server_state == "received":
            officer.set_status(dossier_id, "received")
    assert officer.get(dossier_id)["status"] == server_state
    assert laptop.sync().conflicts == 1
    assert [c.path for c in conflicts.open_conflicts(laptop.store, dossier_id)] == [FIELD]
    return dossier_id


def _choice(kind: str) -> Choice:
    return ("value", "Nhà hộ sinh Kinh Bắc") if kind == "edited" else kind  # type: ignore[return-value]


@pytest.mark.parametrize("choice", ["local", "server", "edited"])
@pytest.mark.parametrize("server_state", SERVER_STATES)
def test_resolution_never_strands_the_dossier(
    laptop: Laptop, officer: Officer, tmp_path: Path, server_state: str, choice: str
) -> None:
    dossier_id = make_conflict(laptop, officer, tmp_path, server_state)
    server_value = officer.get(dossier_id)["data"][FIELD]

    conflicts.resolve(
        laptop.store, dossier_id, {FIELD: _choice(choice)}, actor="tnv", catalog=Catalog.bundled()
    )
    assert stranded(laptop) == []
    laptop.sync()
    laptop.sync()
    assert stranded(laptop) == []

    server = officer.get(dossier_id)
    local = laptop.dossiers.get(dossier_id)
    chosen = {"local": "Ở nhà, thôn Đông", "server": server_value}.get(
        choice, "Nhà hộ sinh Kinh Bắc"
    )
    if server_state == "supplement_requested":
        # The ward was waiting for this resubmission: it arrives, whatever the choice.
        assert server["status"] == "submitted"
        assert server["data"][FIELD] == chosen
    else:
        # The server already has a submission and refuses another; it keeps its value.
        assert server["status"] == server_state
        assert server["data"][FIELD] == server_value
    assert local.status.value == server["status"]
    assert local.data == server["data"]
    assert local.server_rev == server["rev"]
    if server_state != "supplement_requested" and choice != "server":
        # The volunteer's value did not go through: the refusal is shown, not swallowed.
        refused = _refused(laptop, dossier_id)
        assert refused and refused[0].payload["data"][FIELD] == chosen
    else:
        assert _refused(laptop, dossier_id) == []


def _refused(laptop: Laptop, dossier_id: str) -> list[OutboxEntry]:
    with laptop.store.read() as session:
        return list(
            session.exec(
                select(OutboxEntry)
                .where(OutboxEntry.dossier_id == dossier_id)
                .where(OutboxEntry.state == "quarantined")
            ).all()
        )


def test_the_reported_case_reaches_the_ward_after_a_restart(
    server: LiveServer, ward: str, officer: Officer, tmp_path: Path
) -> None:
    """Issue 11's rows: picking "Máy chủ" left the supplement queued, its only entry superseded."""
    user = server.create_user(role="volunteer", ward=ward)
    laptop = Laptop.open(tmp_path / "laptop", server, user)
    dossier_id = make_conflict(laptop, officer, tmp_path, "supplement_requested")
    conflicts.resolve(
        laptop.store, dossier_id, {FIELD: "server"}, actor="tnv", catalog=Catalog.bundled()
    )
    with laptop.store.read() as session:
        pending = session.exec(
            select(OutboxEntry)
            .where(OutboxEntry.dossier_id == dossier_id)
            .where(col(OutboxEntry.state).in_(ACTIVE_STATES))
        ).all()
    assert len(pending) == 1 and pending[0].base_rev == officer.get(dossier_id)["rev"]
    laptop.close()
    again = Laptop.open(tmp_path / "laptop", server, user)
    try:
        assert again.sync().applied == 1
        assert officer.get(dossier_id)["status"] == "submitted"
        assert officer.get(dossier_id)["data"][FIELD] == "Bệnh viện đa khoa Bắc Ninh"
        assert again.dossiers.get(dossier_id).status is DossierStatus.SUBMITTED
    finally:
        again.close()


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    server_state=st.sampled_from(SERVER_STATES),
    typed=st.text(
        alphabet=st.sampled_from("aăâbdđeêghiklmnoôơpqrstuưvxyàáảãạ ỆỄệễ"), min_size=1, max_size=30
    ).filter(lambda s: s.strip() != ""),
)
@example(server_state="submitted", typed="Bệnh  viện ")
@example(server_state="received", typed="Bệnh  viện ")
@example(server_state="supplement_requested", typed="Bệnh  viện ")
def test_any_typed_value_settles(
    server: LiveServer,
    ward: str,
    tmp_path_factory: pytest.TempPathFactory,
    server_state: str,
    typed: str,
) -> None:
    """A value the volunteer types in the dialog settles like the two offered ones."""
    tmp = tmp_path_factory.mktemp("typed")
    user = server.create_user(role="volunteer", ward=ward)
    official = server.create_user(role="officer", ward=ward)
    laptop = Laptop.open(tmp / "laptop", server, user)
    try:
        with server.client(server.login(official)) as http:
            officer = Officer(http)
            dossier_id = make_conflict(laptop, officer, tmp, server_state)
            conflicts.resolve(
                laptop.store,
                dossier_id,
                {FIELD: ("value", typed)},
                actor="tnv",
                catalog=Catalog.bundled(),
            )
            assert stranded(laptop) == []
            laptop.sync()
            assert stranded(laptop) == []
            server_side = officer.get(dossier_id)
            local = laptop.dossiers.get(dossier_id)
            assert local.status.value == server_side["status"]
            assert local.data == server_side["data"]
    finally:
        laptop.close()
