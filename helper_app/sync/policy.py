"""How gently the sync engine treats a congested server (DESIGN.md invariant 6).

Three small pieces of state, each owned by one scheduler instance (never module-level, so two
servers or two tests never share a throttle):

* :class:`Backoff`: exponential backoff with full jitter (a uniformly random wait between zero
  and ``min(cap, base * 2**failures)``), so a thousand laptops coming back online at once do not
  retry in lock-step; a server's ``Retry-After`` is a floor, never shortened.
* :class:`CircuitBreaker`: after ``threshold`` consecutive failures it opens and the scheduler
  stops sending; once the backoff delay has passed it lets one probe through (half-open), and a
  success closes it again.
* :class:`AdaptiveBatch`: the number of mutations per push grows on success and halves on a
  timeout, so a slow link still makes progress with small requests.
* :class:`BusyRetry`: how long one request may wait, inside a pass, for a server that answered
  429/503 and said when to come back (``Retry-After``). Such an answer came before any work, so
  sending the same request again after the wait is safe; failing the whole pass instead threw
  away the pass's momentum and, counted as a failure, grew the backoff for nothing.

We wrote these rather than using a retry library because the state must outlive one call (it
spans passes of the scheduler) and be inspectable for the status bar; retry decorators such as
tenacity's keep it inside one wrapped call.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass
class Backoff:
    """Exponential backoff with full jitter.

    Attributes:
        base: seconds of the first window.
        cap: the longest window, seconds.
        failures: consecutive failures so far (reset by :meth:`succeeded`).
    """

    base: float = 1.0
    cap: float = 300.0
    failures: int = 0
    rng: Callable[[], float] = field(default=random.random, repr=False)

    def window(self) -> float:
        """The upper bound of the next wait."""
        return float(min(self.cap, self.base * (2 ** min(self.failures, 62))))

    def failed(self, retry_after: float | None = None) -> float:
        """Record a failure and return how long to wait before the next attempt."""
        delay = self.rng() * self.window()
        self.failures += 1
        if retry_after is not None:
            delay = max(delay, retry_after)
        return delay

    def succeeded(self) -> None:
        """Forget past failures."""
        self.failures = 0


class CircuitState(StrEnum):
    """Closed: requests flow. Open: none are sent. Half-open: one probe is allowed."""

    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass
class CircuitBreaker:
    """Stops hammering a server that keeps failing; probes it with backoff.

    Args:
        threshold: consecutive failures that open the circuit.
        backoff: decides how long the circuit stays open before a probe.
        clock: monotonic seconds (injected for tests).
    """

    clock: Callable[[], float]
    threshold: int = 5
    backoff: Backoff = field(default_factory=Backoff)
    state: CircuitState = CircuitState.CLOSED
    consecutive_failures: int = 0
    open_until: float = 0.0

    def allow(self) -> bool:
        """True when a request may be sent now (moves open -> half-open when it is time)."""
        if self.state is CircuitState.OPEN and self.clock() >= self.open_until:
            self.state = CircuitState.HALF_OPEN
        return self.state is not CircuitState.OPEN

    def wait_time(self) -> float:
        """Seconds until the next request may be sent (0 when allowed now)."""
        if self.state is not CircuitState.OPEN:
            return 0.0
        return max(0.0, self.open_until - self.clock())

    def record_success(self) -> None:
        """A request succeeded: close the circuit."""
        self.state = CircuitState.CLOSED
        self.consecutive_failures = 0
        self.backoff.succeeded()

    def reset(self) -> None:
        """Forget the failures: closed, no wait, the backoff from its start (the volunteer
        asked for a pass: their click is the probe)."""
        self.record_success()
        self.open_until = 0.0

    def record_failure(self, retry_after: float | None = None) -> float:
        """A request failed: maybe open the circuit. Returns the wait before the next try."""
        self.consecutive_failures += 1
        delay = self.backoff.failed(retry_after)
        if self.state is CircuitState.HALF_OPEN or self.consecutive_failures >= self.threshold:
            self.state = CircuitState.OPEN
            self.open_until = self.clock() + delay
        return delay


@dataclass
class AdaptiveBatch:
    """Mutations per push: doubles after a success, halves after a timeout."""

    size: int = 10
    minimum: int = 1
    maximum: int = 200

    def __post_init__(self) -> None:
        if not 1 <= self.minimum <= self.maximum:
            raise ValueError("batch bounds must satisfy 1 <= minimum <= maximum")
        self.size = min(self.maximum, max(self.minimum, self.size))

    def succeeded(self) -> None:
        """The last batch went through: try a larger one."""
        self.size = min(self.maximum, self.size * 2)

    def timed_out(self) -> None:
        """The last batch timed out: send less at once."""
        self.size = max(self.minimum, self.size // 2)


@dataclass(frozen=True)
class BusyRetry:
    """When a busy answer (429/503) is waited out inside the pass instead of failing it.

    Only an answer that says when to come back is retried, only a few times, and only while
    the waits stay short: a server that asks for longer (or keeps saying busy) fails the pass,
    and the scheduler's backoff, with the ``Retry-After`` as its floor, takes over as before.

    Attributes:
        retries: how many times one request is sent again after busy answers.
        max_retry_after: the longest ``Retry-After`` waited out in the pass, seconds.
        max_total_wait: the most one request waits in all, seconds.
        jitter: a share of the wait added at random (never less than the server asked), so
            laptops told "retry in 5 s" at the same moment do not come back in lock-step.
    """

    retries: int = 3
    max_retry_after: float = 30.0
    max_total_wait: float = 60.0
    jitter: float = 0.1
    rng: Callable[[], float] = field(default=random.random, repr=False, compare=False)

    def wait_for(self, retry_after: float | None, *, retried: int, waited: float) -> float | None:
        """Seconds to wait before sending the request again, or None: let the answer fail.

        Args:
            retry_after: the server's ``Retry-After`` in seconds (None when it gave none).
            retried: how many times this request was already sent again.
            waited: seconds this request already waited for busy answers.
        """
        if retry_after is None or retried >= self.retries or retry_after > self.max_retry_after:
            return None
        wait = retry_after * (1.0 + self.jitter * self.rng())
        if waited + wait > self.max_total_wait:
            return None
        return wait
