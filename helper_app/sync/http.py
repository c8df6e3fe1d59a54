"""The one HTTP client the sync engine uses: :class:`ApiSession`.

It owns what every request to the intake server has in common: the base URL, explicit connect and
read timeouts, the protocol-version header, the bearer token, gzip for large JSON bodies, TLS
verification (a custom CA bundle may be configured; verification is never switched off), byte
counts for progress, and the mapping of every failure to one typed :mod:`helper_app.sync.errors`
exception.

It retries one thing only, and only when the caller hands it a
:class:`~helper_app.sync.policy.BusyRetry`: a 429/503 whose ``Retry-After`` says when to come
back (a few times, short waits). The server answers those before doing any work, so the same
request may be sent again; failing the pass instead made the scheduler count a failure and grow
its backoff although the server had asked for a one-second pause. Every other failure is raised
at once: the scheduler's backoff is the retry policy for those, so there is no hidden second
layer multiplying requests to a congested or unreachable server.
"""

from __future__ import annotations

import gzip
import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import requests

from helper_app import __version__
from helper_app.sync import errors
from helper_app.sync.policy import BusyRetry
from helper_app.sync.protocol import AUTH_SIGNED_OUT_BY_WARD, PROTOCOL_HEADER, PROTOCOL_VERSION
from helper_app.sync.server_address import check_server_address

log = logging.getLogger(__name__)

GZIP_MIN_BYTES = 1024
DEFAULT_TIMEOUT = (5.0, 30.0)
"""Connect and read timeouts in seconds: a congested portal answers slowly, a dead link fast."""


@dataclass
class ApiResponse:
    """A successful answer: status, headers and the decoded JSON body (None when empty)."""

    status: int
    headers: Mapping[str, str]
    body: Any


@dataclass
class TrafficCounter:
    """Bytes that crossed the wire (bodies and an estimate of headers), for progress and benches."""

    sent: int = 0
    received: int = 0
    requests: int = 0
    by_status: dict[int, int] = field(default_factory=dict)
    busy_retries: int = 0
    """Requests sent again after a busy answer (see :class:`~helper_app.sync.policy.BusyRetry`)."""


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    reference = time.time() if now is None else now
    return max(0.0, when.timestamp() - reference)


