"""When to run a sync pass: on a queued change, when the link returns, and on a timer.

The decision logic is :meth:`SyncScheduler.step` (one pass or none, and how long to wait next),
pure enough to test with a fake clock; :meth:`SyncScheduler.start` runs it in a background
thread that sleeps on a condition variable, so a queued change wakes it at once. It is gentle on a
congested server (DESIGN.md invariant 6): full-jitter backoff after failures, ``Retry-After``
honoured, a circuit breaker that stops sending after repeated failures and probes with backoff.
An expired token stops the passes (not the work) until the volunteer signs in again.

A failed pass that still moved work (the engine attaches what it did to the error) is not an
outage but a lossy link: the backoff starts over instead of growing, and after a cut
connection the next pass starts at once, as a volunteer re-running ``helper-app sync`` would.
That sends no more than the pass would have sent had it not been cut; a pass that moved nothing
counts as a failure exactly as before, so a real outage still opens the circuit.

Every pass ends with exactly one closing event (finished, failed or signed_out), whatever went
wrong: an error that is not a :class:`~errors.SyncError` (a bug, a locked database) is logged by
type and place, never by message (it may quote a resident's data), and reported as failed.

Progress and outcomes go to a plain callback (``on_event``); the UI turns them into Qt signals.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from helper_app.sync import errors
from helper_app.sync.engine import PassResult
from helper_app.sync.policy import Backoff, CircuitBreaker

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 300.0
"""Seconds between passes when nothing happens (new statuses from officials still arrive)."""


@dataclass(frozen=True)
class SchedulerEvent:
    """What the scheduler did: ``kind`` is started, finished, failed or signed_out.

    ``result`` is set for finished, ``error`` for failed and signed_out (a
    :class:`~errors.SyncError`, or for failed any other exception: a bug, a locked database),
    ``next_in`` is how many seconds until the next attempt (None when waiting for a sign-in),
    ``progressed`` says a failed pass had moved work before it failed.
    """

    kind: str
    result: PassResult | None = None
    error: Exception | None = None
    next_in: float | None = None
    progressed: bool = False


class SyncScheduler:
    """Decides when to run passes, and runs them in one background thread.

    Args:
        run_pass: runs one pass (raises :class:`errors.SyncError` on failure, with what the pass
            did by then in its ``partial``).
        clock: monotonic seconds.
        interval: seconds between passes when all is well.
        breaker: failure handling; by default opens after 5 failures, backoff 2 s .. 10 min.
        on_event: receives every :class:`SchedulerEvent` (from the scheduler's thread).
    """

    def __init__(
        self,
        run_pass: Callable[[], PassResult],
        *,
        clock: Callable[[], float] = time.monotonic,
        interval: float = DEFAULT_INTERVAL,
        breaker: CircuitBreaker | None = None,
        on_event: Callable[[SchedulerEvent], None] | None = None,
    ) -> None:
        self._run_pass = run_pass
        self._clock = clock
        self.interval = interval
        self.breaker = breaker or CircuitBreaker(
            clock=clock, threshold=5, backoff=Backoff(base=2.0, cap=600.0)
        )
        self._on_event = on_event or (lambda _event: None)
        self._due = clock()
        self._signed_out = False
        self._changed_during_pass = False
        self._cond = threading.Condition()
        self._stopping = False
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ triggers

    def notify_change(self) -> None:
        """A change was queued: run a pass soon (unless the circuit is open).

        A change queued while a pass is running may have missed it (the pass read the outbox
        before the change was committed), so it asks for another pass right after.
        """
        with self._cond:
            self._changed_during_pass = True
            self._due = min(self._due, self._clock())
            self._cond.notify()

    def notify_online(self) -> None:
        """The network came back: probe now, whatever the backoff said."""
        with self._cond:
            self.breaker.open_until = min(self.breaker.open_until, self._clock())
            self._due = self._clock()
            self._cond.notify()

    def notify_requested(self) -> None:
        """The volunteer asked for a pass ("Đồng bộ ngay"): run it now, whatever the backoff
        or an open circuit said, and start the backoff over."""
        with self._cond:
            self.breaker.reset()
            self._changed_during_pass = True
            self._due = self._clock()
            self._cond.notify()

    def notify_signed_in(self) -> None:
        """The volunteer signed in again: resume passes."""
        with self._cond:
            self._signed_out = False
            self._due = self._clock()
            self._cond.notify()

    # ------------------------------------------------------------------ the decision

    def seconds_until_due(self) -> float | None:
        """Seconds until the next pass (None while waiting for a sign-in)."""
        if self._signed_out:
            return None
        wait = max(self._due - self._clock(), self.breaker.wait_time())
        return max(0.0, wait)

    def step(self) -> SchedulerEvent | None:
        """Run a pass if one is due; return what happened (None when nothing was due)."""
        wait = self.seconds_until_due()
        if wait is None or wait > 0 or not self.breaker.allow():
            return None
        with self._cond:
            self._changed_during_pass = False
        self._on_event(SchedulerEvent("started"))
        try:
            result = self._run_pass()
        except errors.UnauthorizedError as exc:
            self._signed_out = True
            event = SchedulerEvent("signed_out", error=exc)
        except errors.SyncError as exc:
            event = self._failed(exc)
        except Exception as exc:  # noqa: BLE001 - a bug must not leave the window "syncing"
            delay = self.breaker.record_failure()
            self._due = self._clock() + delay
            event = SchedulerEvent("failed", error=exc, next_in=delay)
            log.error(
                "sync pass crashed (%s at %s); next try in %.1f s",
                type(exc).__name__,
                _where(exc),
                delay,
            )
        else:
            self.breaker.record_success()
            with self._cond:
                again = self._changed_during_pass
                self._due = self._clock() + (0.0 if again else self.interval)
            event = SchedulerEvent(
                "finished", result=result, next_in=0.0 if again else self.interval
            )
        self._on_event(event)
        return event

    def _failed(self, exc: errors.SyncError) -> SchedulerEvent:
        """A pass failed talking to the server: decide the wait (see the module docstring)."""
        retry_after = exc.retry_after if isinstance(exc, errors.RateLimitedError) else None
        progressed = exc.partial is not None and exc.partial.made_progress
        if progressed:
            self.breaker.record_success()  # the server answered and work moved: start over
        if progressed and isinstance(exc, errors.OfflineError):
            delay = 0.0  # a connection cut mid-pass: carry on, as the pass itself would have
        else:
            delay = self.breaker.record_failure(retry_after)
        self._due = self._clock() + delay
        log.info(
            "sync pass failed (%s%s); next try in %.1f s",
            type(exc).__name__,
            " after progress" if progressed else "",
            delay,
        )
        return SchedulerEvent("failed", error=exc, next_in=delay, progressed=progressed)

    # ------------------------------------------------------------------ the thread

    def start(self) -> None:
        """Run passes in a daemon thread until :meth:`stop`."""
        if self._thread is not None:
            return
        self._stopping = False
        self._thread = threading.Thread(
            target=self._loop, name="helper-sync-scheduler", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop after the current pass (if any) and wait for the thread."""
        with self._cond:
            self._stopping = True
            self._cond.notify()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._stopping:
                    wait = self.seconds_until_due()
                    if wait is not None and wait <= 0:
                        break
                    self._cond.wait(timeout=None if wait is None else min(wait, 60.0))
                if self._stopping:
                    return
            try:
                self.step()
            except Exception as exc:  # noqa: BLE001 - e.g. on_event failed: keep the thread
                log.error("sync scheduler step failed (%s at %s)", type(exc).__name__, _where(exc))
                with self._cond:
                    self._due = self._clock() + self.breaker.record_failure()


def _where(exc: BaseException) -> str:
    """``file.py:line in function`` of the innermost frame: enough to find a bug, no data."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "?"
    last = frames[-1]
    return f"{os.path.basename(last.filename)}:{last.lineno} in {last.name}"
