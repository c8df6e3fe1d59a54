"""ASGI middleware: overload shedding, protocol version, gzip request bodies, last-resort errors.

Pure ASGI classes (no ``BaseHTTPMiddleware``) so a streamed blob upload is never buffered.
Order, outermost first: :class:`helper_server.slowclients.BodyRate` (a body is read, or refused
408 when too slow, before the request counts), :class:`InFlightLimit` (503 + Retry-After past
the cap, before any work), :class:`CatchAll` (no stack trace leaves), :class:`ProtocolVersion`
(refuse other major versions, announce ours), :class:`RequestBody` (size cap, gzip decoding for
JSON bodies).
"""

from __future__ import annotations

import logging
import random
import threading
import zlib
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from helper_app.sync.protocol import (
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    RETRY_AFTER_HEADER,
    ErrorBody,
)
from helper_server.errors import error_response

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


async def _send_error(
    scope: Scope, receive: Receive, send: Send, status: int, body: ErrorBody, **headers: str
) -> None:
    response = error_response(status, body, headers or None)
    await response(scope, receive, send)


class InFlightLimit:
    """Answer 503 with ``Retry-After`` when ``cap`` requests are already being handled.

    Shedding at the door keeps latency flat for the requests already admitted, instead of
    letting a queue grow until every client times out.
    """

    def __init__(self, app: ASGIApp, *, cap: int, retry_after: int = 1) -> None:
        self.app = app
        self.cap = cap
        self.retry_after = retry_after
        self._in_flight = 0
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with self._lock:
            admitted = self._in_flight < self.cap
            if admitted:
                self._in_flight += 1
        if not admitted:
            body = ErrorBody(
                code="overloaded",
                message="The server is busy; retry after the delay in Retry-After.",
                message_vi="Máy chủ đang quá tải; vui lòng thử lại sau thời gian Retry-After.",
            )
            await _send_error(
                scope, receive, send, 503, body, **{RETRY_AFTER_HEADER: str(self.retry_after)}
            )
            return
        try:
            await self.app(scope, receive, send)
        finally:
            with self._lock:
                self._in_flight -= 1


class InjectBusy:
    """Fault injection for tests: answer a share of API requests 503/429 with ``Retry-After``.

    Only sync and blob endpoints are affected (sign-in and health stay reliable so a test can
    set itself up). The answer comes before any work, exactly like the overload cap's, so a
    client that retries loses nothing. Off (share 0) unless ``serve --fault-busy-share`` is given.
    """

    def __init__(self, app: ASGIApp, *, share: float, seed: int | None = None) -> None:
        self.app = app
        self.share = share
        self._rng = random.Random(seed)
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path.startswith(("/api/v1/sync/", "/api/v1/blobs/")):
            with self._lock:
                hit = self._rng.random() < self.share
                status = 503 if self._rng.random() < 0.5 else 429
            if hit:
                body = ErrorBody(
                    code="overloaded" if status == 503 else "rate_limited",
                    message="Injected fault: retry after the delay in Retry-After.",
                    message_vi="Lỗi giả lập: vui lòng thử lại sau thời gian Retry-After.",
                )
                await _send_error(scope, receive, send, status, body, **{RETRY_AFTER_HEADER: "0"})
                return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """``X-Content-Type-Options: nosniff`` on every answer, ``Cache-Control: no-store`` on every
    answer but the console's static files (issue 12 item 8).

    API answers carry residents' data; without ``no-store`` a proxy or the browser's disk cache
    may keep them. A handler that set its own ``Cache-Control`` keeps it.
    """

    def __init__(self, app: ASGIApp, *, cacheable_prefix: str = "/console/static/") -> None:
        self.app = app
        self.cacheable_prefix = cacheable_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cacheable = str(scope.get("path", "")).startswith(self.cacheable_prefix)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                if b"x-content-type-options" not in names:
                    headers.append((b"x-content-type-options", b"nosniff"))
                if not cacheable and b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


