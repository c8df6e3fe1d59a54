"""The outbox has one owner (issue 13 item 2): only helper_app.sync.outbox writes an entry's
state, and no sequence of its operations reaches a state its transition table forbids.

The property test drives the real operations on a real SQLite store (hypothesis stateful):
enqueue, send (mark in flight), every kind of answer, drop, supersede, quarantine and forbidden
moves; after every step each entry's state change must be one the table allows, a refused move
leaves the entry as it was, and the counts the status bar reads agree with the rows.
"""

from __future__ import annotations

import ast
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlmodel import col, select

from helper_app.store.db import Store
from helper_app.store.models import Dossier, OutboxEntry
from helper_app.sync import outbox
from helper_app.sync.outbox import OutboxState, OutboxTransitionError
from helper_app.sync.outbox_states import TRANSITIONS
from helper_app.sync.protocol import MutationKind

ROOT = Path(__file__).resolve().parents[3]
OWNERS = {
    ROOT / "helper_app" / "sync" / "outbox.py",
    ROOT / "helper_app" / "sync" / "outbox_states.py",
}
STATE_WORDS = {s.value for s in OutboxState} | {s.name for s in OutboxState}


def _writes_outbox_state(tree: ast.AST) -> list[int]:
    """Lines assigning an outbox state to a ``.state`` attribute or passing ``state=`` to an
    ``OutboxEntry(...)``."""

    def names_a_state(value: ast.expr) -> bool:
        if isinstance(value, ast.Constant):
            return value.value in STATE_WORDS
        if isinstance(value, ast.Attribute):
            return value.attr in STATE_WORDS
        if isinstance(value, ast.Name):
            return value.id in STATE_WORDS
        return False

    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = node.value
            if value is not None and names_a_state(value):
                if any(isinstance(t, ast.Attribute) and t.attr == "state" for t in targets):
                    lines.append(node.lineno)
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if called == "OutboxEntry" and any(k.arg == "state" for k in node.keywords):
                lines.append(node.lineno)
    return lines


def test_nothing_but_the_outbox_writes_an_entry_state() -> None:
    offenders = []
    for path in sorted((ROOT / "helper_app").rglob("*.py")):
        if path in OWNERS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        offenders += [f"{path.relative_to(ROOT)}:{line}" for line in _writes_outbox_state(tree)]
    assert offenders == [], f"outbox states written outside helper_app.sync.outbox: {offenders}"


@pytest.mark.parametrize(
    "source",
    [
        'entry.state = "in_flight"\n',
        "row.state = OutboxState.DONE\n",
        "entry.state = QUARANTINED\n",
        'OutboxEntry(dossier_id="d", state="pending")\n',
    ],
)
def test_the_detector_sees_a_write(source: str) -> None:
    assert _writes_outbox_state(ast.parse(source)) == [1]


def test_other_states_are_not_mistaken_for_the_outbox() -> None:
    assert _writes_outbox_state(ast.parse('info.state = "rotating"\nself.state = state\n')) == []


