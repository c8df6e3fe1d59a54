"""The scheduler's decisions with a fake clock, and its thread with a real one."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helper_app.sync import errors
from helper_app.sync.engine import PassResult
from helper_app.sync.policy import Backoff, CircuitBreaker, CircuitState
from helper_app.sync.scheduler import SchedulerEvent, SyncScheduler


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Passes:
    """Plays a script of outcomes: None = success, an exception = that failure."""

    def __init__(self, script: list[Exception | None]) -> None:
        self.script = list(script)
        self.calls = 0

    def __call__(self) -> PassResult:
        self.calls += 1
        outcome = self.script.pop(0) if self.script else None
        if outcome is not None:
            raise outcome
        return PassResult()


def _after(exc: errors.SyncError, **done: int) -> errors.SyncError:
    """``exc`` as the engine raises it when the pass had done ``done`` (PassResult fields)."""
    partial = PassResult()
    for name, value in done.items():
        setattr(partial, name, value)
    exc.partial = partial
    return exc


def _scheduler(passes: Passes, clock: Clock, threshold: int = 3) -> SyncScheduler:
    breaker = CircuitBreaker(
        clock=clock, threshold=threshold, backoff=Backoff(base=2, cap=60, rng=lambda: 1.0)
    )
    return SyncScheduler(passes, clock=clock, interval=300, breaker=breaker)


def _state(breaker: CircuitBreaker) -> CircuitState:
    """The state now (a call, so a type checker does not keep what an earlier assert said)."""
    return breaker.state


def test_runs_at_once_then_on_timer() -> None:
    clock, passes = Clock(), Passes([])
    s = _scheduler(passes, clock)
    assert s.step() is not None and passes.calls == 1
    assert s.step() is None  # not due
    clock.now += 299
    assert s.step() is None
    clock.now += 1
    assert s.step() is not None and passes.calls == 2


def test_queued_change_wakes_it_early() -> None:
    clock, passes = Clock(), Passes([])
    s = _scheduler(passes, clock)
    s.step()
    clock.now += 5
    s.notify_change()
    assert s.step() is not None and passes.calls == 2


def test_change_queued_during_a_pass_gets_its_own_pass() -> None:
    clock = Clock()
    scheduler: SyncScheduler

    def run_pass() -> PassResult:
        # The volunteer finalizes while this pass runs (after it read the outbox).
        scheduler.notify_change()
        return PassResult()

    scheduler = SyncScheduler(run_pass, clock=clock, interval=300)
    first = scheduler.step()
    assert first is not None and first.next_in == 0.0
    assert scheduler.seconds_until_due() == 0.0
    calls: list[int] = []

    def counted() -> PassResult:
        calls.append(1)
        return PassResult()

    scheduler._run_pass = counted
    assert scheduler.step() is not None and calls == [1]
    assert scheduler.seconds_until_due() == 300  # quiet again: back to the timer


def test_backoff_retry_after_and_circuit() -> None:
    clock = Clock()
    busy = errors.RateLimitedError("busy", status=503, retry_after=30)
    passes = Passes([errors.OfflineError("x"), busy, errors.OfflineError("y"), None])
    s = _scheduler(passes, clock, threshold=3)
    first = s.step()
    assert first is not None and first.kind == "failed" and first.next_in == 2
    clock.now += 2
    second = s.step()
    assert second is not None and second.next_in == 30  # Retry-After beats the 4 s window
    clock.now += 30
    third = s.step()
    assert third is not None and s.breaker.state is CircuitState.OPEN
    # While open, a queued change does not make it hammer the server.
    s.notify_change()
    assert s.step() is None and passes.calls == 3
    # The network comes back: one probe goes through and closes the circuit.
    s.notify_online()
    probe = s.step()
    assert probe is not None and probe.kind == "finished"
    assert _state(s.breaker) is CircuitState.CLOSED


def test_expired_token_stops_passes_until_sign_in() -> None:
    clock, passes = Clock(), Passes([errors.UnauthorizedError("expired")])
    s = _scheduler(passes, clock)
    event = s.step()
    assert event is not None and event.kind == "signed_out"
    clock.now += 10_000
    s.notify_change()
    assert s.step() is None and s.seconds_until_due() is None
    s.notify_signed_in()
    assert s.step() is not None and passes.calls == 2


def test_a_failed_pass_that_moved_work_starts_the_backoff_over() -> None:
    clock = Clock()
    passes = Passes(
        [
            errors.OfflineError("down"),
            errors.OfflineError("down"),
            _after(errors.OfflineError("reset"), uploaded_bytes=262_144),
            _after(errors.OfflineError("reset"), pushed=10),
            _after(errors.ServerError("boom", status=500), pulled=3),
            errors.OfflineError("down"),
        ]
    )
    s = _scheduler(passes, clock, threshold=3)
    delays = []
    for _ in range(6):
        event = s.step()
        assert event is not None and event.kind == "failed" and event.next_in is not None
        delays.append(event.next_in)
        clock.now += event.next_in
    # Two failures without progress grow the wait; a connection cut after progress goes on at
    # once; a server error after progress restarts from the first window (2 s); then it grows.
    assert delays == [2, 4, 0, 0, 2, 4]
    assert s.breaker.state is CircuitState.CLOSED


def test_progress_does_not_shorten_a_retry_after() -> None:
    clock = Clock()
    busy = _after(errors.RateLimitedError("busy", status=503, retry_after=40), uploaded_blobs=1)
    s = _scheduler(Passes([busy]), clock)
    event = s.step()
    assert event is not None and event.progressed and event.next_in == 40


def test_failures_without_progress_still_open_the_circuit() -> None:
    clock = Clock()
    nothing = [_after(errors.OfflineError("down")) for _ in range(3)]
    s = _scheduler(Passes(list(nothing)), clock, threshold=3)
    delays = []
    for _ in range(3):
        event = s.step()
        assert event is not None and not event.progressed and event.next_in is not None
        delays.append(event.next_in)
        clock.now += event.next_in
    assert delays == [2, 4, 8]
    assert s.breaker.state is CircuitState.OPEN


def test_an_unexpected_error_ends_the_pass_with_one_failed_event(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    # What an upload thread met while the UI imported a CSV; the message may quote data.
    locked = sqlite3.OperationalError("database is locked: 'Nguyễn Văn An' 001099012345")
    events: list[SchedulerEvent] = []
    breaker = CircuitBreaker(clock=clock, threshold=3, backoff=Backoff(base=2, rng=lambda: 1.0))
    s = SyncScheduler(Passes([locked]), clock=clock, breaker=breaker, on_event=events.append)
    with caplog.at_level(logging.INFO, logger="helper_app.sync.scheduler"):
        event = s.step()
    assert [e.kind for e in events] == ["started", "failed"]
    assert event is events[-1] and event.error is locked and event.next_in == 2
    assert s.seconds_until_due() == 2  # backed off like any failure, not at once
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "OperationalError" in logged and "test_scheduler.py" in logged
    assert "Nguyễn" not in logged and "001099012345" not in logged and "locked" not in logged
    assert all(r.exc_info is None for r in caplog.records)  # no traceback with the message


def test_thread_reports_an_unexpected_error_and_keeps_running() -> None:
    events: list[SchedulerEvent] = []
    closed = threading.Event()
    calls: list[int] = []

    def run_pass() -> PassResult:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("a bug")
        return PassResult()

    def on_event(event: SchedulerEvent) -> None:
        events.append(event)
        if event.kind == "finished":
            closed.set()

    breaker = CircuitBreaker(clock=time.monotonic, backoff=Backoff(base=0.01, rng=lambda: 1.0))
    s = SyncScheduler(run_pass, interval=3600, breaker=breaker, on_event=on_event)
    s.start()
    try:
        assert closed.wait(5)
    finally:
        s.stop()
    assert [e.kind for e in events] == ["started", "failed", "started", "finished"]


@given(
    st.lists(
        st.sampled_from(["ok", "offline", "busy", "cut", "crash", "tick", "change"]), max_size=60
    )
)
def test_never_runs_before_due_and_never_while_open(actions: list[str]) -> None:
    clock = Clock()
    script: list[Exception | None] = []
    passes = Passes(script)
    s = _scheduler(passes, clock)
    for action in actions:
        if action == "ok":
            script.append(None)
        elif action == "offline":
            script.append(errors.OfflineError("x"))
        elif action == "busy":
            script.append(errors.RateLimitedError("b", status=503, retry_after=7))
        elif action == "cut":
            script.append(_after(errors.OfflineError("reset"), uploaded_bytes=1))
        elif action == "crash":
            script.append(RuntimeError("bug"))
        elif action == "tick":
            clock.now += 3
        else:
            s.notify_change()
        due_before = s.seconds_until_due()
        was_open = s.breaker.state is CircuitState.OPEN and s.breaker.wait_time() > 0
        calls = passes.calls
        s.step()
        if was_open or (due_before is not None and due_before > 0):
            assert passes.calls == calls


def test_thread_runs_a_pass_when_a_change_is_queued() -> None:
    ran = threading.Event()
    events: list[SchedulerEvent] = []

    def run_pass() -> PassResult:
        ran.set()
        return PassResult()

    s = SyncScheduler(run_pass, interval=3600, on_event=events.append)
    s.start()
    try:
        assert ran.wait(5)  # first pass at start
        ran.clear()
        s.notify_change()
        assert ran.wait(5)
    finally:
        s.stop()
    assert [e.kind for e in events][:2] == ["started", "finished"]
    time.sleep(0.05)


def test_a_pass_the_volunteer_asks_for_runs_now_and_starts_the_backoff_over() -> None:
    """ "Đồng bộ ngay" did nothing while an open circuit waited (up to 10 minutes)."""
    clock, passes = Clock(), Passes([errors.OfflineError("no link")] * 3)
    s = _scheduler(passes, clock, threshold=3)
    for _ in range(3):
        assert s.step() is not None
        clock.now += 1000
    assert _state(s.breaker) is CircuitState.OPEN
    clock.now = s.breaker.open_until - 100  # 100 s of backoff left
    assert s.step() is None
    s.notify_requested()
    assert s.seconds_until_due() == 0.0 and _state(s.breaker) is CircuitState.CLOSED
    assert s.step() is not None and passes.calls == 4
    assert s.breaker.consecutive_failures == 0  # the probe succeeded; counted from zero