class ApiSession:
    """Requests to one Helper server, all through one ``requests.Session``.

    Args:
        base_url: the server's address, e.g. ``https://helper.example.vn``.
        token_provider: returns the current access token or None (read from the keyring by the
            caller; the session never stores it anywhere else).
        timeout: (connect, read) seconds.
        ca_bundle: path of a PEM bundle for a private CA; None uses the system store.
        session: an existing ``requests.Session`` (tests may pass one with adapters mounted).
        busy_retry: wait out busy answers that say when to come back (None: raise them at
            once). Sync passes use it; sign-in does not (a volunteer at the dialog is told).
        sleep: how a wait is spent (tests pass a recorder).
    """

    def __init__(
        self,
        base_url: str,
        *,
        token_provider: Callable[[], str | None] | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        ca_bundle: str | Path | None = None,
        session: requests.Session | None = None,
        busy_retry: BusyRetry | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = check_server_address(base_url)  # https, or http to loopback only
        self._token_provider = token_provider
        self.timeout = timeout
        self._session = session or requests.Session()
        self._session.headers["User-Agent"] = f"helper_app/{__version__}"
        self._session.headers[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)
        if ca_bundle is not None:
            bundle = Path(ca_bundle)
            if not bundle.is_file():
                raise ValueError(f"CA bundle not found: {bundle}")
            self._session.verify = str(bundle)
        else:
            self._session.verify = True
        self.traffic = TrafficCounter()
        self.busy_retry = busy_retry
        self._sleep = sleep

    def close(self) -> None:
        """Release pooled connections."""
        self._session.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        data: bytes | None = None,
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
        authenticated: bool = True,
    ) -> ApiResponse:
        """Send one request; return the answer or raise a typed :class:`~errors.SyncError`.

        A busy answer is waited out and the request sent again while :attr:`busy_retry` allows.
        """
        retried, waited = 0, 0.0
        while True:
            try:
                return self._send(
                    method,
                    path,
                    json_body=json_body,
                    data=data,
                    params=params,
                    headers=headers,
                    authenticated=authenticated,
                )
            except errors.RateLimitedError as exc:
                policy = self.busy_retry
                wait = (
                    None
                    if policy is None
                    else policy.wait_for(exc.retry_after, retried=retried, waited=waited)
                )
                if wait is None:
                    raise
                retried += 1
                waited += wait
                self.traffic.busy_retries += 1
                log.info("%s %s: server busy (%s); again in %.1f s", method, path, exc.status, wait)
                self._sleep(wait)

    def _send(
        self,
        method: str,
        path: str,
        *,
        json_body: Any,
        data: bytes | None,
        params: Mapping[str, str | int] | None,
        headers: Mapping[str, str] | None,
        authenticated: bool,
    ) -> ApiResponse:
        """One request on the wire, its answer interpreted (no retry)."""
        send_headers: dict[str, str] = dict(headers or {})
        body = data
        if json_body is not None:
            body = json.dumps(json_body, ensure_ascii=False, separators=(",", ":")).encode()
            send_headers["Content-Type"] = "application/json"
            if len(body) >= GZIP_MIN_BYTES:
                body = gzip.compress(body, compresslevel=6)
                send_headers["Content-Encoding"] = "gzip"
        if authenticated and self._token_provider is not None:
            token = self._token_provider()
            if token:
                send_headers["Authorization"] = f"Bearer {token}"
        url = f"{self.base_url}{path}"
        try:
            response = self._session.request(
                method, url, data=body, params=params, headers=send_headers, timeout=self.timeout
            )
        except requests.Timeout as exc:
            raise errors.RequestTimeoutError(f"{method} {path}: no answer in time") from exc
        except requests.ConnectionError as exc:
            raise errors.OfflineError(f"{method} {path}: cannot reach the server") from exc
        except requests.RequestException as exc:
            raise errors.OfflineError(f"{method} {path}: {type(exc).__name__}") from exc
        self._count(method, path, send_headers, body, response)
        return self._interpret(method, path, response)

    def _count(
        self,
        method: str,
        path: str,
        headers: Mapping[str, str],
        body: bytes | None,
        response: requests.Response,
    ) -> None:
        request_line = len(method) + len(path) + 12
        header_bytes = sum(len(k) + len(v) + 4 for k, v in headers.items()) + 120
        self.traffic.sent += request_line + header_bytes + (len(body) if body else 0)
        response_headers = sum(len(k) + len(v) + 4 for k, v in response.headers.items()) + 17
        self.traffic.received += response_headers + len(response.content)
        self.traffic.requests += 1
        self.traffic.by_status[response.status_code] = (
            self.traffic.by_status.get(response.status_code, 0) + 1
        )

    def _interpret(self, method: str, path: str, response: requests.Response) -> ApiResponse:
        status = response.status_code
        where = f"{method} {path}"
        if status in (429, 503):
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            raise errors.RateLimitedError(
                f"{where}: server busy ({status})", status=status, retry_after=retry_after
            )
        if PROTOCOL_HEADER not in response.headers:
            # A captive portal or proxy answered, not our server: never success.
            raise errors.ProtocolError(f"{where}: the answer did not come from a Helper server")
        body = self._decode(where, response)
        if status < 300:
            return ApiResponse(status=status, headers=response.headers, body=body)
        code, message = _error_fields(body)
        text = f"{where}: {status} {code or ''} {message or ''}".strip()
        log.info("request failed: %s %s -> %s %s", method, path, status, code)
        if status == 401:
            if code == AUTH_SIGNED_OUT_BY_WARD:
                raise errors.SignedOutByWardError(text)
            raise errors.UnauthorizedError(text)
        if status == 403:
            raise errors.ForbiddenError(text)
        if status == 404:
            raise errors.NotFoundError(text)
        if status == 408:
            # the link was too slow for the server's body minimum rate: as retryable as a read
            # timeout, and the push engine answers both by sending smaller batches
            raise errors.RequestTimeoutError(text)
        if status == 409:
            raise errors.ConflictError(
                text, status=status, code=code, body=body if isinstance(body, dict) else None
            )
        if status >= 500:
            raise errors.ServerError(text, status=status)
        raise errors.ClientRequestError(
            text, status=status, code=code, body=body if isinstance(body, dict) else None
        )

    @staticmethod
    def _decode(where: str, response: requests.Response) -> Any:
        if not response.content:
            return None
        content_type = response.headers.get("Content-Type", "")
        if "json" not in content_type:
            if response.status_code < 300:
                raise errors.ProtocolError(f"{where}: expected JSON, got {content_type or 'none'}")
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise errors.ProtocolError(f"{where}: the answer is not valid JSON") from exc


def _error_fields(body: Any) -> tuple[str | None, str | None]:
    if isinstance(body, dict):
        code = body.get("code")
        message = body.get("message")
        return (
            code if isinstance(code, str) else None,
            message if isinstance(message, str) else None,
        )
    return None, None
