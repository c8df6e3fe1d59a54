"""Slow clients cannot take the server offline: body minimum rate, header deadline.

Two guards, both cheap and both without accounts (a slow client need not sign in):

* :class:`BodyRate` (ASGI, outermost): every request body must keep up a minimum rate,
  checked window by window: within each ``window`` seconds at least ``min_rate * window``
  bytes arrive, or the body ends. A small body (sign-in, a push batch) therefore has to be
  complete within one window; a big blob upload on a slow but honest link (a few KB/s) keeps
  going for as long as it needs. JSON bodies are read whole *before* the in-flight cap counts
  the request, so a slow body never holds one of the cap's slots; streamed blob uploads are
  checked while they stream (they are authenticated first, so only an account can hold a
  slot, and only for as long as it keeps the rate). A body that misses its window is answered
  ``408 {"code": "request_timeout"}`` with ``Connection: close`` and the socket is closed.
* :class:`GuardedH11Protocol` (uvicorn's h11 protocol, plus one timer): a connection must send
  a complete request head within ``header_timeout`` seconds of connecting or of starting the
  next request, or it is closed. uvicorn itself only times out idle keep-alive connections
  *after* a response; a connection that trickles header bytes would otherwise live forever.
"""

from __future__ import annotations

import asyncio
import functools
import time
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from helper_app.sync.protocol import ErrorBody
from helper_server.config import ServerSettings
from helper_server.middleware import (
    ASGIApp,
    Message,
    Receive,
    Scope,
    Send,
    _send_error,
    _too_large,
)


class BodyTooSlowError(Exception):
    """The body did not keep the minimum rate (internal to :class:`BodyRate`)."""


def _timeout_body(window: float, min_rate: int) -> ErrorBody:
    return ErrorBody(
        code="request_timeout",
        message=(
            f"The request body arrived too slowly: at least {min_rate} bytes/s over each "
            f"{window:g} s window is required, or the whole body within {window:g} s."
        ),
        message_vi=(
            f"Dữ liệu gửi lên đến quá chậm: cần ít nhất {min_rate} byte/giây trong mỗi "
            f"{window:g} giây, hoặc gửi xong trong {window:g} giây."
        ),
    )


def _has_body(scope: Scope) -> bool:
    for key, value in scope.get("headers", ()):
        name = bytes(key).lower()
        if name == b"transfer-encoding":
            return True
        if name == b"content-length":
            return bytes(value).strip() not in (b"", b"0")
    return False


def _declared_length(scope: Scope) -> int:
    for key, value in scope.get("headers", ()):
        if bytes(key).lower() == b"content-length":
            text = bytes(value).strip()
            return int(text) if text.isdigit() else 0
    return 0


class _RateMeter:
    """``receive`` under the window rule; raises :class:`BodyTooSlowError` when missed."""

    def __init__(self, receive: Receive, *, window: float, min_rate: int) -> None:
        self._receive = receive
        self._window = window
        self._need = max(1, int(min_rate * window))
        self._window_end = time.monotonic() + window
        self._in_window = 0
        self.done = False

    async def __call__(self) -> Message:
        if self.done:
            return await self._receive()
        remaining = self._window_end - time.monotonic()
        if remaining <= 0:
            raise BodyTooSlowError
        try:
            async with asyncio.timeout(remaining):
                message = await self._receive()
        except TimeoutError:
            raise BodyTooSlowError from None
        if message["type"] != "http.request":
            self.done = True
            return message
        self._in_window += len(message.get("body", b""))
        if not message.get("more_body", False):
            self.done = True
        elif self._in_window >= self._need:
            # the window kept the rate: a new window starts now
            self._window_end = time.monotonic() + self._window
            self._in_window = 0
        return message


