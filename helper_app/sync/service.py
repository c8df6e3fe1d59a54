"""Sign-in, sign-out, one sync pass and the queue's status: what the CLI and the UI call.

:class:`SyncService` holds no token: it reads it from the keyring for each pass, so signing out
in one place (or the token expiring) stops sync everywhere at the next pass. The account (server
address and user name, not secret) lives in the store's sync state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from helper_app.security.os_keyring import KeyringUnavailableError
from helper_app.store.attachments import AttachmentStore
from helper_app.store.db import Store
from helper_app.store.models import Conflict, Dossier, OutboxEntry
from helper_app.sync import outbox, state
from helper_app.sync.client import SyncClient
from helper_app.sync.credentials import Account, CredentialStore
from helper_app.sync.engine import PassResult, ProgressCallback, SyncEngine
from helper_app.sync.errors import UnauthorizedError
from helper_app.sync.http import ApiSession
from helper_app.sync.outbox import QUARANTINED
from helper_app.sync.policy import AdaptiveBatch, BusyRetry
from helper_app.sync.protocol import UserPublic
from helper_app.sync.server_address import check_server_address, is_allowed_server

PASS_BUSY_RETRY = BusyRetry()
"""A pass waits out short busy answers (Retry-After up to 30 s, three times a request)."""


class NotSignedInError(UnauthorizedError):
    """No account or no token on this laptop: sign in first (the queue waits)."""


@dataclass
class QueueStatus:
    """Counts a volunteer (or a script) wants to see at a glance."""

    by_status: dict[str, int]
    waiting: int
    quarantined: int
    conflicts: int
    last_success_at: dt.datetime | None
    last_pass: dict[str, Any] | None
    account: dict[str, str] | None
    quarantine: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready form for ``helper-app status --json``."""
        return {
            "by_status": self.by_status,
            "waiting": self.waiting,
            "quarantined": self.quarantined,
            "conflicts": self.conflicts,
            "last_success_at": self.last_success_at.isoformat() if self.last_success_at else None,
            "last_pass": self.last_pass,
            "account": self.account,
            "quarantine": self.quarantine,
        }


