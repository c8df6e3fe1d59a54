"""The app lock, without Qt: idle timeout, PIN or passphrase, a bounded number of attempts.

:class:`Locker` is the state machine the UI drives: ``touch()`` on user activity, ``tick()``
from a timer (it locks once the idle time has passed), ``unlock(secret)`` from the lock screen.
A PIN is kept only as an Argon2id hash (:func:`hash_pin`), never in clear. After
``max_attempts`` wrong tries in a row the lock refuses every try for ``lockout`` (doubling at
each further lockout), so a found laptop cannot be brute-forced through the lock screen; the
counter is kept by the caller (:class:`LockState`) so a restart does not reset it. The data key
itself stays protected by the vault; this lock only hides the open session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from helper_app.store.models import utc_now
from helper_app.text import BilingualError

DEFAULT_IDLE = dt.timedelta(minutes=5)
DEFAULT_MAX_ATTEMPTS = 5
DEFAULT_LOCKOUT = dt.timedelta(minutes=1)
MIN_PIN = 6


class LockedOut(BilingualError):
    """Too many wrong attempts: wait until ``until`` (UTC)."""

    def __init__(self, until: dt.datetime) -> None:
        local = until.astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%H:%M:%S")
        super().__init__(
            f"Nhập sai quá nhiều lần. Hãy thử lại sau {local}.",
            f"Too many wrong attempts. Try again after {local}.",
        )
        self.until = until


def _hasher() -> PasswordHasher:
    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def is_valid_pin(pin: str) -> bool:
    """True for a PIN the lock accepts: at least :data:`MIN_PIN` digits, nothing else."""
    return pin.isdigit() and len(pin) >= MIN_PIN


def hash_pin(pin: str) -> str:
    """The Argon2id hash to store for a PIN of at least :data:`MIN_PIN` digits.

    Raises:
        ValueError: the PIN is too short or not digits only.
    """
    if not is_valid_pin(pin):
        raise ValueError(f"a PIN is at least {MIN_PIN} digits")
    return _hasher().hash(pin)


def pin_matches(stored_hash: str, pin: str) -> bool:
    """True when ``pin`` is the one ``stored_hash`` was made from."""
    try:
        return _hasher().verify(stored_hash, pin)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class LockPolicy:
    """How the lock behaves (settings)."""

    idle: dt.timedelta = DEFAULT_IDLE
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    lockout: dt.timedelta = DEFAULT_LOCKOUT


@dataclass
class LockState:
    """What must survive a restart: failures in a row, lockouts so far, locked until when."""

    failures: int = 0
    lockouts: int = 0
    locked_until: dt.datetime | None = None


class Locker:
    """Locks after idle time; unlocks with the right secret, within bounded attempts.

    Args:
        policy: idle time, attempts, lockout.
        verify: checks a typed secret (a PIN against its hash, or the vault passphrase).
        state: persisted counters (a fresh one by default).
        clock: aware UTC now.
    """

    def __init__(
        self,
        policy: LockPolicy,
        verify: Callable[[str], bool],
        *,
        state: LockState | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        self.policy = policy
        self.state = state or LockState()
        self._verify = verify
        self._clock = clock
        self._last_activity = clock()
        self.locked = False

    def touch(self) -> None:
        """The user did something: the idle time starts again."""
        if not self.locked:
            self._last_activity = self._clock()

    def tick(self) -> bool:
        """Lock if idle for too long; returns whether the app is locked."""
        if not self.locked and self._clock() - self._last_activity >= self.policy.idle:
            self.locked = True
        return self.locked

    def lock(self) -> None:
        """Lock now (the volunteer walks away)."""
        self.locked = True

    def unlock(self, secret: str) -> bool:
        """Try a secret. True unlocks; False counts a failure.

        Raises:
            LockedOut: attempts are exhausted; nothing is checked until the time given.
        """
        now = self._clock()
        until = self.state.locked_until
        if until is not None and now < until:
            raise LockedOut(until)
        if self._verify(secret):
            self.state.failures = 0
            self.state.locked_until = None
            self.locked = False
            self._last_activity = now
            return True
        before = self.state.lockouts
        self.state = self.charged(now)
        if self.state.lockouts > before and self.state.locked_until is not None:
            raise LockedOut(self.state.locked_until)
        return False

    def charged(self, now: dt.datetime | None = None) -> LockState:
        """The state one more wrong try at ``now`` would leave (``self.state`` is unchanged).

        The caller saves it *before* the secret is checked, so quitting the app while the
        check runs cannot make a try uncounted; a right secret then resets the counters.
        """
        now = now or self._clock()
        failures = self.state.failures + 1
        if failures < self.policy.max_attempts:
            return LockState(failures, self.state.lockouts, self.state.locked_until)
        lockouts = self.state.lockouts + 1
        return LockState(0, lockouts, now + self.policy.lockout * 2 ** (lockouts - 1))

    @property
    def attempts_left(self) -> int:
        """Tries before the next lockout."""
        return self.policy.max_attempts - self.state.failures