class BodyRate:
    """Enforce the body minimum rate; read JSON bodies whole before the inner app sees them.

    Must be the outermost middleware so that the in-flight cap (inside) only counts requests
    whose body is already here. ``stream_prefix`` bodies (blob uploads) are not buffered: the
    rate is checked as the handler streams them, and a miss ends the body for the handler (as
    a disconnect: the bytes received so far are kept, the client resumes) and answers 408.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        window: float,
        min_rate: int,
        max_size: int,
        stream_prefix: str,
    ) -> None:
        self.app = app
        self.window = window
        self.min_rate = min_rate
        self.max_size = max_size
        self.stream_prefix = stream_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _has_body(scope):
            await self.app(scope, receive, send)
            return
        meter = _RateMeter(receive, window=self.window, min_rate=self.min_rate)
        if _declared_length(scope) > self.max_size and not self._streamed_path(scope):
            # RequestBody answers 413 from the header alone: no need to read a byte
            await self.app(scope, receive, send)
            return
        if self._streamed_path(scope):
            await self._streamed(scope, meter, send)
        else:
            await self._buffered(scope, meter, send)

    def _streamed_path(self, scope: Scope) -> bool:
        return str(scope.get("path", "")).startswith(self.stream_prefix)

    async def _too_slow(self, scope: Scope, receive: Receive, send: Send) -> None:
        await _send_error(
            scope,
            receive,
            send,
            408,
            _timeout_body(self.window, self.min_rate),
            Connection="close",
        )

    async def _buffered(self, scope: Scope, meter: _RateMeter, send: Send) -> None:
        parts: list[bytes] = []
        total = 0
        try:
            while True:
                message = await meter()
                if message["type"] != "http.request":
                    return  # the client went away: nothing to answer
                chunk = bytes(message.get("body", b""))
                total += len(chunk)
                if total > self.max_size:
                    # the raw body alone is past the cap: RequestBody's answer, without
                    # buffering the rest (RequestBody still checks the inflated size)
                    await _send_error(scope, meter, send, 413, _too_large(self.max_size))
                    return
                parts.append(chunk)
                if not message.get("more_body", False):
                    break
        except BodyTooSlowError:
            await self._too_slow(scope, meter, send)
            return
        data = b"".join(parts)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await meter()
            sent = True
            return {"type": "http.request", "body": data, "more_body": False}

        await self.app(scope, replay, send)

    async def _streamed(self, scope: Scope, meter: _RateMeter, send: Send) -> None:
        too_slow = False
        started = False

        async def guarded_receive() -> Message:
            nonlocal too_slow
            if too_slow:
                return {"type": "http.disconnect"}
            try:
                return await meter()
            except BodyTooSlowError:
                too_slow = True
                return {"type": "http.disconnect"}

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if too_slow and not started:
                return  # the handler's answer to the "disconnect"; ours (408) follows
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, guarded_receive, guarded_send)
        if too_slow and not started:
            await self._too_slow(scope, guarded_receive, send)


@functools.cache
def _header_timeout() -> float:
    """The worker's setting, parsed once (a protocol object is made per connection)."""
    return ServerSettings.from_env().header_timeout


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline on the request head.

    The timer runs from the connection (or from the first byte of a following request on a
    kept-alive connection) until the request head is parsed; when it fires the socket is
    closed. The deadline comes from :class:`ServerSettings` (``header_timeout``), which the
    CLI put in the environment of every worker.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout = _header_timeout()
        self._header_timer: asyncio.TimerHandle | None = None

    def _awaiting_head(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def _arm_header_timer(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(self.header_timeout, self._header_expired)

    def _disarm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _header_expired(self) -> None:
        self._header_timer = None
        if self._awaiting_head() and not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_timer()

    def data_received(self, data: bytes) -> None:
        if self._awaiting_head():
            self._arm_header_timer()
        super().data_received(data)
        if not self._awaiting_head():
            self._disarm_header_timer()

    def on_response_complete(self) -> None:
        # idle between requests is the keep-alive timer's business until new bytes arrive
        self._disarm_header_timer()
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_timer()
        super().connection_lost(exc)