class SyncService:
    """Everything about talking to the server, for one local store.

    Args:
        store: the local store.
        files: the attachment bytes.
        credentials: where the token is kept (the OS keyring); None where only the status is
            read (it must work on a machine without a keyring).
        ca_bundle: a private CA's PEM bundle, if the server uses one.
        timeout: (connect, read) seconds for every request.
        busy_retry: how a pass waits out busy answers (None: a busy answer fails the pass).
    """

    def __init__(
        self,
        store: Store,
        files: AttachmentStore,
        credentials: CredentialStore | None,
        *,
        ca_bundle: str | None = None,
        timeout: tuple[float, float] = (5.0, 30.0),
        busy_retry: BusyRetry | None = PASS_BUSY_RETRY,
    ) -> None:
        self.store = store
        self.files = files
        self.credentials = credentials
        self.ca_bundle = ca_bundle
        self.timeout = timeout
        self.busy_retry = busy_retry
        self.batch = AdaptiveBatch()

    def _credentials(self) -> CredentialStore:
        if self.credentials is None:
            raise KeyringUnavailableError("no keyring was opened")
        return self.credentials

    def account(self) -> Account | None:
        """The account this laptop signed in with last (None before the first sign-in)."""
        with self.store.read() as session:
            value = state.get(session, state.ACCOUNT)
        if isinstance(value, dict) and "server_url" in value and "username" in value:
            return Account(server_url=value["server_url"], username=value["username"])
        return None

    def login(self, *, server_url: str, username: str, password: str) -> UserPublic:
        """Trade the password for a token, keep the token in the keyring, remember the account.

        Raises:
            UnauthorizedError: wrong user name or password.
            KeyringUnavailableError: no secure keyring to keep the token in.
            ServerAddressError: ``server_url`` is not https (nor http to this machine).
        """
        # Refused before anything is sent or stored: https, or http to this machine only.
        account = Account(server_url=check_server_address(server_url), username=username)
        with self.store.write() as session:
            device = state.device_id(session)
        api = ApiSession(account.server_url, ca_bundle=self.ca_bundle, timeout=self.timeout)
        try:
            answer = SyncClient(api).login(username=username, password=password, device_id=device)
        finally:
            api.close()
        self._credentials().save(account, answer.access_token)
        with self.store.write() as session:
            state.put(
                session,
                state.ACCOUNT,
                {
                    "server_url": account.server_url,
                    "username": username,
                    "ward_code": answer.user.ward_code,
                    "role": answer.user.role.value,
                },
            )
        return answer.user

    def logout(self) -> None:
        """Revoke the token on the server when reachable, and always forget it here."""
        account = self.account()
        if account is None:
            return
        token = self._credentials().load(account)
        if token and is_allowed_server(account.server_url):
            api = self._api(account, token)
            try:
                SyncClient(api).logout()
            except Exception:  # noqa: BLE001 - offline sign-out must still forget the token
                pass
            finally:
                api.close()
        self._credentials().delete(account)

    def change_password(self, *, current_password: str, new_password: str) -> None:
        """Change the signed-in volunteer's password on the server (this laptop stays in).

        Raises:
            NotSignedInError: nobody is signed in on this laptop.
            UnauthorizedError: the current password is wrong.
            ClientRequestError: ``auth.password_weak``, with the server's reason.
        """
        account = self.account()
        token = self._credentials().load(account) if account is not None else None
        if account is None or not token:
            raise NotSignedInError("not signed in: run `helper-app login` first")
        api = self._api(account, token)
        try:
            SyncClient(api).change_password(
                current_password=current_password, new_password=new_password
            )
        finally:
            api.close()

    def engine(self, *, server_url: str | None = None) -> SyncEngine:
        """A sync engine on the signed-in account (``server_url`` overrides the address).

        Raises:
            NotSignedInError: nobody signed in on this laptop, the token was removed, or the
                saved address is plain http to another machine (signing in again asks https).
            ServerAddressError: ``server_url`` is not https (nor http to this machine).
        """
        account = self.account()
        if account is None:
            raise NotSignedInError("not signed in: run `helper-app login` first")
        token = self._credentials().load(account)
        if not token:
            raise NotSignedInError("signed out: sign in again to send the queue")
        if server_url:
            account = Account(
                server_url=check_server_address(server_url), username=account.username
            )
        if not is_allowed_server(account.server_url):
            # Saved by a version that still allowed http to other machines: nothing is sent.
            raise NotSignedInError("the saved server address is plain http: sign in with https")
        return SyncEngine(
            self.store, SyncClient(self._api(account, token)), self.files, batch=self.batch
        )

    def run_pass(
        self, *, server_url: str | None = None, on_progress: ProgressCallback | None = None
    ) -> PassResult:
        """One sync pass on a fresh engine (see :meth:`SyncEngine.run_pass`)."""
        engine = self.engine(server_url=server_url)
        try:
            return engine.run_pass(on_progress)
        finally:
            engine.client.api.close()

    def status(self) -> QueueStatus:
        """Queue counts, quarantine with the server's reasons, conflicts, last success."""
        with self.store.read() as session:
            counts = session.exec(
                select(Dossier.status, func.count()).group_by(col(Dossier.status))
            ).all()
            waiting = outbox.waiting(session)
            quarantined_rows = session.exec(
                select(OutboxEntry).where(OutboxEntry.state == QUARANTINED)
            ).all()
            conflicts = session.exec(
                select(func.count(func.distinct(Conflict.dossier_id))).where(
                    col(Conflict.resolved_at).is_(None)
                )
            ).one()
            last_success = state.last_success(session)
            last_pass = state.get(session, state.LAST_PASS)
            account = state.get(session, state.ACCOUNT)
        return QueueStatus(
            by_status={str(status): int(n) for status, n in counts},
            waiting=int(waiting),
            quarantined=len(quarantined_rows),
            conflicts=int(conflicts),
            last_success_at=last_success,
            last_pass=last_pass if isinstance(last_pass, dict) else None,
            account=account if isinstance(account, dict) else None,
            quarantine=[
                {"dossier_id": q.dossier_id, "op_id": q.op_id, "errors": q.last_error}
                for q in quarantined_rows
            ],
        )

    def _api(self, account: Account, token: str) -> ApiSession:
        return ApiSession(
            account.server_url,
            token_provider=lambda: token,
            ca_bundle=self.ca_bundle,
            timeout=self.timeout,
            busy_retry=self.busy_retry,
        )
