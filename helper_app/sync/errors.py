"""Typed failures of talking to the intake server.

The sync engine decides what to do from the type alone: wait and retry (offline, timeout,
rate-limited, server busy or broken), stop and ask the volunteer to sign in (unauthorised), or
stop and report (protocol: we reached something that is not our server, or it spoke a version we
do not understand). None of these messages carries personal data or a token.
"""

from __future__ import annotations

from typing import Protocol


class PassProgress(Protocol):
    """What a failed pass had done (the engine's ``PassResult``; named structurally so that
    this module, which the server's side reaches through the catalog, imports no engine)."""

    @property
    def made_progress(self) -> bool:
        """True when the pass moved work the server holds before it failed."""
        ...


class SyncError(Exception):
    """Base of every failure of a request to the server.

    Attributes:
        partial: set by :meth:`~helper_app.sync.engine.SyncEngine.run_pass` when this error
            ended a pass: what the pass had done by then (its ``remaining`` is not counted). A
            pass cut by a lossy link after moving work is not an outage, and the scheduler
            starts its backoff over instead of growing it.
    """

    retryable: bool = True
    partial: PassProgress | None = None


class OfflineError(SyncError):
    """No connection could be made (no network, DNS failure, connection refused or reset)."""


class RequestTimeoutError(SyncError):
    """The server did not answer in time (connect or read timeout)."""


class UnauthorizedError(SyncError):
    """The token is missing, expired or revoked: the volunteer must sign in again.

    The queue waits; nothing is lost.
    """

    retryable = False


class SignedOutByWardError(UnauthorizedError):
    """401 ``auth.signed_out_by_ward``: an admin revoked this laptop's token, disabled the
    account or reset its password (or the volunteer changed it on another laptop).

    Signing in again with the same saved details would not help: the volunteer must see the
    ward's staff. The queue stays on disk, encrypted as always; nothing is deleted.
    """

    message_vi = "Phường/xã đã đăng xuất máy này. Hãy liên hệ cán bộ để đăng nhập lại."
    message_en = "The ward signed this laptop out. Contact the ward's staff to sign in again."


class ForbiddenError(SyncError):
    """The account may not do this (for example a volunteer calling an officer endpoint)."""

    retryable = False


class NotFoundError(SyncError):
    """The server does not know this object (or it belongs to another ward)."""

    retryable = False


class RateLimitedError(SyncError):
    """429 or 503: the server asks us to wait ``retry_after`` seconds (None when it did not say)."""

    def __init__(self, message: str, *, status: int, retry_after: float | None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class ServerError(SyncError):
    """The server failed (5xx other than 503)."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


class ClientRequestError(SyncError):
    """The server refused the request as malformed (4xx we do not map more precisely)."""

    retryable = False

    def __init__(
        self, message: str, *, status: int, code: str | None, body: dict[str, object] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.body = body or {}

    @property
    def server_message_vi(self) -> str | None:
        """The server's Vietnamese explanation (``message_vi``), shown to the volunteer as is."""
        value = self.body.get("message_vi")
        return value if isinstance(value, str) and value else None

    @property
    def server_message_en(self) -> str | None:
        """The server's English explanation (``message``)."""
        value = self.body.get("message")
        return value if isinstance(value, str) and value else None


class ConflictError(ClientRequestError):
    """409: the request does not fit the server's state (e.g. a wrong upload offset)."""


class ProtocolError(SyncError):
    """The answer is not from a Helper server we understand.

    A captive portal's login page or a proxy's error page can answer ``200 OK``; treating that as
    success would mark work as sent that never reached the server.
    """

    retryable = True
