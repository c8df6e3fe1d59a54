"""A TCP proxy that makes a loopback link behave like a bad rural one.

It sits between the sync client and a real server on 127.0.0.1 and adds what the volunteers'
links do to them: latency (half the round trip each way), a bandwidth limit shared by all
connections in each direction (like one 3G modem), and connection resets after a random number of
bytes. The faults are drawn from a seeded random generator so that a failing run can be replayed.

It runs an asyncio loop in a daemon thread; use it as a context manager::

    with FaultProxy(("127.0.0.1", server_port), rtt=0.2, bandwidth_bps=2_000_000) as proxy:
        client = ApiSession(proxy.url)
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from types import TracebackType


@dataclass
class ProxyStats:
    """What crossed the proxy, for the benchmarks' wire-efficiency figures."""

    connections: int = 0
    resets: int = 0
    bytes_up: int = 0
    bytes_down: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


class _TokenBucket:
    """A shared link of ``rate`` bytes per second in one direction (FIFO, no bursts)."""

    def __init__(self, rate: float | None) -> None:
        self.rate = rate
        self.free_at = 0.0
        self.lock = asyncio.Lock()

    async def send(self, n: int) -> None:
        if not self.rate:
            return
        async with self.lock:
            now = time.monotonic()
            start = max(now, self.free_at)
            self.free_at = start + n / self.rate
            delay = self.free_at - now
        if delay > 0:
            await asyncio.sleep(delay)


class FaultProxy:
    """Forward 127.0.0.1:<port> to ``target`` with latency, bandwidth and reset faults.

    Args:
        target: (host, port) of the real server.
        rtt: round-trip time to add, seconds (half each way).
        bandwidth_bps: link speed in bits per second, per direction, shared by all connections.
        reset_probability: the chance that a request is cut by a reset: each time the client
            starts sending after the server spoke (a new request on a keep-alive connection, or
            the first one), the connection is doomed with this probability.
        reset_after_max: a doomed connection dies after a uniform 0..reset_after_max further
            bytes (counted in both directions), so requests and answers are cut anywhere.
        seed: makes the fault pattern reproducible.
    """

    def __init__(
        self,
        target: tuple[str, int],
        *,
        rtt: float = 0.0,
        bandwidth_bps: float | None = None,
        reset_probability: float = 0.0,
        reset_after_max: int = 200_000,
        seed: int = 0,
    ) -> None:
        self.target = target
        self.rtt = rtt
        self.bandwidth_bps = bandwidth_bps
        self.reset_probability = reset_probability
        self.reset_after_max = reset_after_max
        self.rng = random.Random(seed)
        self.stats = ProxyStats()
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.base_events.Server | None = None
        self._ready = threading.Event()
        self._up: _TokenBucket | None = None
        self._down: _TokenBucket | None = None
        self._last_direction: dict[int, bool] = {}

    @property
    def url(self) -> str:
        """The address clients use instead of the server's."""
        return f"http://127.0.0.1:{self.port}"

    def set_faults(
        self, *, reset_probability: float | None = None, rtt: float | None = None
    ) -> None:
        """Change the faults while running (e.g. a link that gets worse)."""
        if reset_probability is not None:
            self.reset_probability = reset_probability
        if rtt is not None:
            self.rtt = rtt

    def __enter__(self) -> FaultProxy:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Start listening on a free loopback port."""
        self._thread = threading.Thread(target=self._run, name="fault-proxy", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("fault proxy did not start")

    def stop(self) -> None:
        """Stop listening and drop every connection."""
        if self._loop is None:
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        rate = self.bandwidth_bps / 8 if self.bandwidth_bps else None
        self._up = _TokenBucket(rate)
        self._down = _TokenBucket(rate)
        self._server = loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            self._server.close()
            for task in asyncio.all_tasks(loop):
                task.cancel()
            with contextlib.suppress(Exception):
                loop.run_until_complete(asyncio.sleep(0))
            loop.close()

    async def _handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            server_r, server_w = await asyncio.open_connection(*self.target)
        except OSError:
            _abort(client_w)
            return
        with self.stats.lock:
            self.stats.connections += 1
        budget: list[int | None] = [None]
        assert self._up is not None and self._down is not None
        dead = asyncio.Event()
        pumps = [
            asyncio.ensure_future(self._pump(client_r, server_w, self._up, budget, dead, True)),
            asyncio.ensure_future(self._pump(server_r, client_w, self._down, budget, dead, False)),
        ]
        try:
            await dead.wait()
        except asyncio.CancelledError:
            # The proxy is stopping: end quietly. A handler task that ends *cancelled* makes
            # asyncio's stream callback log a CancelledError traceback at every shutdown.
            for p in pumps:
                p.cancel()
            for w in (client_w, server_w):
                _abort(w)
            return
        for p in pumps:
            p.cancel()
        if budget[0] is not None and budget[0] <= 0:
            with self.stats.lock:
                self.stats.resets += 1
            _abort(client_w)
            _abort(server_w)
        else:
            for w in (client_w, server_w):
                with contextlib.suppress(Exception):
                    w.close()

    async def _pump(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        bucket: _TokenBucket,
        budget: list[int | None],
        dead: asyncio.Event,
        upstream: bool,
    ) -> None:
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def deliver() -> None:
            while True:
                due, chunk = await queue.get()
                wait = due - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                await bucket.send(len(chunk))
                if budget[0] is not None:
                    if len(chunk) >= budget[0]:
                        budget[0] = 0
                        dead.set()
                        return
                    budget[0] -= len(chunk)
                writer.write(chunk)
                with self.stats.lock:
                    if upstream:
                        self.stats.bytes_up += len(chunk)
                    else:
                        self.stats.bytes_down += len(chunk)
                try:
                    await writer.drain()
                except (ConnectionError, OSError):
                    dead.set()
                    return
                if not chunk:
                    return

        deliverer = asyncio.ensure_future(deliver())
        try:
            while True:
                try:
                    chunk = await reader.read(16384)
                except (ConnectionError, OSError):
                    break
                if not chunk:
                    break
                self._note_direction(budget, upstream)
                await queue.put((time.monotonic() + self.rtt / 2, chunk))
            # Let queued bytes arrive, then pass the half-close on.
            while not queue.empty() and not dead.is_set():
                await asyncio.sleep(0.005)
            await asyncio.sleep(self.rtt / 2)
            with contextlib.suppress(Exception):
                if writer.can_write_eof():
                    writer.write_eof()
        finally:
            deliverer.cancel()
        if not upstream:
            dead.set()

    def _note_direction(self, budget: list[int | None], upstream: bool) -> None:
        """Track who speaks; a client starting a new request may doom the connection."""
        last = self._last_direction.get(id(budget))
        self._last_direction[id(budget)] = upstream
        if upstream and last is not True and budget[0] is None:
            if self.rng.random() < self.reset_probability:
                budget[0] = self.rng.randint(0, self.reset_after_max)


def _abort(writer: asyncio.StreamWriter) -> None:
    """Close with RST, as a dropped mobile link looks to the other side."""
    sock = writer.get_extra_info("socket")
    with contextlib.suppress(Exception):
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(Exception):
        writer.transport.abort()
