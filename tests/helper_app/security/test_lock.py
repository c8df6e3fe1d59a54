"""The app lock: idle timeout, PIN stored hashed, bounded attempts with growing lockouts."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helper_app.security.lock import LockedOut, Locker, LockPolicy, LockState, hash_pin, pin_matches
from tests.helpers.store import START


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now


def _locker(clock: Clock, state: LockState | None = None) -> Locker:
    stored = hash_pin("246810")
    policy = LockPolicy(
        idle=dt.timedelta(minutes=5), max_attempts=3, lockout=dt.timedelta(minutes=1)
    )
    return Locker(policy, lambda pin: pin_matches(stored, pin), state=state, clock=clock)


def test_pin_is_stored_hashed_only() -> None:
    stored = hash_pin("246810")
    assert "246810" not in stored and stored.startswith("$argon2id$")
    assert pin_matches(stored, "246810") and not pin_matches(stored, "246811")
    for bad in ("12345", "abcdef", ""):
        with pytest.raises(ValueError):
            hash_pin(bad)


def test_locks_after_idle_time_and_activity_resets_it() -> None:
    clock = Clock()
    locker = _locker(clock)
    clock.now += dt.timedelta(minutes=4)
    locker.touch()
    clock.now += dt.timedelta(minutes=4)
    assert not locker.tick()
    clock.now += dt.timedelta(minutes=1)
    assert locker.tick()
    assert locker.unlock("246810") and not locker.locked


def test_bounded_attempts_then_lockout_that_grows_and_survives_restart() -> None:
    clock = Clock()
    locker = _locker(clock)
    locker.lock()
    assert not locker.unlock("000000") and not locker.unlock("111111")
    assert locker.attempts_left == 1
    with pytest.raises(LockedOut):
        locker.unlock("222222")
    with pytest.raises(LockedOut):
        locker.unlock("246810")  # even the right PIN waits
    restarted = _locker(clock, state=locker.state)
    clock.now += dt.timedelta(minutes=1)
    for wrong in ("0", "1"):
        assert not restarted.unlock(wrong)
    with pytest.raises(LockedOut) as caught:
        restarted.unlock("2")
    assert caught.value.until - clock.now == dt.timedelta(minutes=2)
    clock.now += dt.timedelta(minutes=2)
    assert restarted.unlock("246810")


@settings(max_examples=60, deadline=None)
@given(wrongs=st.integers(min_value=1, max_value=9))
def test_charged_is_the_state_a_wrong_try_leaves(wrongs: int) -> None:
    """Saved before the check (so quitting mid-check counts the try): it must match exactly."""
    clock = Clock()
    locker = _locker(clock)
    locker.lock()
    for _ in range(wrongs):
        predicted = locker.charged()
        try:
            locker.unlock("000000")
        except LockedOut:
            clock.now = locker.state.locked_until or clock.now
        assert locker.state == predicted
