"""Sliding-window counters for login attempts, per account and per client address.

The state lives on the :class:`SlidingWindowLimiter` instance the composition root builds (no
module-level dicts), so each app and each test has its own. It is per process: behind a load
balancer with N processes the effective limit is at most N times the configured one, which still
stops password guessing (argon2 makes each guess slow, too).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable


class SlidingWindowLimiter:
    """At most ``limit`` events per key within ``window`` seconds.

    Args:
        limit: events allowed in the window.
        window: window length in seconds.
        clock: monotonic clock (tests may pass a fake one).
        max_keys: above this many tracked keys, the oldest idle ones are dropped.
    """

    def __init__(
        self,
        *,
        limit: int,
        window: float,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        self._limit = limit
        self._window = window
        self._clock = clock
        self._max_keys = max_keys
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> float:
        """Record one event for ``key``; return 0 if allowed, else seconds until it would be."""
        now = self._clock()
        with self._lock:
            events = self._events.setdefault(key, deque())
            while events and events[0] <= now - self._window:
                events.popleft()
            if len(events) >= self._limit:
                return max(events[0] + self._window - now, 0.001)
            events.append(now)
            if len(self._events) > self._max_keys:
                self._prune(now)
            return 0.0

    def _prune(self, now: float) -> None:
        stale = [k for k, ev in self._events.items() if not ev or ev[-1] <= now - self._window]
        for key in stale:
            del self._events[key]


def retry_after_header(seconds: float) -> str:
    """``Retry-After`` value: whole seconds, at least 1."""
    return str(max(1, math.ceil(seconds)))
