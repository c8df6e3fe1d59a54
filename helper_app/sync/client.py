"""Typed calls of sync protocol v1 (docs/protocol.md) over one :class:`ApiSession`.

Every method sends one request (or, for uploads, one request per chunk) and returns the parsed
wire model from :mod:`helper_app.sync.protocol`; failures are the typed errors of
:mod:`helper_app.sync.errors`. No retries here: the engine and scheduler decide.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import BinaryIO, TypeVar

from pydantic import BaseModel, ValidationError

from helper_app.sync import errors
from helper_app.sync.http import ApiSession
from helper_app.sync.protocol import (
    BLOB_COMPLETE_HEADER,
    UPLOAD_LENGTH_HEADER,
    UPLOAD_OFFSET_HEADER,
    ChangePasswordRequest,
    ChangesPage,
    LoginRequest,
    LoginResponse,
    MetaResponse,
    Mutation,
    PushRequest,
    PushResponse,
    ServerDossier,
    UserPublic,
)

DEFAULT_CHUNK = 256 * 1024
"""Upload chunk size: small enough that a reset on a 2 Mbit/s link loses about a second."""


@dataclass(frozen=True)
class BlobOffset:
    """How much of one file the server holds for our ward."""

    offset: int
    complete: bool


ModelT = TypeVar("ModelT", bound=BaseModel)


def _parse(model: type[ModelT], body: object, what: str) -> ModelT:
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise errors.ProtocolError(f"{what}: unexpected answer shape") from exc


class SyncClient:
    """The protocol's operations, one method each."""

    def __init__(self, api: ApiSession) -> None:
        self.api = api

    def meta(self) -> MetaResponse:
        """The server's protocol version, capabilities and limits."""
        answer = self.api.request("GET", "/api/v1/meta", authenticated=False)
        return _parse(MetaResponse, answer.body, "meta")

    def login(self, *, username: str, password: str, device_id: str) -> LoginResponse:
        """Trade the password for a token (the password is never stored)."""
        body = LoginRequest(username=username, password=password, device_id=device_id)
        answer = self.api.request(
            "POST", "/api/v1/auth/login", json_body=body.model_dump(), authenticated=False
        )
        return _parse(LoginResponse, answer.body, "login")

    def logout(self) -> None:
        """Revoke the current token on the server."""
        self.api.request("POST", "/api/v1/auth/logout")

    def change_password(self, *, current_password: str, new_password: str) -> None:
        """Change the signed-in user's password; the server signs their other laptops out.

        Raises:
            UnauthorizedError: ``current_password`` is wrong (or the token no longer works).
            ClientRequestError: code ``auth.password_weak``: the server refused the new one.
        """
        body = ChangePasswordRequest(current_password=current_password, new_password=new_password)
        self.api.request("POST", "/api/v1/auth/password", json_body=body.model_dump())

    def me(self) -> UserPublic:
        """Who the current token belongs to."""
        return _parse(UserPublic, self.api.request("GET", "/api/v1/auth/me").body, "me")

    def push(self, *, device_id: str, mutations: Iterable[Mutation]) -> PushResponse:
        """Send a batch of mutations; one result per mutation, in order."""
        request = PushRequest(device_id=device_id, mutations=list(mutations))
        answer = self.api.request(
            "POST", "/api/v1/sync/push", json_body=request.model_dump(mode="json")
        )
        response = _parse(PushResponse, answer.body, "push")
        if len(response.results) != len(request.mutations):
            raise errors.ProtocolError("push: the answer does not have one result per mutation")
        return response

    def changes(self, *, since: int, limit: int = 200, anchor: str | None = None) -> ChangesPage:
        """One page of the ward's changes after cursor ``since``.

        Args:
            anchor: the ``next_anchor`` the page that gave ``since`` carried; the server checks
                that its feed still holds that change there.

        Raises:
            ConflictError: 409 ``feed.cursor_ahead`` / ``feed.cursor_unknown``: ``since`` belongs
                to another history of the feed (the server was reinstalled or restored); read
                again from 0.
        """
        params: dict[str, str | int] = {"since": since, "limit": limit}
        if anchor is not None and since > 0:
            params["anchor"] = anchor
        answer = self.api.request("GET", "/api/v1/sync/changes", params=params)
        return _parse(ChangesPage, answer.body, "changes")

    def dossier(self, dossier_id: str) -> ServerDossier:
        """The server's current version of one dossier."""
        answer = self.api.request("GET", f"/api/v1/dossiers/{dossier_id}")
        return _parse(ServerDossier, answer.body, "dossier")

    def blob_offset(self, sha256: str) -> BlobOffset:
        """How many bytes of ``sha256`` the server holds (0 when it has none)."""
        try:
            answer = self.api.request("HEAD", f"/api/v1/blobs/{sha256}")
        except errors.NotFoundError:
            return BlobOffset(offset=0, complete=False)
        return _offset_from(answer.headers)

    def upload_blob(
        self,
        *,
        sha256: str,
        size: int,
        open_bytes: Callable[[], BinaryIO],
        resume: bool = True,
        chunk_size: int = DEFAULT_CHUNK,
        on_bytes: Callable[[int], None] | None = None,
    ) -> BlobOffset:
        """Send the bytes the server lacks, chunk by chunk, and return its final state.

        Args:
            resume: ask the server's offset first (an earlier attempt may have sent part of
                it). A first attempt skips that round trip and starts at 0; if the server holds
                some bytes after all (another device, a lost answer), its 409 names the offset
                and the upload continues from there.
        """
        state = self.blob_offset(sha256) if resume else BlobOffset(offset=0, complete=False)
        refusals = 0
        with open_bytes() as source:
            while not state.complete:
                source.seek(state.offset)
                chunk = source.read(chunk_size) if state.offset < size else b""
                try:
                    answer = self.api.request(
                        "PATCH",
                        f"/api/v1/blobs/{sha256}",
                        data=chunk,
                        headers={
                            "Content-Type": "application/offset+octet-stream",
                            UPLOAD_OFFSET_HEADER: str(state.offset),
                            UPLOAD_LENGTH_HEADER: str(size),
                        },
                    )
                except errors.ConflictError as exc:
                    refusals += 1
                    if refusals > 5:
                        raise errors.ProtocolError(f"upload: refused {refusals} times") from exc
                    held = exc.body.get("offset")
                    if isinstance(held, int) and exc.code == "blob.offset_mismatch":
                        state = BlobOffset(offset=held, complete=False)
                    else:
                        state = self.blob_offset(sha256)
                    continue
                new_state = _offset_from(answer.headers)
                if on_bytes is not None:
                    on_bytes(max(0, new_state.offset - state.offset))
                if new_state.offset <= state.offset and not new_state.complete:
                    raise errors.ProtocolError("upload: the server did not take the chunk")
                state = new_state
        return state


def _offset_from(headers: object) -> BlobOffset:
    get = getattr(headers, "get", None)
    if get is None:
        raise errors.ProtocolError("blob: no headers")
    raw = get(UPLOAD_OFFSET_HEADER)
    if raw is None or not str(raw).isdigit():
        raise errors.ProtocolError("blob: the answer has no Upload-Offset")
    complete = str(get(BLOB_COMPLETE_HEADER, "false")).lower() == "true"
    return BlobOffset(offset=int(raw), complete=complete)


def sha256_of(stream: BinaryIO, chunk_size: int = 1 << 20) -> tuple[str, int]:
    """Hash a stream (for tests and integrity checks): hex digest and size."""
    digest = hashlib.sha256()
    size = 0
    while block := stream.read(chunk_size):
        digest.update(block)
        size += len(block)
    return digest.hexdigest(), size