class OutboxMachine(RuleBasedStateMachine):
    """Random sequences of the outbox's own operations on a real store."""

    def __init__(self) -> None:
        super().__init__()
        self._dir = tempfile.TemporaryDirectory()
        self.store = Store.open(Path(self._dir.name) / "store.sqlite3")
        self.seen: dict[int, OutboxState] = {}
        self.dossiers: list[str] = []

    def teardown(self) -> None:
        self.store.close()
        self._dir.cleanup()

    def _entries(self) -> list[OutboxEntry]:
        with self.store.read() as session:
            return list(session.exec(select(OutboxEntry).order_by(col(OutboxEntry.seq))).all())

    def _in(self, *states: OutboxState) -> list[int]:
        return [e.seq for e in self._entries() if e.seq is not None and e.state in states]

    @rule(kind=st.sampled_from([MutationKind.SUBMIT, MutationKind.WITHDRAW]), new=st.booleans())
    def enqueue(self, kind: MutationKind, new: bool) -> None:
        with self.store.write() as session:
            if new or not self.dossiers:
                dossier = Dossier(
                    procedure="p", form_version=1, status="queued", data={}, created_by="t"
                )
                session.add(dossier)
                session.flush()
                self.dossiers.append(dossier.id)
            else:
                got = session.get(Dossier, self.dossiers[-1])
                assert got is not None
                dossier = got
            outbox.enqueue(session, dossier, kind)

    @precondition(lambda self: bool(self._in(*outbox.ACTIVE_STATES)))
    @rule(data=st.data())
    def send(self, data: st.DataObject) -> None:
        active = self._in(*outbox.ACTIVE_STATES)
        chosen = data.draw(st.lists(st.sampled_from(active), min_size=1, unique=True))
        with self.store.write() as session:
            outbox.mark_in_flight(session, chosen)

    @precondition(lambda self: bool(self._in(OutboxState.IN_FLIGHT)))
    @rule(data=st.data(), answer=st.sampled_from(["done", "pending", "quarantine", "supersede"]))
    def answer(self, data: st.DataObject, answer: str) -> None:
        seq = data.draw(st.sampled_from(self._in(OutboxState.IN_FLIGHT)))
        with self.store.write() as session:
            entry = session.get(OutboxEntry, seq)
            assert entry is not None
            if answer == "done":
                outbox.move(entry, OutboxState.DONE)
                session.add(entry)
            elif answer == "pending":
                outbox.move(entry, OutboxState.PENDING)
                session.add(entry)
            elif answer == "quarantine":
                outbox.quarantine(session, entry, [{"path": "", "code": "x"}])
            else:
                outbox.supersede(session, entry)

    @precondition(lambda self: bool(self.dossiers))
    @rule(data=st.data(), how=st.sampled_from(["drop", "active", "quarantined"]))
    def replace(self, data: st.DataObject, how: str) -> None:
        dossier_id = data.draw(st.sampled_from(self.dossiers))
        with self.store.write() as session:
            if how == "drop":
                before = outbox.active_entries(session, dossier_id)
                try:
                    dropped = outbox.drop_pending(session, dossier_id)
                except outbox.EntryInFlightError:
                    assert any(e.state == OutboxState.IN_FLIGHT for e in before)
                    return
                assert sorted(dropped) == sorted(e.op_id for e in before)
                for entry in before:
                    assert entry.seq is not None
                    self.seen.pop(entry.seq, None)
            elif how == "active":
                outbox.supersede_active(session, dossier_id)
            else:
                outbox.supersede_quarantined(session, dossier_id)

    @precondition(lambda self: bool(self._entries()))
    @rule(data=st.data(), to=st.sampled_from(list(OutboxState)))
    def any_move(self, data: st.DataObject, to: OutboxState) -> None:
        seq = data.draw(st.sampled_from([e.seq for e in self._entries()]))
        with self.store.write() as session:
            entry = session.get(OutboxEntry, seq)
            assert entry is not None
            before = OutboxState(entry.state)
            if to in TRANSITIONS[before]:
                outbox.move(entry, to)
                session.add(entry)
                return
            with pytest.raises(OutboxTransitionError):
                outbox.move(entry, to)
            assert entry.state == before, "a refused move leaves the entry as it was"

    @invariant()
    def every_change_is_allowed(self) -> None:
        for entry in self._entries():
            assert entry.seq is not None
            now = OutboxState(entry.state)
            before = self.seen.get(entry.seq, OutboxState.PENDING)
            assert now == before or now in TRANSITIONS[before], f"{before} -> {now}"
            self.seen[entry.seq] = now

    @invariant()
    def counts_agree_with_the_rows(self) -> None:
        entries = self._entries()
        with self.store.read() as session:
            counts = outbox.counts(session)
            waiting = outbox.waiting(session)
        for state in OutboxState:
            assert counts[state] == sum(e.state == state for e in entries)
        assert waiting == counts[OutboxState.PENDING] + counts[OutboxState.IN_FLIGHT]


OutboxMachine.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_outbox_operations_respect_the_transition_table = OutboxMachine.TestCase
