"""Backoff, circuit breaker and batch sizing: properties that must hold for any sequence."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from helper_app.sync.policy import AdaptiveBatch, Backoff, CircuitBreaker, CircuitState

unit = st.floats(min_value=0.0, max_value=0.999999)


@given(
    base=st.floats(0.01, 10),
    cap=st.floats(1, 3600),
    draws=st.lists(unit, min_size=1, max_size=80),
    retry_after=st.one_of(st.none(), st.floats(0, 1000)),
)
def test_backoff_waits_within_window_and_honours_retry_after(
    base: float, cap: float, draws: list[float], retry_after: float | None
) -> None:
    it = iter(draws)
    backoff = Backoff(base=base, cap=cap, rng=lambda: next(it))
    for _ in draws:
        window_after = min(cap, base * 2**backoff.failures)
        delay = backoff.failed(retry_after)
        assert delay >= 0
        if retry_after is not None:
            assert delay >= retry_after
            assert delay <= max(window_after, retry_after)
        else:
            assert delay <= window_after


def _state(breaker: CircuitBreaker) -> CircuitState:
    """The state now (a call, so a type checker does not keep what an earlier assert said)."""
    return breaker.state


def test_backoff_window_grows_then_caps_and_resets() -> None:
    backoff = Backoff(base=1, cap=60, rng=lambda: 1.0)
    delays = [backoff.failed() for _ in range(10)]
    assert delays[:7] == [1, 2, 4, 8, 16, 32, 60]
    assert set(delays[7:]) == {60}
    backoff.succeeded()
    assert backoff.window() == 1


def test_full_jitter_spreads_clients() -> None:
    import random

    rng = random.Random(7)
    delays = {
        round(Backoff(base=1, cap=60, failures=5, rng=rng.random).failed(), 3) for _ in range(50)
    }
    assert len(delays) > 40


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_circuit_opens_after_threshold_and_probes_after_wait() -> None:
    clock = _Clock()
    breaker = CircuitBreaker(clock=clock, threshold=3, backoff=Backoff(base=10, rng=lambda: 0.5))
    for _ in range(2):
        breaker.record_failure()
        assert breaker.allow()
    delay = breaker.record_failure()
    assert breaker.state is CircuitState.OPEN
    assert not breaker.allow()
    assert breaker.wait_time() == delay
    clock.now += delay
    assert breaker.allow() and _state(breaker) is CircuitState.HALF_OPEN
    # A failed probe opens it again, for longer.
    second = breaker.record_failure()
    assert second > delay and not breaker.allow()
    clock.now += second
    assert breaker.allow()
    breaker.record_success()
    assert _state(breaker) is CircuitState.CLOSED and breaker.consecutive_failures == 0


@given(st.lists(st.booleans(), max_size=100))
def test_circuit_never_allows_while_open_before_deadline(outcomes: list[bool]) -> None:
    clock = _Clock()
    breaker = CircuitBreaker(clock=clock, threshold=2, backoff=Backoff(base=1, rng=lambda: 0.9))
    for ok in outcomes:
        if not breaker.allow():
            assert breaker.wait_time() > 0
            clock.now = breaker.open_until
            continue
        if ok:
            breaker.record_success()
        else:
            breaker.record_failure()


@given(st.lists(st.booleans(), max_size=200), st.integers(1, 20), st.integers(0, 300))
def test_batch_size_stays_in_bounds(events: list[bool], minimum: int, extra: int) -> None:
    batch = AdaptiveBatch(size=50, minimum=minimum, maximum=minimum + extra)
    for ok in events:
        before = batch.size
        if ok:
            batch.succeeded()
            assert batch.size >= before
        else:
            batch.timed_out()
            assert batch.size <= before
        assert batch.minimum <= batch.size <= batch.maximum


def test_batch_grows_and_shrinks() -> None:
    batch = AdaptiveBatch(size=10, maximum=64)
    batch.succeeded()
    batch.succeeded()
    assert batch.size == 40
    batch.timed_out()
    assert batch.size == 20