class CatchAll:
    """Turn any exception that escaped the handlers into a JSON 500 (logged by type only)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            log.error("unhandled %s on %s", type(exc).__name__, scope.get("path"))
            if not started:
                body = ErrorBody(
                    code="internal",
                    message="The server failed to handle this request.",
                    message_vi="Máy chủ gặp lỗi khi xử lý yêu cầu.",
                )
                await _send_error(scope, receive, send, 500, body)


class ProtocolVersion:
    """Refuse a client speaking another major protocol version; tag every answer with ours."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._ours = str(PROTOCOL_VERSION).encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        asked = _header(scope, PROTOCOL_HEADER.lower().encode())
        if asked is not None and asked.strip().split(".")[0] != str(PROTOCOL_VERSION):
            body = ErrorBody(
                code="protocol.unsupported",
                message=(
                    f"This server speaks protocol {PROTOCOL_VERSION}; the client sent "
                    f"{asked[:20]!r}. Update the application."
                ),
                message_vi=(
                    f"Máy chủ dùng giao thức phiên bản {PROTOCOL_VERSION}; ứng dụng gửi "
                    f"{asked[:20]!r}. Vui lòng cập nhật ứng dụng."
                ),
            )
            await _send_error(scope, receive, send, 400, body, **{PROTOCOL_HEADER: "1"})
            return

        async def tagging_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((PROTOCOL_HEADER.lower().encode(), self._ours))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, tagging_send)


class RequestBody:
    """Cap JSON request bodies at ``max_size`` and decode ``Content-Encoding: gzip``.

    Blob uploads (``PATCH /api/v1/blobs/...``) are streamed untouched: they have their own
    limits. A gzip body is inflated incrementally and refused (413) the moment the inflated size
    passes the cap, so a small "zip bomb" cannot exhaust memory.
    """

    def __init__(self, app: ASGIApp, *, max_size: int, stream_prefix: str) -> None:
        self.app = app
        self.max_size = max_size
        self.stream_prefix = stream_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope.get("method") in ("GET", "HEAD", "OPTIONS", "DELETE")
            or scope.get("path", "").startswith(self.stream_prefix)
        ):
            await self.app(scope, receive, send)
            return
        encoding = (_header(scope, b"content-encoding") or "identity").strip().lower()
        length = _header(scope, b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_size:
            await _send_error(scope, receive, send, 413, _too_large(self.max_size))
            return
        if encoding == "identity" and length is not None:
            await self.app(scope, receive, send)
            return
        if encoding not in ("gzip", "identity"):
            body = ErrorBody(
                code="unsupported_encoding",
                message=f"Content-Encoding {encoding[:20]!r} is not supported; use gzip.",
                message_vi=f"Không hỗ trợ Content-Encoding {encoding[:20]!r}; hãy dùng gzip.",
            )
            await _send_error(scope, receive, send, 415, body)
            return
        await self._buffer(scope, receive, send, gzip=encoding == "gzip")

    async def _buffer(self, scope: Scope, receive: Receive, send: Send, *, gzip: bool) -> None:
        """Read the whole body (inflating gzip) under the cap, then hand it on."""
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzip else None
        parts: list[bytes] = []
        total = 0
        raw = 0
        try:
            more = True
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                raw += len(chunk)
                more = bool(message.get("more_body", False))
                out = (
                    chunk
                    if inflater is None
                    else inflater.decompress(chunk, self.max_size + 1 - total)
                )
                total += len(out)
                parts.append(out)
                tail = inflater is not None and bool(inflater.unconsumed_tail)
                if total > self.max_size or raw > self.max_size or tail:
                    await _send_error(scope, receive, send, 413, _too_large(self.max_size))
                    return
            if inflater is not None and not inflater.eof:
                raise zlib.error("truncated gzip stream")
        except zlib.error:
            body = ErrorBody(
                code="invalid_gzip",
                message="The gzip-encoded body could not be decoded.",
                message_vi="Không giải nén được dữ liệu gzip gửi lên.",
            )
            await _send_error(scope, receive, send, 400, body)
            return
        data = b"".join(parts)
        headers = [
            (k, v)
            for k, v in scope.get("headers", ())
            if k.lower() not in (b"content-encoding", b"content-length")
        ]
        headers.append((b"content-length", str(len(data)).encode()))
        new_scope = dict(scope)
        new_scope["headers"] = headers
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": data, "more_body": False}

        await self.app(new_scope, replay, send)


def _too_large(limit: int) -> ErrorBody:
    return ErrorBody(
        code="too_large",
        message=f"The request body is larger than {limit} bytes; send smaller batches.",
        message_vi=f"Dữ liệu gửi lên lớn hơn {limit} byte; hãy gửi các lô nhỏ hơn.",
    )
